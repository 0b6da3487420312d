"""The candidate's presence in the room and the clock (interviews/presence.py): the clock stops when the last of the
candidate's sockets is gone, whether it closed cleanly (`disconnect()`) or died with its web process (no
`disconnect()` at all: the socket's stamp stops being refreshed, and the time since its last sign of life is a
disconnect gap like any other).

A web process killed outright is played by ending the communicator's event loop without a `websocket.disconnect`:
every task of the consumer is cancelled and nothing of `disconnect()` runs, as with SIGKILL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.db.models import F
from django.utils import timezone

from interviewmaster.testing import session_cookie
from interviews import presence, services
from interviews.models import InterviewSession, RoomConnection, SessionEvent, Turn
from interviews.tests.test_consumers import in_own_loop, receive_until, room

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(bank, candidate):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"], "max_follow_ups_per_question": 1})
    return session, session_cookie(candidate)


async def open_and_die(session_id: int, cookie: str) -> dict:
    """Open the room, get its state, and die with the process (no disconnect)."""
    ws = room(session_id, cookie)
    assert (await ws.connect())[0]
    return await ws.receive_json_from()


async def come_back(session_id: int, cookie: str) -> dict:
    """Open the room again, get its state, and close it cleanly."""
    ws = room(session_id, cookie)
    assert (await ws.connect())[0]
    again = await ws.receive_json_from()
    await ws.disconnect()
    return again


def time_passes(session_id: int, seconds: int) -> None:
    """Everything the clock and presence know about happened `seconds` earlier (as if that long went by since)."""
    gone = timedelta(seconds=seconds)
    sessions = InterviewSession.objects.filter(id=session_id)
    sessions.filter(running_since__isnull=False).update(running_since=F("running_since") - gone)
    sessions.filter(paused_since__isnull=False).update(paused_since=F("paused_since") - gone)
    sessions.update(last_activity_at=F("last_activity_at") - gone)
    Turn.objects.filter(session_id=session_id, running_since__isnull=False).update(
        running_since=F("running_since") - gone)
    RoomConnection.objects.filter(session_id=session_id).update(seen_at=F("seen_at") - gone,
                                                               connected_at=F("connected_at") - gone)


def test_a_killed_web_process_does_not_charge_the_candidate_for_the_time_until_they_are_back(live):
    session, cookie = live
    state = in_own_loop(open_and_die, session.id, cookie)
    before = state["session"]["remaining_seconds"]
    assert InterviewSession.objects.get(id=session.id).state == "in_progress"  # nothing paused it
    time_passes(session.id, 600)

    again = in_own_loop(come_back, session.id, cookie)
    # The ten minutes without a sign of life were a disconnect: the clock stood still, the pause is on the record.
    assert again["session"]["state"] == "in_progress"
    assert before - 5 <= again["session"]["remaining_seconds"] <= before
    assert again["turn"]["remaining_seconds"] >= state["turn"]["remaining_seconds"] - 5
    assert 595 <= again["session"]["paused_seconds"] <= 605
    pause = SessionEvent.objects.filter(session=session, kind="state.changed", data__to="paused").order_by("id")[0]
    assert pause.data["reason"] == "disconnect"
    assert SessionEvent.objects.filter(session=session, kind="room.lost").exists()


def test_the_gap_starts_at_the_last_sign_of_life_not_the_last_heartbeat(live, candidate):
    """Stopping the socket's stamp does not buy time while writing on: a draft saved after the last heartbeat (here
    over the API, with the room's process dead) is a sign of life, and the gap starts there."""
    session, cookie = live
    state = in_own_loop(open_and_die, session.id, cookie)
    time_passes(session.id, 600)
    services.save_draft(session=session, candidate=candidate, turn_id=state["turn"]["turn"], text="still typing")
    time_passes(session.id, 60)  # and a minute more until the candidate is back

    again = in_own_loop(come_back, session.id, cookie)
    assert 55 <= again["session"]["paused_seconds"] <= 65  # the minute after the draft, not the 11 since the stamp
    assert again["session"]["remaining_seconds"] <= state["session"]["remaining_seconds"] - 595


