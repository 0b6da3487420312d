"""The signed-in user's time zone (`User.timezone`, set on the profile) is the request's current time zone, so pages
and API answers show local times in it (a comment's time, a date in a template, DRF's datetimes) instead of the
server's UTC. Nothing else activated it: a candidate in Pacific/Pago_Pago saw times eleven hours ahead.

Sessions are covered by `UserTimeZoneMiddleware`; token (JWT) requests authenticate inside the API view, after every
middleware ran, so `accounts.authentication.CachedJWTAuthentication` activates the zone of the token's user, and the
middleware deactivates it when the response leaves.

Business days never come from the activated zone (a Celery worker has none, and a mentor's request would activate
the mentor's): each is computed from an explicit zone. The study loop's day is the candidate's own (`local_day` of
their profile zone, `studypaths.study.today`; docs/study-paths.md), as analytics' streak days are; the AI quota's day
stays the server's (`TIME_ZONE`, UTC).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone


def zone_named(name: str | None) -> ZoneInfo | None:
    """The zone of an IANA name; None for an empty name or one the zone database does not know (an old or
    hand-edited profile value must never break a page or a worker run). The lookup opens a file by that name: a
    folder of the database ("Europe", which admin lets through) is an OSError, which made every request of the
    account a 500."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_of(user) -> ZoneInfo | None:
    """The profile's zone of a signed-in user; None for anyone else or a name the zone database does not know."""
    if user is None or not user.is_authenticated:
        return None
    return zone_named(getattr(user, "timezone", ""))


def day_zone(name: str | None) -> tzinfo:
    """The zone whose calendar gives a candidate's days: their profile's (`name`), the server's (`TIME_ZONE`) when it
    is empty or unknown. Taken from the name, never from the activated zone, so the worker (no request) and a
    mentor's request (the mentor's zone) count the candidate's days as the candidate's own requests do."""
    return zone_named(name) or timezone.get_default_timezone()


def local_day(name: str | None, *, now: datetime | None = None) -> date:
    """The date at `now` (default: this moment) in `day_zone(name)`: "today" for a candidate whose profile zone is
    `name`."""
    return timezone.localdate(now or timezone.now(), timezone=day_zone(name))


def end_of_local_day(name: str | None, *, now: datetime | None = None) -> datetime:
    """The midnight after `now` in `day_zone(name)`: when the candidate's today ends (exclusive)."""
    return datetime.combine(local_day(name, now=now) + timedelta(days=1), time.min, tzinfo=day_zone(name))


def activate_zone_of(user) -> None:
    zone = zone_of(user)
    if zone is None:
        timezone.deactivate()
    else:
        timezone.activate(zone)


class UserTimeZoneMiddleware:
    """Activates the session user's zone for the request and deactivates it afterwards (threads are reused)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        activate_zone_of(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
