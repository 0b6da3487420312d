"""Practice streaks: pure functions over the days on which a candidate practised (no database, no clock).

A day counts when the candidate completed at least one practice action (an evaluated interview answer or a submitted
study task) on that calendar day *in their own time zone*. The current streak runs up to today; today without an
action yet does not break it (the day is not over). One freeze day is earned for every 7 days of a streak; a freeze
is spent automatically on a missed day so that the streak survives it (the missed day itself adds nothing). When the
streak breaks, unspent freezes are lost with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from accounts.time_zone import day_zone

FREEZE_EVERY = 7


@dataclass(frozen=True)
class Streak:
    current: int = 0
    longest: int = 0
    freezes_available: int = 0
    freezes_used: int = 0  # spent on missed days inside the current streak
    practised_today: bool = False


def zone_for(name: str | None) -> tzinfo:
    """The user's zone, or the server's (`TIME_ZONE`) for an empty or unknown name (a bad value must never break a
    page): the study loop's fallback too (`accounts.time_zone.day_zone`), so both streaks count the same days."""
    return day_zone(name)


def local_days(moments: Iterable[datetime], zone: tzinfo) -> set[date]:
    """The distinct calendar days, in `zone`, of aware datetimes (several actions in one day count once)."""
    return {moment.astimezone(zone).date() for moment in moments}


def compute_streak(days: Iterable[date], today: date) -> Streak:
    """Walk the calendar from the first practice day to `today` and return the streak as it stands."""
    practised = {day for day in days if day <= today}
    if not practised:
        return Streak()
    current = longest = freezes = used = earned_in_streak = 0
    day = min(practised)
    while day <= today:
        if day in practised:
            current += 1
            earned_in_streak += 1
            if earned_in_streak % FREEZE_EVERY == 0:
                freezes += 1
        elif day == today:
            pass  # the day is not over yet
        elif freezes > 0:
            freezes -= 1
            used += 1
        else:
            current = freezes = used = earned_in_streak = 0
        longest = max(longest, current)
        day += timedelta(days=1)
    return Streak(current=current, longest=longest, freezes_available=freezes, freezes_used=used,
                  practised_today=today in practised)


def streak_for_moments(moments: Iterable[datetime], *, zone_name: str | None, now: datetime) -> Streak:
    zone = zone_for(zone_name)
    return compute_streak(local_days(moments, zone), now.astimezone(zone).date())
