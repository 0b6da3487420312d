"""Facts a resume states: education and contact fields (positions, dates and years live in `resumes.positions`)."""

from __future__ import annotations

import re

from resumes.positions import DATE_RANGE, DateRange, Position, find_date_range, find_positions, total_months
from resumes.sections import EDUCATION, HEADER, Line

__all__ = ["DATE_RANGE", "DateRange", "Position", "find_contacts", "find_date_range", "find_education",
           "find_positions", "total_months"]

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

_TITLE_SPLIT = re.compile(r"\s{1,8}(?:at|@)\s{1,8}|\s{0,8}[|,·•]\s{0,8}|\s{1,8}[-–—]\s{1,8}")
DEGREE_WORDS = re.compile(
    r"\b(bachelor(?:'s)?|master(?:'s)?|b\.?\s?sc\.?|m\.?\s?sc\.?|bsc|msc|b\.?s\.?|m\.?s\.?|b\.?a\.?|m\.?a\.?|"
    r"b\.?eng\.?|m\.?eng\.?|b\.?tech|m\.?tech|ph\.?\s?d\.?|doctorate|mba|diploma|associate(?:'s)? degree|"
    r"a\.?s\.?|high school|bootcamp)(?=\W|$)", re.IGNORECASE)
INSTITUTION_WORDS = re.compile(r"\b(university|college|institute|school|academy|polytechnic|universit[äa]t|"
                               r"ecole|école)\b", re.IGNORECASE)

# Every pattern here runs on uploaded text, so each is linear: repetitions are bounded (email parts by RFC 5321
# lengths) and the email may only start where the previous character cannot belong to it, so a 150,000-letter word
# costs one bounded attempt instead of 150,000 attempts of 150,000 steps. `resumes/tests/test_redos.py` guards this.
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}"
                   r"\.[A-Za-z]{2,24}")
PHONE = re.compile(r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){2,4}(?![\w/])")
LINKEDIN = re.compile(r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub)/[A-Za-z0-9_%-]{1,100}/?",
                      re.IGNORECASE)
GITHUB = re.compile(r"(?:https?://)?(?:www\.)?github\.com/[A-Za-z0-9_-]{1,39}/?", re.IGNORECASE)
# ".com/" with the site's name just before it (same flags as the patterns above): a match of LINKEDIN or GITHUB
# holds one, and starts at most this many characters before its "." ("https://" + "www." + the name).
_LINKEDIN_HINT = re.compile(r"\.com/(?<=linkedin\.com/)", re.IGNORECASE)
_LINKEDIN_BEFORE = len("https://") + len("www.") + len("linkedin")
_GITHUB_HINT = re.compile(r"\.com/(?<=github\.com/)", re.IGNORECASE)
_GITHUB_BEFORE = len("https://") + len("www.") + len("github")


def _education_block(lines: list[Line]) -> list[Line]:
    block = [line for line in lines if line.section == EDUCATION][:60]  # an education section is short
    if not block:
        block = [line for line in lines if DEGREE_WORDS.search(line.text) and INSTITUTION_WORDS.search(line.text)]
    return block


def _starts_entry(text: str, current: dict | None) -> bool:
    """A degree after a degree, or an institution after an institution, begins the next entry."""
    if current is None:
        return bool(DEGREE_WORDS.search(text) or INSTITUTION_WORDS.search(text))
    return bool((current["degree"] and DEGREE_WORDS.search(text))
                or (current["institution"] and INSTITUTION_WORDS.search(text)))


def _fill_entry(current: dict, text: str) -> None:
    if not (current["degree"] and current["institution"]):  # once both are set, only the year can change
        bare = _YEAR.sub("", DATE_RANGE.sub(" ", text))  # "[ 01/10/2013 – 30/06/2018 ] Master of ...": no dates
        parts = [p.strip(" -–—:|,()[]") for p in _TITLE_SPLIT.split(bare) if p.strip(" -–—:|,()[]")]
        for part in parts:
            if not current["degree"] and DEGREE_WORDS.search(part):
                current["degree"] = part
            elif not current["institution"] and INSTITUTION_WORDS.search(part):
                current["institution"] = part
    if years := [int(y) for y in _YEAR.findall(text)]:
        current["year"] = max(years)


def find_education(lines: list[Line]) -> list[dict]:
    entries: list[dict] = []
    current: dict | None = None
    for line in _education_block(lines):
        text = line.text.strip(" -")
        if not text:
            continue
        if _starts_entry(text, current):
            current = {"degree": "", "institution": "", "year": None}
            entries.append(current)
        if current is not None:
            _fill_entry(current, text)
    return [e for e in entries if e["degree"] or e["institution"]]


def find_contacts(text: str, lines: list[Line] | None = None) -> dict:
    """Email, phone, LinkedIn and GitHub as written: the candidate's own data, shown to them, masked in logs."""
    contacts = {}
    if "@" in text and (email := EMAIL.search(text)):  # no "@", no address: skip a pass over the whole text
        contacts["email"] = email.group(0)
    head = ("\n".join(line.text for line in (lines or []) if line.section == HEADER) or text)[:2000]
    for candidate in PHONE.finditer(head + "\n" + text[-1000:]):
        digits = re.sub(r"\D", "", candidate.group(0))
        if 9 <= len(digits) <= 15 and not DATE_RANGE.search(candidate.group(0)):
            contacts["phone"] = candidate.group(0).strip()
            break
    if linkedin := _search_after_hint(LINKEDIN, _LINKEDIN_HINT, text, _LINKEDIN_BEFORE):
        contacts["linkedin"] = linkedin.group(0)
    if github := _search_after_hint(GITHUB, _GITHUB_HINT, text, _GITHUB_BEFORE):
        contacts["github"] = github.group(0)
    return contacts


def _search_after_hint(pattern: re.Pattern, hint: re.Pattern, text: str, before: int) -> re.Match | None:
    """`pattern.search(text)`, started where it can first match: every match holds the hint (".com/" preceded by the
    site's name, found by a scan for "." that the regex engine does fast) and starts at most `before` characters
    before it. The patterns themselves try every position, which cost more than the rest of the facts together."""
    found = hint.search(text)
    return pattern.search(text, max(0, found.start() - before)) if found else None
