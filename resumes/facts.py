"""Facts a resume states: date ranges and years of experience, positions held, education, contact fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from resumes.sections import EDUCATION, EXPERIENCE, HEADER, PROJECTS, Line

_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?" \
         r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_NOW_WORDS = r"present|current|currently|now|today|ongoing|date"


def _point(p: str) -> str:
    return rf"(?:(?P<{p}m>{_MONTH})\s{{1,3}}|(?P<{p}n>0?[1-9]|1[0-2])[/.-])?(?P<{p}y>(?:19|20)\d{{2}})"


DATE_RANGE = re.compile(
    _point("s") + r"\s{0,3}(?:-|–|—|to|until|till)\s{0,3}(?:(?P<now>" + _NOW_WORDS + r")\b|" + _point("e") + r")",
    re.IGNORECASE,
)
_CLAIMED_YEARS = re.compile(r"(?<!\d)(\d{1,2})(?:\.\d)?\s{0,3}\+?\s{0,3}(?:years|yrs)\.?\s{1,3}(?:of\s{1,3})?"
                            r"(?:(?:professional|industry|hands-on|commercial|software|relevant)\s{1,3})?"
                            r"(?:experience|exp\b)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

TITLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|architect|manager|lead|director|analyst|scientist|consultant|designer|"
    r"administrator|intern|cto|cio|vp|head of|specialist|tester|sre|devops|founder|officer|researcher|technician|"
    r"coordinator|principal|owner)\b", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s{1,8}(?:at|@)\s{1,8}|\s{0,8}[|,·•]\s{0,8}|\s{1,8}[-–—]\s{1,8}")
DEGREE_WORDS = re.compile(
    r"\b(bachelor(?:'s)?|master(?:'s)?|b\.?\s?sc\.?|m\.?\s?sc\.?|bsc|msc|b\.?s\.?|m\.?s\.?|b\.?a\.?|m\.?a\.?|"
    r"b\.?eng\.?|m\.?eng\.?|b\.?tech|m\.?tech|ph\.?\s?d\.?|doctorate|mba|diploma|associate(?:'s)? degree|"
    r"a\.?s\.?|high school|bootcamp)(?=\W|$)", re.IGNORECASE)
INSTITUTION_WORDS = re.compile(r"\b(university|college|institute|school|academy|polytechnic|universit[äa]t|"
                               r"ecole|école)\b", re.IGNORECASE)

# Every pattern here runs on uploaded text, so each is linear: repetitions are bounded (e-mail parts by RFC 5321
# lengths) and the e-mail may only start where the previous character cannot belong to it, so a 150,000-letter word
# costs one bounded attempt instead of 150,000 attempts of 150,000 steps. `resumes/tests/test_redos.py` guards this.
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}"
                   r"\.[A-Za-z]{2,24}")
PHONE = re.compile(r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){2,4}(?![\w/])")
LINKEDIN = re.compile(r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub)/[A-Za-z0-9_%-]{1,100}/?",
                      re.IGNORECASE)
GITHUB = re.compile(r"(?:https?://)?(?:www\.)?github\.com/[A-Za-z0-9_-]{1,39}/?", re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    start: tuple[int, int]  # (year, month)
    end: tuple[int, int]
    current: bool

    @property
    def months(self) -> int:
        return max(0, (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1])


def _month(match: re.Match, prefix: str) -> int | None:
    name, number = match.group(f"{prefix}m"), match.group(f"{prefix}n")
    if name:
        return _MONTHS[name.lower()[:3]]
    return int(number) if number else None


def find_date_range(text: str, *, today: date | None = None) -> tuple[DateRange, re.Match] | None:
    match = DATE_RANGE.search(text)
    if not match:
        return None
    today = today or date.today()
    start_year = int(match.group("sy"))
    start_month = _month(match, "s") or 1
    if match.group("now"):
        end, current = (today.year, today.month), True
    else:
        end_year = int(match.group("ey"))
        end_month = _month(match, "e") or (start_month if _month(match, "s") is None else 12)
        end, current = (end_year, end_month), False
        if (end_year, end_month) > (today.year, today.month):
            end = (today.year, today.month)
    if end < (start_year, start_month) or start_year < 1950:
        return None
    return DateRange(start=(start_year, start_month), end=end, current=current), match


def total_months(ranges: list[DateRange]) -> int:
    """Months covered by the union of the ranges (overlapping jobs count once)."""
    spans = sorted((r.start[0] * 12 + r.start[1], r.end[0] * 12 + r.end[1]) for r in ranges)
    total, current_start, current_end = 0, None, None
    for start, end in spans:
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


def _title_and_company(candidates: list[str]) -> tuple[str, str]:
    for position, candidate in enumerate(candidates):
        parts = [p.strip(" -–—:|,()") for p in _TITLE_SPLIT.split(candidate) if p and p.strip(" -–—:|,()")]
        for index, part in enumerate(parts):
            if TITLE_WORDS.search(part) and len(part) <= 80:
                others = [p for i, p in enumerate(parts) if i != index and not _YEAR.search(p)]
                company = others[0] if others else ""
                if not company:
                    for other in candidates[:position] + candidates[position + 1:]:
                        if other and not TITLE_WORDS.search(other) and len(other) <= 60:
                            company = other.strip(" -–—:|,")
                            break
                return part, company
    return "", ""


@dataclass
class Position:
    title: str
    company: str
    range: DateRange
    first_line: int
    last_line: int
    title_above: bool = False  # the title sits on the line above the dates

    def as_dict(self) -> dict:
        return {"title": self.title, "company": self.company,
                "start": f"{self.range.start[0]:04d}-{self.range.start[1]:02d}",
                "end": None if self.range.current else f"{self.range.end[0]:04d}-{self.range.end[1]:02d}",
                "current": self.range.current, "months": self.range.months}


def find_positions(lines: list[Line], *, today: date | None = None) -> list[Position]:
    """Jobs: a date range in the experience section (or, with no such section, outside education and projects)."""
    has_experience = any(line.section == EXPERIENCE for line in lines)
    positions: list[Position] = []
    texts = [line.text for line in lines]
    for i, line in enumerate(lines):
        eligible = line.section == EXPERIENCE if has_experience else line.section not in {EDUCATION, PROJECTS}
        if not eligible:
            continue
        found = find_date_range(line.text, today=today)
        if not found:
            continue
        date_range, match = found
        rest = (line.text[:match.start()] + " " + line.text[match.end():]).strip(" -–—:|,()")
        previous = texts[i - 1].strip() if i > 0 and not find_date_range(texts[i - 1], today=today) else ""
        following = texts[i + 1].strip() if i + 1 < len(texts) and not find_date_range(texts[i + 1]) else ""
        if previous and lines[i - 1].section != line.section:
            previous = ""
        title, company = _title_and_company([c for c in (rest, previous, following) if c])
        above = bool(previous) and not TITLE_WORDS.search(rest) and bool(TITLE_WORDS.search(previous))
        positions.append(Position(title=title, company=company, range=date_range, first_line=i, last_line=i,
                                  title_above=above))
    # A job's lines run from its date line to the line before the next job (or the end of its section).
    for index, position in enumerate(positions):
        if index + 1 < len(positions):
            following_job = positions[index + 1]
            end = following_job.first_line - (2 if following_job.title_above else 1)
        else:
            end = len(lines) - 1
        last = position.first_line
        section = lines[position.first_line].section
        while last + 1 <= end and lines[last + 1].section == section:
            last += 1
        position.last_line = last
    return positions


def years_of_experience(positions: list[Position], text: str) -> tuple[float | None, int | None]:
    """(years from the union of job date ranges, years the resume claims in words)."""
    from_ranges = round(total_months([p.range for p in positions]) / 12, 1) if positions else None
    claims = [int(m.group(1)) for m in _CLAIMED_YEARS.finditer(text) if int(m.group(1)) <= 50]
    return from_ranges, (max(claims) if claims else None)


def find_education(lines: list[Line]) -> list[dict]:
    entries: list[dict] = []
    block = [line for line in lines if line.section == EDUCATION][:60]  # an education section is short
    if not block:
        block = [line for line in lines if DEGREE_WORDS.search(line.text) and INSTITUTION_WORDS.search(line.text)]
    current: dict | None = None
    for line in block:
        text = line.text.strip(" -")
        if not text:
            continue
        degree = DEGREE_WORDS.search(text)
        institution = INSTITUTION_WORDS.search(text)
        years = [int(y) for y in _YEAR.findall(text)]
        if degree and (current is None or current["degree"]):
            current = {"degree": "", "institution": "", "year": None}
            entries.append(current)
        elif institution and (current is None or current["institution"]):
            current = {"degree": "", "institution": "", "year": None}
            entries.append(current)
        if current is None:
            continue
        parts = [p.strip(" -–—:|,()") for p in _TITLE_SPLIT.split(_YEAR.sub("", text)) if p.strip(" -–—:|,()")]
        for part in parts:
            if DEGREE_WORDS.search(part) and not current["degree"]:
                current["degree"] = part
            elif INSTITUTION_WORDS.search(part) and not current["institution"]:
                current["institution"] = part
        if years:
            current["year"] = max(years)
    return [e for e in entries if e["degree"] or e["institution"]]


def find_contacts(text: str, lines: list[Line] | None = None) -> dict:
    """Email, phone, LinkedIn and GitHub as written: the candidate's own data, shown to them, masked in logs."""
    contacts = {}
    if email := EMAIL.search(text):
        contacts["email"] = email.group(0)
    head = ("\n".join(line.text for line in (lines or []) if line.section == HEADER) or text)[:2000]
    for candidate in PHONE.finditer(head + "\n" + text[-1000:]):
        digits = re.sub(r"\D", "", candidate.group(0))
        if 9 <= len(digits) <= 15 and not DATE_RANGE.search(candidate.group(0)):
            contacts["phone"] = candidate.group(0).strip()
            break
    if linkedin := LINKEDIN.search(text):
        contacts["linkedin"] = linkedin.group(0)
    if github := GITHUB.search(text):
        contacts["github"] = github.group(0)
    return contacts
