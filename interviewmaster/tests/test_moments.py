"""Dates and times shown to a person: one format on every page ("6 Dec 2026, 14:05", a day "6 Dec 2026"), in the
reader's time zone, inside a <time> whose datetime stays machine-readable (interviewmaster/templatetags/moments.py)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import engines
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from interviews import services
from interviews.models import InterviewSession
from interviews.tests.factories import load_shipped_bank
from resumes.models import Resume
from resumes.tests.factories import ResumeFactory

AT = datetime(2026, 12, 6, 22, 35, 9, tzinfo=UTC)  # 7 Dec, 04:05 in Kolkata (+05:30)


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load moments %}" + source).render(context)


def test_a_moment_is_shown_in_the_readers_zone_with_a_machine_readable_datetime():
    with timezone.override(ZoneInfo("Asia/Kolkata")):
        assert render("{{ at|moment }}", at=AT) == '<time datetime="2026-12-07T04:05:09+05:30">7 Dec 2026, 04:05</time>'
        assert render("{{ at|moment_text }}", at=AT) == "7 Dec 2026, 04:05"
        assert render("{{ at|day }}", at=AT) == '<time datetime="2026-12-07">7 Dec 2026</time>'
    with timezone.override(ZoneInfo("America/Los_Angeles")):
        assert render("{{ at|moment_text }}", at=AT) == "6 Dec 2026, 14:35"


def test_a_day_stays_its_day_in_any_zone():
    with timezone.override(ZoneInfo("Pacific/Pago_Pago")):  # UTC-11: a day read as midnight UTC would move back
        assert render("{{ d|day }}", d="2026-03-01") == '<time datetime="2026-03-01">1 Mar 2026</time>'
        assert render("{{ d|day_text }}", d=date(2026, 3, 1)) == "1 Mar 2026"


@pytest.mark.parametrize("value", [None, "", "not a date", "2026-13-45", 7])
def test_no_date_shows_nothing(value):
    assert render("{{ v|moment }}|{{ v|day }}|{{ v|moment_text }}|{{ v|day_text }}", v=value) == "|||"


def test_no_page_a_person_reads_formats_a_date_by_itself():
    """Every date on the candidate's pages goes through the one rule; the admin (the expert's workplace) keeps its
    ISO-like stamps. `|date:"T"` (a zone's name) is not a date."""
    root = Path(settings.BASE_DIR) / "templates"
    own = re.compile(r"\|\s*(?:date|time)\s*:(?!\s*[\"']T[\"'])|\|\s*(?:ago|timesince|naturaltime)\b")
    found = [f"{path.relative_to(root)}: {match.group(0)}"
             for path in root.rglob("*.html") if path.relative_to(root).parts[0] != "admin"
             for match in own.finditer(path.read_text())]
    assert not found, found


def test_no_page_a_person_reads_writes_a_time_without_its_zone():
    """A candidate's pages wrote "7 Dec 2026, 14:05" in their zone without saying which, beside the invitation's
    "10 Dec 2026, 10:30 EST": every date and time names its zone (`zoned_moment`), as the expert's pages and the admin
    do. A day (`|day`) has no hour to misread. Nor does a time of day go without it: "Hint taken at 14:05" on the
    report and the expert's pages is "Hint taken at 14:05 CET" (`zoned_time`)."""
    root = Path(settings.BASE_DIR) / "templates"
    bare = re.compile(r"\|\s*(?:moment(?:_text)?|time_of_day)\b")
    found = [f"{path.relative_to(root)}: {match.group(0)}"
             for path in root.rglob("*.html") for match in bare.finditer(path.read_text())]
    assert not found, found


def test_a_time_of_day_names_its_zone():
    with timezone.override(ZoneInfo("Asia/Kolkata")):
        assert render("{{ at|zoned_time }}", at=AT.isoformat()) == \
            '<time datetime="2026-12-07T04:05:09+05:30">04:05 IST</time>'
        assert render("{{ at|zoned_time_text }}", at=AT) == "04:05 IST"
    with timezone.override(ZoneInfo("Europe/Istanbul")):  # a zone without an abbreviation says its offset
        assert render("{{ at|zoned_time_text }}", at=AT) == "01:35 +03"
    assert render("{{ v|zoned_time }}|{{ v|zoned_time_text }}", v="not a time") == "|"


@pytest.mark.django_db
def test_the_lists_show_dates_in_the_candidates_zone(client):
    load_shipped_bank()
    candidate = CandidateFactory(timezone="Asia/Kolkata", target_role="backend_engineer")
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer")
    InterviewSession.objects.filter(id=session.id).update(created_at=AT)
    resume = ResumeFactory(owner=candidate)
    Resume.objects.filter(id=resume.id).update(created_at=AT)
    client.force_login(candidate)
    shown = '<time datetime="2026-12-07T04:05:09+05:30">7 Dec 2026, 04:05 IST</time>'  # the zone named
    for url in ("/", "/interviews/", "/resumes/", f"/resumes/{resume.id}/"):
        assert shown in client.get(url).content.decode(), url