def test_the_sweep_pauses_a_room_whose_process_died_and_abandons_it_after_the_idle_limit(live, settings):
    session, cookie = live
    state = in_own_loop(open_and_die, session.id, cookie)
    time_passes(session.id, presence.lapse_seconds() + 30)
    services.abandon_idle_sessions()
    stored = InterviewSession.objects.get(id=session.id)
    assert (stored.state, stored.paused_reason) == ("paused", "disconnect")
    # stopped at the last sign of life, not at the sweep
    assert state["session"]["remaining_seconds"] - 5 <= stored.remaining_seconds()
    assert not RoomConnection.objects.filter(session=session).exists()
    # As after a clean disconnect, an interview nobody comes back to is abandoned after the idle limit (its clock is
    # stopped, so it does not run out and end as "time up" with a report of questions never answered).
    time_passes(session.id, settings.INTERVIEW_IDLE_MINUTES * 60)
    services.abandon_idle_sessions()
    assert InterviewSession.objects.get(id=session.id).state == "abandoned"


def test_a_quiet_but_live_room_is_not_paused_by_the_sweep(live, settings):
    """The stamp is refreshed by the server's own loop for as long as the socket lives, not by the page: a client
    that sends nothing (no pings, no drafts) cannot get its clock stopped while it stays connected."""
    settings.INTERVIEW_TIMER_SECONDS = 0.05
    session, cookie = live

    async def quiet():
        ws = room(session.id, cookie)
        assert (await ws.connect())[0]
        await ws.receive_json_from()
        await database_sync_to_async(RoomConnection.objects.filter(session_id=session.id).update)(
            seen_at=F("seen_at") - timedelta(hours=1))  # the page has sent nothing for an hour
        old = timezone.now() - timedelta(seconds=60)
        for _ in range(200):  # the next heartbeat
            await asyncio.sleep(0.05)
            if await database_sync_to_async(RoomConnection.objects.filter(session_id=session.id,
                                                                          seen_at__gt=old).exists)():
                break
        await database_sync_to_async(services.abandon_idle_sessions)()
        stored = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
        await ws.disconnect()
        return stored.state

    assert in_own_loop(quiet) == "in_progress"  # never paused while connected


def test_closing_one_of_two_tabs_leaves_the_clock_running(live):
    """The clock pauses only when no socket of the candidate is connected."""
    session, cookie = live

    async def two_tabs():
        first, second = room(session.id, cookie), room(session.id, cookie)
        for ws in (first, second):
            assert (await ws.connect())[0]
        turn = (await first.receive_json_from())["turn"]["turn"]
        await second.receive_json_from()
        await first.disconnect(timeout=10)
        after_one = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
        # the tab still open goes on: its drafts are taken, nothing says paused
        await second.send_json_to({"type": "answer.draft", "turn": turn, "text": "typing on", "code": "",
                                   "language": ""})
        reply, seen = await receive_until(second, "draft.saved", "error")
        await second.disconnect(timeout=10)
        after_both = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
        return after_one, reply, seen, after_both

    after_one, reply, seen, after_both = in_own_loop(two_tabs)
    assert after_one.state == "in_progress"
    assert reply["type"] == "draft.saved"
    assert not any(m["type"] == "state" and m["session"]["state"] == "paused" for m in seen)
    assert (after_both.state, after_both.paused_reason) == ("paused", "disconnect")


