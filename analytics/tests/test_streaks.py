"""Streaks: a day counts in the candidate's own time zone; one freeze per 7 streak days covers one missed day."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.time_zone import day_zone
from analytics.streaks import compute_streak, local_days, streak_for_moments, zone_for

TODAY = date(2026, 12, 1)
day_offsets = st.sets(st.integers(min_value=0, max_value=120), max_size=60)


def _days(offsets):
    return {TODAY - timedelta(days=offset) for offset in offsets}


def test_no_practice_is_no_streak():
    assert compute_streak(set(), TODAY).current == 0


def test_consecutive_days_up_to_today_count():
    streak = compute_streak(_days(range(5)), TODAY)
    assert (streak.current, streak.longest, streak.practised_today) == (5, 5, True)


def test_today_without_practice_does_not_break_the_streak_yet():
    streak = compute_streak(_days(range(1, 4)), TODAY)
    assert (streak.current, streak.practised_today) == (3, False)


def test_a_missed_day_without_a_freeze_breaks_the_streak():
    streak = compute_streak(_days([0, 1, 3, 4, 5]), TODAY)
    assert (streak.current, streak.longest) == (2, 3)


def test_seven_days_earn_a_freeze_that_covers_one_missed_day():
    days = _days([0, 1] + list(range(3, 10)))  # 7 days, a gap on day 2, then 2 more days
    streak = compute_streak(days, TODAY)
    assert (streak.current, streak.freezes_used, streak.freezes_available) == (9, 1, 0)


def test_two_missed_days_need_two_freezes():
    days = _days([0] + list(range(3, 10)))  # 7 days earn one freeze; two missed days break it
    assert compute_streak(days, TODAY).current == 1


def test_fourteen_days_earn_two_freezes():
    days = _days([0] + list(range(3, 17)))
    streak = compute_streak(days, TODAY)
    assert (streak.current, streak.freezes_used) == (15, 2)


def test_future_days_are_ignored():
    assert compute_streak({TODAY + timedelta(days=1)}, TODAY).current == 0


@given(day_offsets)
def test_current_never_exceeds_longest_or_practised_days(offsets):
    streak = compute_streak(_days(offsets), TODAY)
    assert 0 <= streak.current <= streak.longest <= len(offsets)
    assert streak.freezes_available >= 0


@given(day_offsets, st.integers(min_value=0, max_value=120))
def test_practising_one_more_day_never_shortens_a_streak(offsets, extra):
    before = compute_streak(_days(offsets), TODAY)
    after = compute_streak(_days(offsets | {extra}), TODAY)
    assert after.current >= before.current
    assert after.longest >= before.longest


@given(day_offsets, st.lists(st.integers(min_value=0, max_value=86_399), min_size=1, max_size=5))
def test_several_actions_in_one_day_count_once(offsets, seconds):
    zone = ZoneInfo("Europe/Berlin")
    moments = [datetime.combine(day, time(0), tzinfo=zone) + timedelta(seconds=s)
               for day in _days(offsets) for s in seconds]
    now = datetime.combine(TODAY, time(23, 59, 59), tzinfo=zone)
    once = compute_streak(_days(offsets), TODAY)
    assert streak_for_moments(moments, zone_name="Europe/Berlin", now=now) == once


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe", "Asia/Kolkata",
         "Pacific/Auckland", "America/St_Johns"]


@settings(max_examples=60)
@given(st.sampled_from(ZONES), st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=23),
       st.integers(min_value=0, max_value=59))
def test_one_action_a_local_day_is_an_unbroken_streak_across_dst(zone_name, length, hour, minute):
    """Practising at the same local wall-clock time every day keeps the streak, whatever DST does (23- and 25-hour
    days, Lord Howe's half-hour shift, a skipped or repeated local hour)."""
    zone = ZoneInfo(zone_name)
    first = date(2025, 10, 1)
    moments = [datetime.combine(first + timedelta(days=i), time(hour, minute), tzinfo=zone).astimezone(UTC)
               for i in range(length)]
    last_day = first + timedelta(days=length - 1)
    now = datetime.combine(last_day, time(23, 59), tzinfo=zone)
    streak = streak_for_moments(moments, zone_name=zone_name, now=now)
    assert streak.current == length


@given(st.integers(min_value=1, max_value=200), st.sampled_from(ZONES), st.sampled_from(ZONES))
def test_changing_time_zone_keeps_a_daily_noon_utc_habit(length, zone_a, zone_b):
    """Daily practice at 12:00 UTC lands on consecutive local days in every zone within ±11 h of UTC (all of
    these, outside their DST extremes), so moving from one zone to another keeps the streak."""
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    moments = [start + timedelta(days=i) for i in range(length)]
    for name in (zone_a, zone_b):
        zone = zone_for(name)
        offset_hours = abs(moments[-1].astimezone(zone).utcoffset().total_seconds()) / 3600
        if offset_hours >= 12:
            continue
        now = moments[-1] + timedelta(minutes=1)
        assert streak_for_moments(moments, zone_name=name, now=now).current == length


def test_an_action_late_in_the_evening_counts_for_the_local_day_not_the_utc_day():
    zone = ZoneInfo("America/Los_Angeles")
    late = datetime(2026, 11, 30, 23, 30, tzinfo=zone)  # 07:30 UTC on Dec 1
    assert local_days([late], zone) == {date(2026, 11, 30)}


def test_unknown_time_zone_falls_back_to_the_servers_as_the_study_loop_does(settings):
    assert zone_for("Mars/Olympus") == ZoneInfo("UTC")
    assert zone_for("") == ZoneInfo("UTC")
    settings.TIME_ZONE = "Asia/Tokyo"  # one fallback for both streaks, whatever the server's zone
    assert zone_for("Mars/Olympus") == day_zone("Mars/Olympus") == ZoneInfo("Asia/Tokyo")
