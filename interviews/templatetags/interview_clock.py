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

