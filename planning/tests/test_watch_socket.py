"""The expert watches the planned interview through the interview websocket as a read-only observer."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.tests.factories import ExpertFactory
from interviewmaster.testing import session_cookie, websocket
from planning import interview_link

pytestmark = pytest.mark.django_db(transaction=True)


def socket(session_id: int, user) -> WebsocketCommunicator:
    return websocket(f"/ws/interviews/{session_id}/", session_cookie(user))


def _started(plan):
    """The candidate starts the invited plan's interview: its session."""
    return interview_link.start_planned_interview(plan=plan, candidate=plan.candidate)


async def test_the_plans_expert_joins_as_observer_and_another_expert_is_refused(invited_plan):
    plan = invited_plan
    session = await database_sync_to_async(_started)(plan)
    expert = await database_sync_to_async(lambda: plan.expert)()
    watcher = socket(session.id, expert)
    connected, _ = await watcher.connect()
    assert connected
    state = await watcher.receive_json_from(timeout=10)
    assert state["type"] == "state" and state["role"] == "observer"
    await watcher.send_json_to({"type": "session.finish"})  # an observer cannot act
    reply = await watcher.receive_json_from(timeout=10)
    assert reply["type"] == "error"
    await watcher.disconnect()
    stranger = socket(session.id, await database_sync_to_async(ExpertFactory)())
    assert await stranger.close_code() == 4404  # plan-watch.js reads it and stops reconnecting


HOSTILE = '<img src=x onerror="alert(1)"> I would use a <b>hash map</b> & compare'
CODE = "def solve(nums):\n    return '</script><script>alert(2)</script>'\n"


async def receive_until(ws, *types, timeout=10):
    """Messages up to and including the first one of `types` (all of them, in order)."""
    seen = []
    while True:
        seen.append(await ws.receive_json_from(timeout=timeout))
        if seen[-1]["type"] in types:
            return seen[-1], seen


async def drain(ws, seconds=1.0) -> list[dict]:
    """Everything a socket receives in the next `seconds`."""
    seen = []
    while not await ws.receive_nothing(timeout=seconds):
        seen.append(await ws.receive_json_from())
    return seen


async def test_the_observer_alone_receives_the_answers_and_integrity_counts(invited_plan):
    plan = invited_plan
    session = await database_sync_to_async(_started)(plan)
    expert, candidate = await database_sync_to_async(lambda: (plan.expert, session.candidate))()
    watcher = socket(session.id, expert)
    assert (await watcher.connect())[0]
    assert (await watcher.receive_json_from(timeout=10))["transcript"] == []  # nothing asked yet
    player = socket(session.id, candidate)
    assert (await player.connect())[0]
    state = await player.receive_json_from(timeout=10)
    assert state["role"] == "candidate" and "transcript" not in state
    warm_up = state["turn"]["turn"]

    await player.send_json_to({"type": "signal", "kind": "paste", "turn": warm_up})
    await player.send_json_to({"type": "answer.submit", "turn": warm_up, "text": HOSTILE, "code": CODE,
                               "language": "python"})
    integrity, _ = await receive_until(watcher, "integrity")
    assert integrity == {"type": "integrity", "turn": warm_up, "kind": "warm_up", "question_number": 0,
                         "paste_count": 1, "visibility_count": 0, "idle_count": 0, "longest_idle_seconds": 0,
                         "hints_used": 0, "pause_count": 0, "paused_seconds": 0}
    answer, _ = await receive_until(watcher, "answer")
    assert (answer["turn"], answer["kind"], answer["question_number"]) == (warm_up, "warm_up", 0)
    assert answer["text"] == HOSTILE and answer["code"] == CODE and answer["language"] == "python"

    # The candidate's own socket gets the next question, never the observer's copies.
    seen = (await receive_until(player, "question"))[1]
    while seen[-1]["turn"] == warm_up:  # the warm-up's own push may come after the state
        seen += (await receive_until(player, "question"))[1]
    seen += await drain(player)
    assert not [m for m in seen if m["type"] in ("answer", "integrity") or "transcript" in m]

    # A watcher that (re)connects finds everything asked so far, once, with the answer as written.
    again = socket(session.id, expert)
    assert (await again.connect())[0]
    transcript = (await again.receive_json_from(timeout=10))["transcript"]
    assert [(t["kind"], t["question_number"]) for t in transcript] == [("warm_up", 0), ("question", 1)]
    assert transcript[0]["answer"]["text"] == HOSTILE and transcript[0]["integrity"]["paste_count"] == 1
    assert transcript[1]["answer"] is None and transcript[1]["status"] == "open"
    for ws in (watcher, player, again):
        await ws.disconnect()


async def test_cancelling_the_plan_tells_the_open_room_and_the_watcher_and_closes_them(invited_plan):
    from interviews.consumers import CLOSE_ENDED
    from planning import services

    plan = invited_plan
    session = await database_sync_to_async(_started)(plan)
    expert, candidate = await database_sync_to_async(lambda: (plan.expert, session.candidate))()
    player, watcher = socket(session.id, candidate), socket(session.id, expert)
    for ws in (player, watcher):
        assert (await ws.connect())[0]
        await ws.receive_json_from(timeout=10)

    await database_sync_to_async(services.cancel_plan)(plan=plan, expert=expert, comment="Withdrawn")

    for ws in (player, watcher):
        state, _ = await receive_until(ws, "state")
        while state["session"]["state"] != "cancelled":
            state, _ = await receive_until(ws, "state")
        assert state["reason"] == "plan_cancelled" and state["turn"] is None
        closed = await ws.receive_output(timeout=10)
        assert closed == {"type": "websocket.close", "code": CLOSE_ENDED}
        await ws.send_input({"type": "websocket.disconnect", "code": CLOSE_ENDED})  # as the browser answers a close
        await ws.wait(5)
