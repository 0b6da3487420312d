"""Positions a resume lists (title, company, dates) and the years of experience they add up to.

Handles the usual layouts: "Title, Company" or "Title at Company" above or beside the dates, "Company | Title |
dates", "Company (dates): Title doing things", company / title / dates on three lines, table rows, and the date
formats people write ("Jan 2020 – Present", "01/2019 - 03/2021", "2019-01 – 2025-01", "2018.03 – now", "2016 - 2019",
"Since May 2020").

Every pattern here runs on uploaded text, so each is linear: bounded repetitions, no nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from resumes.sections import EDUCATION, EXPERIENCE, PROJECTS, Line

_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_NOW = r"present|current(?:ly)?|now|today|ongoing|to date|date"
_SEP = r"[ \t]{0,3}(?:-{1,2}|–|—|~|to|until|till)[ \t]{0,3}"


def _point(p: str) -> str:
    """One date: "Jan 2020", "January, 2020", "01/2020", "2020-01", "2020.01", "2020"."""
    return (rf"(?:(?P<{p}m>{_MONTH})[ \t,]{{0,3}}(?P<{p}y1>(?:19|20)\d\d)"
            rf"|(?P<{p}n>0?[1-9]|1[0-2])[/.-](?P<{p}y2>(?:19|20)\d\d)"
            rf"|(?P<{p}y3>(?:19|20)\d\d)[/.-](?P<{p}n2>0[1-9]|1[0-2])(?!\d)"
            rf"|(?P<{p}y4>(?:19|20)\d\d))")


DATE_RANGE = re.compile(rf"(?<![\d/.-]){_point('s')}{_SEP}(?:(?P<now>{_NOW})\b|{_point('e')}(?![\d/]))",
                        re.IGNORECASE)
SINCE = re.compile(rf"\b(?:since|from)[ \t]{{1,3}}{_point('s')}(?![\d/-])", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "\b(\d{1,2})" written digit first, "(\d(?<!\w\d)\d?)": the same matches (a digit with no word character before it,
# then one more digit if there is one), but the pattern now starts with a digit, so the regex engine skips to the digits
# of the text instead of trying the pattern at every character.
_CLAIMED_YEARS = re.compile(
    r"(\d(?<!\w\d)\d?)(?:\.\d)?[ \t]{0,2}\+?[ \t]{0,2}(?:years|yrs)\.?[ \t]{1,3}(?:of[ \t]{1,3})?"
    r"(?:(?:professional|industry|hands-on|commercial|software|relevant|work)[ \t]{1,3})?(?:experience|exp)\b",
    re.IGNORECASE)

TITLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|architect|manager|lead|director|analyst|scientist|consultant|designer|"
    r"administrator|admin|intern|internship|cto|cio|vp|head of|specialist|tester|sre|devops|founder|co-founder|"
    r"officer|researcher|technician|coordinator|principal|owner|assistant|student|trainee|apprentice|"
    r"contractor|freelancer|freelance|teacher|lecturer|professor|instructor|tutor|fellow|postdoc|candidate|"
    r"associate|executive|representative|accountant|editor|writer|operator|supervisor|advisor|adviser|auditor|"
    r"strategist|planner|nurse|clerk)\b", re.IGNORECASE)
_PART_SPLIT = re.compile(r"[ \t]{1,5}(?:at|@)[ \t]{1,5}|[ \t]{0,5}[|·•:()][ \t]{0,5}|[ \t]{1,5}[-–—][ \t]{1,5}"
                         r"|[ \t]{0,5}[–—][ \t]{0,5}|,[ \t]{1,5}")
_STRIP = " -–—:|,()[]\t"
_BULLET = re.compile(r"^[-*•▪◦‣]")


@dataclass(frozen=True)
class DateRange:
    start: tuple[int, int]  # (year, month)
    end: tuple[int, int]
    current: bool
    start_precision: str = "month"   # "month" or "year": how the resume wrote the start
    end_precision: str = "month"

    @property
    def months(self) -> int:
        return max(0, (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1])


def _read_point(match: re.Match, p: str) -> tuple[int, int | None]:
    for year_group, month_group in ((f"{p}y1", f"{p}m"), (f"{p}y2", f"{p}n"), (f"{p}y3", f"{p}n2"),
                                    (f"{p}y4", None)):
        if match.group(year_group):
            month = match.group(month_group) if month_group else None
            if month is None:
                return int(match.group(year_group)), None
            number = _MONTHS[month.lower().rstrip(".")[:3]] if month[0].isalpha() else int(month)
            return int(match.group(year_group)), number
    raise ValueError("no date in match")  # pragma: no cover - the pattern always sets one year group


def _build_range(start: tuple[int, int | None], end: tuple[int, int | None] | None,
                 today: date) -> DateRange | None:
    start_year, start_month = start
    now = (today.year, today.month)
    if end is None:
        end_point, current, end_precision = now, True, "month"
    else:
        end_year, end_month = end
        end_precision = "month" if end_month else "year"
        # "2016 - 2019" counts from January to January; "Mar 2017 - 2019" ends in December.
        end_point = (end_year, end_month or (start_month and 12) or 1)
        current = False
        end_point = min(end_point, now)
    begin = (start_year, start_month or 1)
    if end_point < begin or start_year < 1950 or begin > now:
        return None
    return DateRange(start=begin, end=end_point, current=current,
                     start_precision="month" if start_month else "year", end_precision=end_precision)


def find_date_range(text: str, *, today: date | None = None) -> tuple[DateRange, re.Match] | None:
    """The first date range in a line ("Jan 2020 – Present", "Since 2019"...) and where it is."""
    if "19" not in text and "20" not in text:  # every date the patterns read has a year 19xx or 20xx
        return None
    today = today or date.today()
    for pattern in (DATE_RANGE, SINCE):
        for match in pattern.finditer(text):
            start = _read_point(match, "s")
            end = None if pattern is SINCE or match.group("now") else _read_point(match, "e")
            found = _build_range(start, end, today)
            if found:
                return found, match
    return None


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


# --- title and company --------------------------------------------------------------------------------------------
def _parts(text: str) -> list[str]:
    return [p.strip(_STRIP) for p in _PART_SPLIT.split(text) if p.strip(_STRIP)]


def _trim_title(part: str) -> str:
    """"Backend engineer building REST APIs" -> "Backend engineer": cut after the last title word of the head."""
    words = part.split()
    last = -1
    for index, word in enumerate(words[:7]):
        if TITLE_WORDS.fullmatch(word.strip(".,;").lower()) or TITLE_WORDS.search(word.strip(".,;")):
            last = index
        elif last >= 0 and word[:1].islower() and word.lower() not in {"of", "and", "for", "&"}:
            break
    if last < 0:
        return part
    trimmed = words[:last + 1]
    # keep "Head of Data", "Engineer, Embedded" style tails only when they are capitalised words right after
    for word in words[last + 1:last + 4]:
        if word[:1].isupper() and not word.isupper() and len(trimmed) < 7:
            trimmed.append(word)
        else:
            break
    return " ".join(trimmed).strip(_STRIP)


def _is_title(part: str) -> bool:
    return bool(TITLE_WORDS.search(part))


def _looks_like_entry(text: str) -> bool:
    """A short line that can carry a title or a company (not a bullet, not a sentence of description)."""
    stripped = text.strip()
    if not stripped or _BULLET.match(stripped) or len(stripped) > 90:
        return False
    return len(stripped.split()) <= 10 and not stripped.endswith(".")


@dataclass
class _Entry:
    title: str = ""
    company: str = ""

    def take(self, parts: list[str], *, whole_line: bool) -> None:
        """Fill the missing title/company from the parts of one line."""
        titles = [p for p in parts if _is_title(p)]
        others = [p for p in parts if not _is_title(p) and not _YEAR.search(p)]
        if not self.title and titles:
            self.title = _trim_title(titles[0])
        if not self.company and others and not (whole_line and titles and len(parts) == 1):
            self.company = others[0]


def _title_and_company(rest: str, above: list[str], below: list[str]) -> tuple[str, str, int]:
    """(title, company, lines used above) from the date line's rest, the entry lines above it and the one below."""
    entry = _Entry()
    entry.take(_parts(rest), whole_line=False)
    used = 0
    for text in above:
        if entry.title and entry.company:
            break
        parts = _parts(text)
        if len(parts) > 1 or not (entry.title or entry.company):
            entry.take(parts, whole_line=False)
        else:
            entry.take(parts, whole_line=True)
        used += 1
    for text in below:
        if entry.title and entry.company:
            break
        parts = _parts(text)
        entry.take(parts, whole_line=len(parts) == 1 and bool(entry.title or entry.company))
    return entry.title[:120], entry.company[:120], used


