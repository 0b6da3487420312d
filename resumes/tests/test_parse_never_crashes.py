"""parse_text reads any text without raising: odd layouts read as no job or a poorer job, never as a failed resume.
Fuzzing with resume fragments (session 22) found three crashes, one of them reachable through an upload."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resumes.extraction import clean_text
from resumes.models import Resume, ResumeStatus
from resumes.services import parse_text
from resumes.tests import documents

TODAY = date(2026, 6, 15)

# Each crashed in find_positions: a part of spaces only as the first part ("\xa0" before cleaning) or as the team
# before an employer, and "@" in a line of one part.
CRASHED = [
    ", \xa0(x\nMay 2020 – Present",
    " xMay 2020 – Present\nEngineer,GmbHAcme Corp03/19Promoted toEngineer, \xa0|,Jan 2018ı- Worked as•03/19",
    "since 2019职位- @ EXPERIENCE\nBerlin@\u2003GmbHGmbHxAcme CorpEXPERIENCEed – Senior EngineerPython,"
    "•Acme CorpEDUCATION",
]


@pytest.mark.parametrize("text", CRASHED)
def test_texts_that_once_crashed_the_parse_are_read(text):
    for version in (text, clean_text(text)):
        facts = parse_text(version, today=TODAY)["facts"]
        assert isinstance(facts["positions"], list)


_FRAGMENTS = ["EXPERIENCE", "Experience", "EDUCATION", "SKILLS", "\n", "\n", " ", ",", " | ", " – ", "-", "(", ")",
              "\xa0", "\u2003", "\t", "May 2020 – Present", "2019 - 2021", "Jan 2018", "03/19", "'21",
              "Senior Engineer", "Acme Corp", "GmbH", "Ltd.", " at ", "@", "Python", "·", "•", "- ", "Engineer,",
              "Berlin", "since 2019", "2015年4月", "株式会社", "|", ":", ".", "ed", "Worked as", "Promoted to", "→",
              "Head of", "(2019)", "İ", "ı"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=40))
def test_any_text_of_resume_fragments_parses_without_raising(fragments):
    text = "".join(fragments)
    for version in (text, clean_text(text)):
        parse_text(version, today=TODAY)


@pytest.mark.django_db
def test_an_upload_whose_text_once_crashed_the_parse_ends_ready(upload):
    lines = CRASHED[2].replace("\u2003", " ").split("\n")
    body = upload(documents.docx_bytes(["Jane Doe", "jane@example.com", *lines, "Skills", "Python, Django"]),
                  "cv.docx").json()
    resume = Resume.objects.get(id=body["id"])
    assert resume.status == ResumeStatus.READY, resume.events.values_list("detail", flat=True)
