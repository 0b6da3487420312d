"""The career history of a Japanese 履歴書 (rirekisho): the "職歴" rows of its year / month / event table.

A rirekisho does not write ranges. Each row is one event: "2018 | 4 | 株式会社丸菱オフィス機器 入社(法人営業部 営業職)"
(joined, the department and the role in brackets), "2021 | 8 | 一身上の都合により退社" (left), "2023 | 10 |
リードエンジニアに昇格" (promoted), and "現在に至る" (to this day) closes the list. Years may be written in the
imperial era ("平成28年", "令和3年"). A table extracted from a PDF gives each cell a line of its own ("2015" / "4" /
"株式会社… 入社"); one from a Word document a line per row, its cells joined by "|".

Every pattern here runs on uploaded text, so each is linear: bounded repetitions, no nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resumes.sections import Line

# The first year of each era, less one: 平成1年 (元年) is 1989.
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_YEAR = re.compile(r"(?:(?P<era>令和|平成|昭和)[ \t]{0,2}(?P<era_year>\d{1,2}|元)|(?P<year>(?:19|20)\d\d))"
                   r"[ \t]{0,2}年?")
_MONTH = re.compile(r"(?P<month>1[0-2]|0?[1-9])[ \t]{0,2}月?")
_ROW = re.compile(rf"{_YEAR.pattern}[ \t]{{0,3}}\|?[ \t]{{0,3}}{_MONTH.pattern}[ \t]{{0,3}}\|[ \t]{{0,3}}"
                  r"(?P<event>\S.{0,200})")
_JOINED = re.compile(r"(?P<employer>\S.{0,80}?)[ \t]{0,3}(?:に)?(?:入社|入行|入庁|入職|入所|入局)"
                     r"(?:[ \t]{0,3}[(（](?P<note>[^()（）]{1,60})[)）]|[ \t]{1,3}(?P<role>\S.{0,60}))?")
_LEFT = re.compile(r"退社|退職|退行|退庁|退所|退局|契約満了|期間満了")
_PROMOTED = re.compile(r"(?P<role>\S.{0,60}?)[ \t]{0,3}(?:に|へ)(?:昇格|昇進|就任|昇任)")
_TO_THIS_DAY = re.compile(r"現在に至る|現在に至ります|現在まで")
# the terms of employment, not a role: "入社(正社員)"; and "営業部配属" is a posting to a department
_TERMS = re.compile(r"正社員|契約社員|派遣社員|アルバイト|パート(?:タイム)?|嘱託(?:社員)?|業務委託|準社員|正職員"
                    r"|契約職員")
_END = re.compile(r"以上|免許|資格|賞罰|志望|本人希望")
# The same form written in English: "Joined Rakuten, Inc. as Application Engineer, Ichiba Development Department",
# "Resigned from Rakuten, Inc.", "Promoted to Senior Application Engineer", "Software Engineering Intern, Sakura Cloud
# Works Co., Ltd. (3-week summer internship)" (an internship of the row's month), "End"
_JOINED_EN = re.compile(r"(?:joined|re-?joined)[ \t]{1,3}(?P<employer>\S.{0,80}?)[ \t]{1,3}as[ \t]{1,3}"
                        r"(?:an?[ \t])?(?P<role>[^,()]{2,60}?)[ \t]{0,3}(?:[,(].{0,120})?", re.IGNORECASE)
_LEFT_EN = re.compile(r"(?:resigned|left|retired|leaving)\b", re.IGNORECASE)
_PROMOTED_EN = re.compile(r"promoted[ \t]{1,3}to[ \t]{1,3}(?:an?[ \t])?(?P<role>[^,()]{2,60}?)[ \t]{0,3}"
                          r"(?:[,(].{0,120})?", re.IGNORECASE)
_INTERNSHIP_EN = re.compile(r"(?P<role>[^,()]{2,60}?),[ \t]{1,3}(?P<employer>[^()]{2,80}?)[ \t]{1,3}"
                            r"\((?P<note>[^()]{0,60}intern[^()]{0,60})\)", re.IGNORECASE)
# the terms of employment, not a role: "as a full-time employee", "as a research student"
_TERMS_EN = re.compile(r"(?:(?:full|part)-?[ \t]?time|regular|permanent|contract|temporary)[ \t]"
                       r"(?:employee|staff|worker)|(?:research[ \t])?student|employee|staff(?:[ \t]member)?",
                       re.IGNORECASE)
_END_EN = re.compile(r"end|\(end\)", re.IGNORECASE)
# the header of the English form: "Year" / "Month" (a cell a line) or "Year | Month | Education and Work History"
_HEADER_EN = re.compile(r"year[ \t]{0,3}\|[ \t]{0,3}month\b.{0,80}", re.IGNORECASE)


@dataclass
class Job:
    title: str
    company: str
    start: tuple[int, int]
    end: tuple[int, int] | None  # None: held to this day
    first_line: int
    last_line: int


def _year(match: re.Match) -> int:
    if match.group("year"):
        return int(match.group("year"))
    era_year = match.group("era_year")
    return _ERAS[match.group("era")] + (1 if era_year == "元" else int(era_year))


def _rows(lines: list[Line]) -> list[tuple[int, int, str, int]]:
    """(year, month, event, line index) for each dated row of the 職歴 block, and (0, 0, text, index) for an undated
    line in it ("現在に至る", a line describing the work)."""
    rows: list[tuple[int, int, str, int]] = []
    at = 0
    while at < len(lines):
        text = lines[at].text.strip()
        if _END.match(text) or _END_EN.fullmatch(text) or (
                rows and text.replace(" ", "").replace("\u3000", "") in ("学歴", "学歴・職歴")):
            break
        row = _ROW.fullmatch(text)
        year = _YEAR.fullmatch(text) if not row else None
        month = _MONTH.fullmatch(lines[at + 1].text.strip()) if year and at + 2 < len(lines) else None
        if row:
            rows.append((_year(row), int(row.group("month")), row.group("event").strip(), at))
        elif month:  # a cell a line: the year, the month, then the event
            rows.append((_year(year), int(month.group("month")), lines[at + 2].text.strip(), at + 2))
            at += 2
        elif text:
            rows.append((0, 0, text, at))
        at += 1
    return rows


def _before(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def _read(rows: list[tuple[int, int, str, int]], offset: int) -> list[Job]:
    jobs: list[Job] = []
    open_job: Job | None = None
    for year, month, event, at in rows:
        joined = _JOINED.fullmatch(event) if year else None
        promoted = _PROMOTED.fullmatch(event) if year and open_job else None
        english = (_JOINED_EN.fullmatch(event) or _PROMOTED_EN.fullmatch(event)
                   or _INTERNSHIP_EN.fullmatch(event)) if year and not joined and not promoted else None
        if english:
            open_job = _english_event(english, jobs, open_job, (year, month), offset + at)
        elif joined:
            if open_job:  # a new employer with no row saying the last one was left
                open_job.end = _before(year, month)
            note = [word for word in (joined.group("note") or "").split() if not _TERMS.fullmatch(word)]
            title = note[-1] if note else (joined.group("role") or "").strip()
            open_job = Job(title="" if _TERMS.fullmatch(title) or title.endswith("配属") else title,
                           company=joined.group("employer").strip(), start=(year, month), end=None,
                           first_line=offset + at, last_line=offset + at)
            jobs.append(open_job)
        elif promoted and open_job:
            open_job.end = _before(year, month)
            open_job = Job(title=promoted.group("role").strip(), company=open_job.company, start=(year, month),
                           end=None, first_line=offset + at, last_line=offset + at)
            jobs.append(open_job)
        elif year and open_job and (_LEFT.search(event) or _LEFT_EN.match(event)):
            open_job.end, open_job.last_line = (year, month), offset + at
            open_job = None
        elif not year and open_job:
            open_job.last_line = offset + at
    return jobs


def _english_event(match: re.Match, jobs: list[Job], open_job: Job | None, when: tuple[int, int],
                   line: int) -> Job | None:
    """The job an English row opens ("Joined … as …", "Promoted to …") or holds within its month (an internship);
    the job still open after it."""
    if match.re is _PROMOTED_EN and not open_job:
        return None
    if open_job and match.re is not _INTERNSHIP_EN:
        open_job.end = _before(*when)  # as in Japanese: the month before the new role's
    company = open_job.company if match.re is _PROMOTED_EN and open_job else match.group("employer").strip()
    role = match.group("role").strip()
    job = Job(title="" if _TERMS_EN.fullmatch(role) else role, company=company, start=when, end=None, first_line=line,
              last_line=line)
    jobs.append(job)
    if match.re is _INTERNSHIP_EN:
        job.end = when
        return open_job
    return job


def career(lines: list[Line]) -> list[Job]:
    """The jobs of a rirekisho's 職歴 rows, in the order written (oldest first); none without such rows."""
    start = next((at for at, line in enumerate(lines)  # the substring test first: one cheap pass over any resume
                  if "歴" in line.text and line.text.strip().replace(" ", "").replace("\u3000", "") == "職歴"), None)
    if start is None:
        start = next((at for at, line in enumerate(lines[:-1])  # the form in English: its header row
                      if _HEADER_EN.fullmatch(line.text.strip()) or (
                          line.text.strip().lower() == "year" and lines[at + 1].text.strip().lower() == "month")),
                     None)
        if start is None:
            return []
    return _read(_rows(lines[start + 1:]), start + 1)