def test_a_second_tab_opening_while_one_died_credits_the_gap_once(live):
    """A tab whose process died does not count as present: the other tab's arrival after the lapse treats the time
    since its last sign of life as a disconnect, and a tab that is really open does count."""
    session, cookie = live
    in_own_loop(open_and_die, session.id, cookie)
    time_passes(session.id, 300)

    async def two_tabs():
        first = room(session.id, cookie)
        assert (await first.connect())[0]
        state = await first.receive_json_from()
        second = room(session.id, cookie)
        assert (await second.connect())[0]
        await second.receive_json_from()
        await second.disconnect(timeout=10)
        still = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
        await first.disconnect(timeout=10)
        return state, still

    state, still = in_own_loop(two_tabs)
    assert 295 <= state["session"]["paused_seconds"] <= 305
    assert still.state == "in_progress"
    assert SessionEvent.objects.filter(session=session, kind="state.changed", data__to="paused").count() == 2


def test_a_failed_timer_step_does_not_end_the_sockets_stamps(live, settings, monkeypatch):
    """One database error in the timer loop ended it (only cancellation was caught): the socket's stamp stopped with
    it, and the sweep then paused the room under a candidate still at work."""
    from django.db import OperationalError

    from interviews import consumers

    settings.INTERVIEW_TIMER_SECONDS = 0.05
    session, cookie = live
    real_tick, failed = consumers._tick, []

    def tick_failing_once(session_id):
        if not failed:
            failed.append(True)
            raise OperationalError("server closed the connection unexpectedly")
        return real_tick(session_id)

    monkeypatch.setattr(consumers, "_tick", tick_failing_once)

    async def quiet():
        ws = room(session.id, cookie)
        assert (await ws.connect())[0]
        await ws.receive_json_from()
        for _ in range(200):  # until the timer's resync has failed once
            await asyncio.sleep(0.05)
            if failed:
                break
        await database_sync_to_async(RoomConnection.objects.filter(session_id=session.id).update)(
            seen_at=F("seen_at") - timedelta(hours=1))
        old = timezone.now() - timedelta(seconds=60)
        for _ in range(200):  # the loop goes on and stamps again
            await asyncio.sleep(0.05)
            if await database_sync_to_async(RoomConnection.objects.filter(session_id=session.id,
                                                                          seen_at__gt=old).exists)():
                break
        await database_sync_to_async(services.abandon_idle_sessions)()
        stored = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
        await ws.disconnect()
        return stored.state

    assert in_own_loop(quiet) == "in_progress" and failed


def test_a_stamp_landing_during_the_sweep_keeps_the_room_running(live, monkeypatch):
    """The sweep read the rows as lapsed, then a late stamp committed (it takes no session lock): deleting every row
    of the session took the fresh one too and paused a live room."""
    session, cookie = live
    in_own_loop(open_and_die, session.id, cookie)
    time_passes(session.id, presence.lapse_seconds() + 30)
    real_lost_at = presence._lost_at

    def lost_at_then_a_stamp(locked, now):
        since = real_lost_at(locked, now)
        RoomConnection.objects.filter(session_id=locked.id).update(seen_at=timezone.now())  # the concurrent commit
        return since

    monkeypatch.setattr(presence, "_lost_at", lost_at_then_a_stamp)
    assert presence.pause_lost_rooms() == 0
    assert InterviewSession.objects.get(id=session.id).state == "in_progress"
    assert RoomConnection.objects.filter(session=session).exists()


def test_a_stamp_of_a_socket_that_closed_meanwhile_does_not_bring_it_back(live, candidate):
    """A stamp already running when `disconnect()` left the room found its row gone and joined again: a row for a
    dead channel, and a closed room resumed."""
    session, cookie = live
    in_own_loop(open_and_die, session.id, cookie)
    [row] = RoomConnection.objects.filter(session=session)
    presence.leave_room(session_id=session.id, candidate=candidate, channel=row.channel_name)
    assert InterviewSession.objects.get(id=session.id).state == "paused"

    presence.stamp(session_id=session.id, candidate=candidate, channel=row.channel_name, still_open=lambda: False)

    assert InterviewSession.objects.get(id=session.id).state == "paused"
    assert not RoomConnection.objects.filter(session=session).exists()
