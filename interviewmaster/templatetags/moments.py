"""`{{ value|moment }}` and `{{ value|day }}`: a date and time, or a day, as every page shows it to a person —
"6 Dec 2026, 14:05" and "6 Dec 2026" in the reader's time zone (interviewmaster/moments.py) — inside a `<time>` whose
`datetime` stays machine-readable (ISO 8601). `moment_text` / `day_text` give the words alone, for an attribute such as
an `aria-label`. The pages had six formats of their own."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from interviewmaster import moments

register = template.Library()

register.filter("moment_text", moments.moment_text)
register.filter("day_text", moments.day_text)
register.filter("zoned_moment_text", moments.zoned_moment_text)
register.filter("zoned_time_text", moments.zoned_time_text)


@register.filter
def moment(value) -> str:
    shown = moments.as_moment(value)
    if shown is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', shown.isoformat(timespec="seconds"), moments.moment_text(shown))


@register.filter
def zoned_moment(value) -> str:
    """`moment` with the zone's abbreviation ("6 Dec 2026, 09:05 EST"): every page's date and time (the expert's
    plan page, every admin column through `MomentsAdminMixin`, the candidate's pages), where an hour read as another
    zone's is a missed interview. Pages use this one; `moment` stays for a caller that names the zone itself."""
    shown = moments.as_moment(value)
    if shown is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', shown.isoformat(timespec="seconds"),
                       moments.zoned_moment_text(shown))


@register.filter
def zoned_time(value) -> str:
    """A time of day with its zone ("14:05 CET"), for a time whose day the page already gives (when a hint was
    taken, on the interview's report and the expert's pages); the `datetime` keeps the whole moment."""
    shown = moments.as_moment(value)
    if shown is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', shown.isoformat(timespec="seconds"),
                       moments.zoned_time_text(shown))


@register.filter
def day(value) -> str:
    shown = moments.as_day(value)
    if shown is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', shown.isoformat(), moments.day_text(shown))
