"""The signed-in user's time zone (`User.timezone`, set on the profile) is the request's current time zone, so pages
and API answers show local times in it (a comment's time, a date in a template, DRF's datetimes) instead of the
server's UTC. Nothing else activated it: a candidate in Pacific/Pago_Pago saw times eleven hours ahead.

Sessions are covered by `UserTimeZoneMiddleware`; token (JWT) requests authenticate inside the API view, after every
middleware ran, so `accounts.authentication.CachedJWTAuthentication` activates the zone of the token's user, and the
middleware deactivates it when the response leaves.

Business days stay the server's (UTC): the study loop's "today" (`studypaths.study.today`), its progress days and the
AI quota's day are pinned to the default zone, so activating a zone here never moves them (see docs/study-paths.md).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone


def zone_of(user) -> ZoneInfo | None:
    """The profile's zone of a signed-in user; None for anyone else or a name the zone database does not know."""
    if user is None or not user.is_authenticated or not getattr(user, "timezone", ""):
        return None
    try:
        return ZoneInfo(user.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None  # an old or hand-edited value: the server's zone, as for anyone signed out


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