def _used_below(below: list[str], title: str, company: str) -> int:
    """How many lines under a date line its entry took (the next entry must not take them again as its own)."""
    used = 0
    for text in below:
        if (title and title in text) or (company and company in text):
            used += 1
        else:
            break
    return used


@dataclass
class Position:
    title: str
    company: str
    range: DateRange
    first_line: int
    last_line: int
    lines_above: int = 0  # entry lines (title/company) above the date line
    lines_below: int = 0  # entry lines under it (a date that opens its entry)

    def as_dict(self) -> dict:
        start = (f"{self.range.start[0]:04d}-{self.range.start[1]:02d}" if self.range.start_precision == "month"
                 else f"{self.range.start[0]:04d}")
        end = None
        if not self.range.current:
            end = (f"{self.range.end[0]:04d}-{self.range.end[1]:02d}" if self.range.end_precision == "month"
                   else f"{self.range.end[0]:04d}")
        return {"title": self.title, "company": self.company, "start": start, "end": end,
                "current": self.range.current, "months": self.range.months}


def _eligible(lines: list[Line]):
    has_experience = any(line.section == EXPERIENCE for line in lines)
    for index, line in enumerate(lines):
        if line.heading:
            continue
        if line.section == EXPERIENCE if has_experience else line.section not in {EDUCATION, PROJECTS}:
            yield index, line


