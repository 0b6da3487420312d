"""`{{ value|moment }}` and `{{ value|day }}`: a date and time, or a day, as every page shows it to a person —
"6 Dec 2026, 14:05" and "6 Dec 2026" — in the reader's time zone (accounts.time_zone activates it per request), inside
a `<time>` whose `datetime` stays machine-readable (ISO 8601). `moment_text` / `day_text` give the words alone, for an
attribute such as an `aria-label`. One rule instead of a format string per template: the pages had six formats."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import format_html

register = template.Library()

DATE_TIME = "j M Y, H:i"  # 6 Dec 2026, 14:05
DAY = "j M Y"  # 6 Dec 2026


def _moment(value) -> datetime | None:
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


def _day(value) -> date | None:
    if isinstance(value, str):  # a day stays that day ("2026-12-06" is no midnight to move into another zone)
        try:
            value = parse_date(value) or parse_datetime(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return _moment(value).date()
    return value if isinstance(value, date) else None


@register.filter
def moment_text(value) -> str:
    moment = _moment(value)
    return date_format(moment, DATE_TIME) if moment else ""


@register.filter
def day_text(value) -> str:
    day = _day(value)
    return date_format(day, DAY) if day else ""


@register.filter
def moment(value) -> str:
    shown = _moment(value)
    if shown is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', shown.isoformat(timespec="seconds"),
                       date_format(shown, DATE_TIME))


@register.filter
def day(value) -> str:
    shown = _day(value)
    if shown is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', shown.isoformat(), date_format(shown, DAY))
