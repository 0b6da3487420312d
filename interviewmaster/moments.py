"""A date and time, or a day, as everything the candidate reads writes it: "6 Dec 2026, 14:05" and "6 Dec 2026", in
the current time zone (the reader's: accounts.time_zone activates it per request). The pages use it through
`{% load moments %}` (interviewmaster/templatetags/moments.py); one rule instead of a format string per template."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime

DATE_TIME = "j M Y, H:i"  # 6 Dec 2026, 14:05
DAY = "j M Y"  # 6 Dec 2026
ZONED = "j M Y, H:i T"  # 6 Dec 2026, 14:05 CET: every date and time a page shows (the reader may take a bare hour
# for another zone's)
ZONED_TIME = "H:i T"  # 14:05 CET: a time of day beside its day ("Hint taken at 14:05 CET" on an interview's report)


def as_moment(value) -> datetime | None:
    """`value` (an aware or naive datetime, or an ISO string of one) in the current zone; None for anything else."""
    if isinstance(value, str):
        try:
            value = parse_datetime(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return timezone.localtime(value)


def as_day(value) -> date | None:
    """`value` (a date, a datetime taken in the current zone, or an ISO string of either) as a day; None otherwise."""
    if isinstance(value, str):  # a day stays that day ("2026-12-06" is no midnight to move into another zone)
        try:
            value = parse_date(value) or parse_datetime(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return as_moment(value).date()
    return value if isinstance(value, date) else None


def moment_text(value) -> str:
    moment = as_moment(value)
    return date_format(moment, DATE_TIME) if moment else ""


def zoned_moment_text(value) -> str:
    """`moment_text` with the zone's abbreviation ("6 Dec 2026, 09:05 EST"; "+03" for a zone without one): the
    expert's pages and the admin, whose reader also sees the candidate's times and must not take one zone's hour for
    another's, and every candidate page (the invitation's expiry, the interviews, runs, comments and résumés)."""
    moment = as_moment(value)
    return date_format(moment, ZONED) if moment else ""


def zoned_time_text(value) -> str:
    """A time of day with its zone ("09:05 EST"; "+03" for a zone without one), where the day goes without saying (a
    hint taken during the interview the page reports on); without the zone it was read as the reader's clock."""
    moment = as_moment(value)
    return date_format(moment, ZONED_TIME) if moment else ""


def day_text(value) -> str:
    day = as_day(value)
    return date_format(day, DAY) if day else ""
