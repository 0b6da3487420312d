"""The interview clocks as people read them: minutes and seconds, the same format the room's script keeps them in."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """`3941` -> "65:41" (minutes are not folded into hours: the room counts down minutes). Empty for no value, so a
    turn without a clock shows nothing rather than "0:00"."""
    if seconds is None or seconds == "":
        return ""
    try:
        total = max(0, int(seconds))
    except (TypeError, ValueError):
        return ""
    return f"{total // 60}:{total % 60:02d}"


@register.filter
def iso_duration(seconds) -> str:
    """`3941` -> "PT3941S", the machine-readable value of a <time> holding a duration."""
    try:
        return f"PT{max(0, int(seconds))}S"
    except (TypeError, ValueError):
        return ""


@register.filter
def time_of_day(moment) -> str:
    """An ISO timestamp as stored in a report (`2025-03-01T14:05:09+00:00`) -> "14:05" in the site's time zone, as the
    report says when a hint was taken. Empty for anything else (an older report, a value that is no time)."""
    from datetime import UTC

    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    try:
        parsed = parse_datetime(moment) if isinstance(moment, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        return ""
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return timezone.localtime(parsed).strftime("%H:%M")