# A table's header row ("Period | Role | Company"), one cell per line in a PDF: no title or company of any job.
_COLUMN_NAMES = frozenset({"period", "dates", "date", "duration", "years", "when", "role", "title", "position",
                           "job", "job title", "company", "employer", "organisation", "organization", "location",
                           "place", "city"})
_COLUMN_SPLIT = re.compile(r"[ \t]{0,3}[|,/\t][ \t]{0,3}|[ \t]{2,6}")


def _column_names(text: str) -> bool:
    cells = [c.strip().lower() for c in _COLUMN_SPLIT.split(text.strip()) if c.strip()]
    return bool(cells) and all(cell in _COLUMN_NAMES for cell in cells)


def _entry_lines_above(lines: list[Line], index: int, floor: int, today: date) -> list[str]:
    above = []
    for j in range(index - 1, max(floor, index - 3), -1):
        candidate = lines[j]
        if candidate.heading or candidate.section != lines[index].section or not _looks_like_entry(candidate.text):
            break
        if find_date_range(candidate.text, today=today) or _column_names(candidate.text):
            break
        above.append(candidate.text.strip())
    return above


def _entry_lines_below(lines: list[Line], index: int, today: date) -> list[str]:
    """A date that opens its entry ("Apr 2019 – Present" / "Embedded Engineer" / "Denso"): the two lines under it."""
    below = []
    for j in range(index + 1, min(len(lines), index + 3)):
        candidate = lines[j]
        if (candidate.heading or candidate.section != lines[index].section or not _looks_like_entry(candidate.text)
                or find_date_range(candidate.text, today=today)):
            break
        below.append(candidate.text.strip())
    return below


def find_positions(lines: list[Line], *, today: date | None = None) -> list[Position]:
    """Jobs: a date range in the experience section (or, with no such section, outside education and projects)."""
    today = today or date.today()
    positions: list[Position] = []
    floor = -1  # lines at or above this belong to the previous job
    for index, line in _eligible(lines):
        found = find_date_range(line.text, today=today)
        if not found:
            continue
        date_range, match = found
        rest = (line.text[:match.start()] + " | " + line.text[match.end():]).strip(_STRIP)
        above = _entry_lines_above(lines, index, floor, today)
        below = _entry_lines_below(lines, index, today) if not above and not rest else []
        title, company, used = _title_and_company(rest, above, below)
        used_below = _used_below(below, title, company)
        positions.append(Position(title=title, company=company, range=date_range, first_line=index,
                                  last_line=index, lines_above=used, lines_below=used_below))
        floor = index + used_below
    _set_extents(positions, lines)
    return positions


def _set_extents(positions: list[Position], lines: list[Line]) -> None:
    """A job's lines run from its date line to the line before the next job (or the end of its section)."""
    for index, position in enumerate(positions):
        if index + 1 < len(positions):
            following = positions[index + 1]
            end = following.first_line - following.lines_above - 1
        else:
            end = len(lines) - 1
        last = position.first_line
        section = lines[position.first_line].section
        while last + 1 <= end and lines[last + 1].section == section:
            last += 1
        position.last_line = last


def years_of_experience(positions: list[Position], text: str) -> tuple[float | None, int | None]:
    """(years from the union of job date ranges, years the resume claims in words)."""
    from_ranges = round(total_months([p.range for p in positions]) / 12, 1) if positions else None
    claims = [int(m.group(1)) for m in _CLAIMED_YEARS.finditer(text) if int(m.group(1)) <= 50]
    return from_ranges, (max(claims) if claims else None)
