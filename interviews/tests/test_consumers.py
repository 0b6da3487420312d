"""The live room over a websocket (WebsocketCommunicator; the Redis channel layer when REDIS_URL is set, as in CI)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import Client
from rest_framework.test import APIClient

from accounts.tests.factories import DEFAULT_PASSWORD, CandidateFactory, ExpertFactory
from interviewmaster.testing import session_cookie, websocket
from interviews import services
from interviews.models import InterviewSession, RoomConnection, Turn
from interviews.tests.factories import STRONG_ANSWER, answered_turn_of_another_candidate

pytestmark = pytest.mark.django_db(transaction=True)


def in_own_loop(coroutine_function, *args, **kwargs):
    """Run `coroutine_function(*args, **kwargs)` on a fresh event loop in a thread of its own and return its value.
    Playwright's sync API (browser tests earlier in the same pytest session) leaves a running loop in the main thread,
    where pytest-asyncio could not start another. Whatever the coroutine leaves running is cancelled with its loop."""
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine_function(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def own_loop(test):
    """An async test run by `in_own_loop`."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        in_own_loop(test, *args, **kwargs)

    return run


def room(session_id: int, cookie: str | None, origin: bytes = b"http://localhost") -> WebsocketCommunicator:
    return websocket(f"/ws/interviews/{session_id}/", cookie, origin)


async def receive_until(ws, *types, timeout=30):
    """Messages up to and including the first one of `types` (others are returned too, in order)."""
    seen = []
    while True:
        message = await ws.receive_json_from(timeout=timeout)
        seen.append(message)
        if message["type"] in types:
            return message, seen


async def past_warm_up(ws) -> dict:
    """Answer the warm-up of a room just connected; the first real question's message."""
    warm_up = (await ws.receive_json_from())["turn"]["turn"]
    await ws.send_json_to({"type": "answer.submit", "turn": warm_up, "text": "I build APIs."})
    question = {"turn": warm_up}
    while question["turn"] == warm_up:
        question, _ = await receive_until(ws, "question")
    return question


def pushes_lost():
    """Every group message dropped, as the channel layer may drop one (at-most-once delivery)."""
    from unittest import mock

    async def dropped(*args, **kwargs):
        return None

    return mock.patch.object(type(get_channel_layer()), "group_send", dropped)


@pytest.fixture
def live(bank, candidate):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"], "max_follow_ups_per_question": 1})
    return session, session_cookie(candidate)


async def play_full_session(session, cookie):
    ws = room(session.id, cookie)
    connected, _ = await ws.connect()
    assert connected
    state = await ws.receive_json_from()
    assert state["type"] == "state" and state["role"] == "candidate"
    assert state["session"]["state"] == "in_progress" and state["turn"]["kind"] == "warm_up"
    turn = state["turn"]["turn"]
    await ws.send_json_to({"type": "answer.submit", "turn": turn, "text": "I build APIs."})
    question = {"turn": turn}
    while question["turn"] == turn:  # the warm-up's own "question" push may arrive after the state
        question, _ = await receive_until(ws, "question")
    evaluations, kinds = [], []
    for _ in range(12):
        kinds.append(question["kind"])
        await ws.send_json_to({"type": "answer.submit", "turn": question["turn"], "text": STRONG_ANSWER})
        message, seen = await receive_until(ws, "question", "followup", "completed")
        evaluations += [m for m in seen if m["type"] == "evaluation"]
        if message["type"] == "completed":
            break
        question = message
    assert message["report_url"] == f"/interviews/{session.id}/report/"
    final, seen = await receive_until(ws, "state")
    # Each evaluation is pushed when ready, which is after the next question (the room does not wait for it).
    evaluations += [m for m in seen if m["type"] == "evaluation"]
    assert final["session"]["state"] == "evaluated"
    assert kinds.count("question") == 3 and len(evaluations) == len(kinds)
    for evaluation in evaluations:
        assert 0 <= evaluation["score"] <= 100 and evaluation["criteria"]
        assert all({"key", "score", "anchor", "evidence"} <= set(c) for c in evaluation["criteria"])
        assert "flags" not in evaluation  # flags are for the expert only
    await ws.disconnect()


@own_loop
async def test_a_full_session_over_the_websocket(live):
    session, cookie = live
    await play_full_session(session, cookie)
    stored = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
    assert stored.state == "evaluated" and stored.report["answered_questions"] == 3


@pytest.mark.redis
@own_loop
async def test_a_full_session_over_the_redis_channel_layer(live):
    assert type(get_channel_layer()).__name__ == "RedisChannelLayer"
    await play_full_session(*live)


@own_loop
async def test_reconnect_restores_the_draft_and_the_remaining_time(live):
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    state = await ws.receive_json_from()
    turn = state["turn"]["turn"]
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "Half of my answer", "code": "def f():",
                           "language": "python"})
    saved, _ = await receive_until(ws, "draft.saved")
    assert saved["turn"] == turn
    remaining = state["session"]["remaining_seconds"]
    await ws.disconnect()
    stored = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
    assert stored.state == "paused" and stored.paused_reason == "disconnect"  # the clock stopped

    again = room(session.id, cookie)
    connected, _ = await again.connect()
    assert connected
    restored = await again.receive_json_from()
    assert restored["session"]["state"] == "in_progress"
    assert restored["turn"]["turn"] == turn
    assert restored["turn"]["draft"] == {**restored["turn"]["draft"], "text": "Half of my answer",
                                         "code": "def f():", "language": "python"}
    assert remaining - 2 <= restored["session"]["remaining_seconds"] <= remaining
    await again.disconnect()


@own_loop
async def test_another_user_is_refused(live):
    session, _ = live
    stranger = await database_sync_to_async(CandidateFactory)()
    ws = room(session.id, await database_sync_to_async(session_cookie)(stranger))
    # Accepted and closed at once with 4404, which the room reads to stop reconnecting (a 403 at the handshake would
    # reach it as 1006); nothing about the interview is sent first.
    assert await ws.close_code() == 4404


@own_loop
async def test_anonymous_and_foreign_origin_are_refused(live):
    session, cookie = live
    assert await room(session.id, None).close_code() == 4401
    ws = room(session.id, cookie, origin=b"http://evil.example")
    connected, _ = await ws.connect()
    assert not connected
    await ws.disconnect()


@own_loop
async def test_the_expert_observes_read_only(bank, candidate):
    expert = await database_sync_to_async(ExpertFactory)()
    session = await database_sync_to_async(services.start_session)(
        candidate=candidate, mode="custom_config", role="backend_engineer", config={}, expert=expert,
        planned_questions=[{"prompt": "Explain how a hash map handles collisions.", "category": "language_knowledge",
                            "difficulty": "medium", "expected_points": ["chaining"]}])
    candidate_ws = room(session.id, await database_sync_to_async(session_cookie)(candidate))
    await candidate_ws.connect()
    turn = (await candidate_ws.receive_json_from())["turn"]["turn"]
    observer = room(session.id, await database_sync_to_async(session_cookie)(expert))
    connected, _ = await observer.connect()
    assert connected
    state = await observer.receive_json_from()
    assert state["role"] == "observer" and state["turn"]["turn"] == turn
    for message in ({"type": "answer.submit", "turn": turn, "text": "expert answers"},
                    {"type": "answer.draft", "turn": turn, "text": "x"}, {"type": "session.finish"}):
        await observer.send_json_to(message)
        error, _ = await receive_until(observer, "error")
        assert error["code"] == "observer_read_only"
    stored = await database_sync_to_async(Turn.objects.get)(id=turn)
    assert stored.status == "open" and stored.answer_text == "" and stored.draft_text == ""
    # The observer sees what the candidate does.
    await candidate_ws.send_json_to({"type": "answer.submit", "turn": turn, "text": "Chaining with linked lists."})
    question, _ = await receive_until(observer, "question")
    assert question["kind"] == "question"
    await observer.disconnect()
    await candidate_ws.disconnect()


@own_loop
async def test_bad_messages_get_errors_and_keep_the_connection(live):
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    turn = (await ws.receive_json_from())["turn"]["turn"]
    await ws.send_to(text_data="{not json")
    assert (await receive_until(ws, "error"))[0]["code"] == "malformed_message"
    await ws.send_json_to({"type": "launch.rockets"})
    assert (await receive_until(ws, "error"))[0]["code"] == "unknown_type"
    for kind in ([], {}, ["answer.submit"], None, 7):  # a list or an object crashed the consumer (unhashable)
        await ws.send_json_to({"type": kind})
        assert (await receive_until(ws, "error"))[0]["code"] == "unknown_type"
    await ws.send_json_to({"type": "answer.submit", "turn": "one", "text": "x"})
    assert (await receive_until(ws, "error"))[0]["code"] == "invalid_message"
    await ws.send_json_to({"type": "answer.submit", "turn": turn, "text": 42})
    assert (await receive_until(ws, "error"))[0]["code"] == "invalid_message"
    await ws.send_json_to({"type": "answer.submit", "turn": turn, "text": "   "})
    assert (await receive_until(ws, "error"))[0]["code"] == "empty_answer"
    await ws.send_json_to({"type": "signal", "kind": "telepathy"})
    assert (await receive_until(ws, "error"))[0]["code"] == "invalid_signal"
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "still here"})
    assert (await receive_until(ws, "draft.saved"))[0]["turn"] == turn
    await ws.disconnect()


@own_loop
async def test_another_interviews_turn_is_not_found_over_the_socket(live):
    """`answer.submit` / `answer.draft` naming a turn of someone else's interview (answered there) got `stale_turn`
    ("already answered"); it is `not_found`, and the connection stays."""
    session, cookie = live

    foreign = await database_sync_to_async(answered_turn_of_another_candidate)("Theirs.")
    ws = room(session.id, cookie)
    await ws.connect()
    own = (await ws.receive_json_from())["turn"]["turn"]
    for kind in ("answer.submit", "answer.draft"):
        await ws.send_json_to({"type": kind, "turn": foreign, "text": "Mine.", "code": "", "language": ""})
        error, _ = await receive_until(ws, "error")
        assert (error["code"], error["message"]) == ("not_found", "No such question in this interview."), kind
    await ws.send_json_to({"type": "answer.draft", "turn": own, "text": "still here"})
    assert (await receive_until(ws, "draft.saved"))[0]["turn"] == own
    await ws.disconnect()
    stored = await database_sync_to_async(Turn.objects.get)(id=foreign)
    assert stored.answer_text == "Theirs."


@own_loop
async def test_pause_resume_and_finish_from_the_room(live):
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    await ws.receive_json_from()
    await ws.send_json_to({"type": "session.pause"})
    paused, _ = await receive_until(ws, "state")
    assert paused["session"]["state"] == "paused"
    await ws.send_json_to({"type": "session.resume"})
    resumed, _ = await receive_until(ws, "state")
    assert resumed["session"]["state"] == "in_progress"
    await ws.send_json_to({"type": "session.finish"})
    completed, _ = await receive_until(ws, "completed")
    assert completed["reason"] == "finished"
    await ws.disconnect()


@own_loop
async def test_a_paused_room_refuses_drafts_and_keeps_what_was_typed_before_the_pause(live):
    """With or without Redis (the fast path stashes drafts without the database): once paused, a draft is refused
    with `interview_paused` and nothing is stored; the draft sent just before the pause is in the database."""
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    turn = (await ws.receive_json_from())["turn"]["turn"]
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "before", "code": "", "language": ""})
    await receive_until(ws, "draft.saved")
    await ws.send_json_to({"type": "session.pause"})
    paused, _ = await receive_until(ws, "state")
    assert paused["session"]["state"] == "paused"
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "while paused", "code": "", "language": ""})
    reply, _ = await receive_until(ws, "error", "draft.saved")
    assert (reply["type"], reply.get("code")) == ("error", "interview_paused")
    stored = await database_sync_to_async(Turn.objects.get)(id=turn)
    assert stored.draft_text == "before"
    await ws.disconnect()
    stored = await database_sync_to_async(Turn.objects.get)(id=turn)
    assert stored.draft_text == "before"


@own_loop
async def test_one_user_holds_at_most_the_allowed_sockets_on_one_interview(live, settings):
    """More sockets do not multiply the per-socket budget: one more than INTERVIEW_WS_CONNECTIONS_PER_USER is closed
    with 4429 (the room says why and stops reconnecting); closing one frees its place."""
    settings.INTERVIEW_WS_CONNECTIONS_PER_USER = 2
    session, cookie = live
    first, second = room(session.id, cookie), room(session.id, cookie)
    for ws in (first, second):
        assert (await ws.connect())[0]
        await ws.receive_json_from()
    assert await room(session.id, cookie).close_code() == 4429
    await first.disconnect(timeout=10)  # the default 1 s can cancel the handler (and its release) on a busy machine
    third = room(session.id, cookie)
    assert (await third.connect())[0]
    assert (await third.receive_json_from())["type"] == "state"
    for ws in (second, third):
        await ws.disconnect()


@own_loop
async def test_a_flood_of_messages_is_rate_limited(live, settings):
    settings.INTERVIEW_WS_MESSAGES_PER_10S = 3
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    await ws.receive_json_from()
    for _ in range(4):
        await ws.send_json_to({"type": "signal", "kind": "paste"})
    error, _ = await receive_until(ws, "error")
    assert error["code"] == "rate_limited"
    await ws.disconnect()


@own_loop
async def test_the_timer_ticks_and_ends_the_interview_when_time_is_up(live, settings):
    settings.INTERVIEW_TIMER_SECONDS = 0.2
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    await ws.receive_json_from()
    timer, _ = await receive_until(ws, "timer")
    assert timer["remaining_seconds"] > 0 and timer["turn_remaining_seconds"] > 0
    await database_sync_to_async(InterviewSession.objects.filter(id=session.id).update)(time_used_seconds=10 ** 6)
    completed, _ = await receive_until(ws, "completed")
    assert completed["reason"] == "time_up"
    await ws.disconnect()


@own_loop
async def test_the_timer_counts_down_locally_and_reads_the_database_only_to_resync(live, settings):
    """200 rooms ticking every 5 s used to make 40 database reads a second in the web process, and the candidates'
    answers queued behind them: now one tick in consumers.TIMER_RESYNC_TICKS reads the database."""
    from unittest import mock

    from interviews import consumers

    settings.INTERVIEW_TIMER_SECONDS = 0.05
    session, cookie = live
    with mock.patch.object(consumers, "_tick", wraps=consumers._tick) as ticks:
        ws = room(session.id, cookie)
        await ws.connect()
        state = await ws.receive_json_from()
        timers = []
        while len(timers) < 2 * consumers.TIMER_RESYNC_TICKS:
            message, _ = await receive_until(ws, "timer")
            timers.append(message)
        await ws.disconnect()
    assert ticks.call_count <= 2
    assert all(t["turn"] == state["turn"]["turn"] and t["state"] == "in_progress" for t in timers)
    start = state["session"]["remaining_seconds"]
    assert all(start - 2 <= t["remaining_seconds"] <= start for t in timers)  # under a second went by


@pytest.mark.redis
@pytest.mark.slow
@own_loop
async def test_a_quiet_room_still_hears_the_channel_layer_after_more_than_five_seconds(live):
    """redis-py's default 5 s socket timeout equals channels_redis' 5 s BZPOPMIN: a room quiet for 5 s used to lose
    its channel-layer reader ("Timeout reading from redis")."""
    import asyncio

    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    await ws.receive_json_from()
    await asyncio.sleep(6.5)
    await get_channel_layer().group_send(f"interview.{session.id}", {
        "type": "interview.hint", "message": {"type": "hint", "turn": 1, "text": "still listening"}})
    hint, _ = await receive_until(ws, "hint")
    assert hint["text"] == "still listening"
    await ws.disconnect()


@pytest.mark.redis
@own_loop
async def test_a_draft_is_stashed_at_once_and_written_to_the_database_on_disconnect(live):
    """With Redis the reply does not wait for the database; a web process dying before the flush loses nothing
    because the room's state prefers the newer stash; the disconnect writes it to the database."""
    from interviews import presenters

    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    turn = (await ws.receive_json_from())["turn"]["turn"]
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "typed just now", "code": "",
                           "language": ""})
    saved, _ = await receive_until(ws, "draft.saved")
    stored = await database_sync_to_async(Turn.objects.get)(id=turn)
    assert stored.draft_text == ""  # not in the database yet (flushed every few seconds)
    fresh = await database_sync_to_async(
        lambda: presenters.room_state(InterviewSession.objects.get(id=session.id), role="candidate"))()
    assert fresh["turn"]["draft"]["text"] == "typed just now"  # what a restarted web process would send
    await ws.disconnect()
    stored = await database_sync_to_async(Turn.objects.get)(id=turn)
    assert stored.draft_text == "typed just now"


@pytest.mark.redis
@own_loop
async def test_a_draft_with_a_nul_character_is_refused_on_the_fast_path_too_and_the_time_up_still_ends_it(live):
    """The Redis fast path stashed a draft holding U+0000 and answered draft.saved; the database never took it, and
    at time-up the hand-in wrote the stash to PostgreSQL, which raised: the interview never ended (and the idle sweep
    failed on it every minute)."""
    from interviews import drafts

    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    question = await past_warm_up(ws)
    turn = question["turn"]
    await database_sync_to_async(drafts.forget)([(session.id, turn)])  # a stash of an earlier run's same ids
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "half\x00an answer", "code": "",
                           "language": ""})
    reply, _ = await receive_until(ws, "error", "draft.saved")
    assert (reply["type"], reply.get("code")) == ("error", "invalid_message")
    assert await database_sync_to_async(drafts.stashed)(session.id, turn) is None
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "a clean draft", "code": "",
                           "language": ""})
    await receive_until(ws, "draft.saved")
    await database_sync_to_async(InterviewSession.objects.filter(id=session.id).update)(time_used_seconds=10 ** 6)
    assert await database_sync_to_async(services.expire_if_out_of_time)(session_id=session.id)
    stored = await database_sync_to_async(Turn.objects.get)(id=turn)
    assert stored.answer_text == "a clean draft"
    await ws.disconnect()


@pytest.mark.redis
@own_loop
async def test_the_fast_path_refuses_code_its_judge_problems_tests_cannot_run_and_languages_not_offered(candidate):
    """The Redis fast path checked the language only against the config's list, empty for "every language": it
    stashed code labelled "klingon" or "ruby" on a judge problem's question, and the time-up handed it in unjudged."""
    from interviews import drafts
    from interviews.tests.factories import QuestionFactory
    from studypaths.tests.factories import ProblemFactory

    def start():
        question = QuestionFactory(problem=ProblemFactory().slug)
        return services.start_session(candidate=candidate, mode="quick_start",
                                      planned_questions=[{"question_id": question.id}])

    session = await database_sync_to_async(start)()
    ws = room(session.id, await database_sync_to_async(session_cookie)(candidate))
    await ws.connect()
    question = await past_warm_up(ws)
    turn = question["turn"]
    await database_sync_to_async(drafts.forget)([(session.id, turn)])  # a stash of an earlier run's same ids
    for language in ("ruby", "klingon"):
        await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "", "code": "def add(a, b): return 0",
                               "language": language})
        reply, _ = await receive_until(ws, "error", "draft.saved")
        assert (reply["type"], reply.get("code")) == ("error", "unsupported_language")
    assert await database_sync_to_async(drafts.stashed)(session.id, turn) is None
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "", "code": "def add(a, b): return 0",
                           "language": "python"})
    await receive_until(ws, "draft.saved")
    assert (await database_sync_to_async(drafts.stashed)(session.id, turn))["language"] == "python"
    await ws.disconnect()


@pytest.mark.parametrize("invited", [False, True])
@own_loop
async def test_the_room_says_at_once_when_a_code_answers_tests_were_not_run_for_the_judge_budget(
        candidate, settings, invited):
    """Over the judge budget a self-started interview's code answer is scored as if its tests had failed; the room
    said nothing of it (only the report did, at the end). It now says so as the answer is judged, in a `tests`
    message. An expert-invited interview's tests run anyway, and nothing is said."""
    from unittest import mock

    from django.utils import timezone

    from interviews.models import InterviewSession
    from interviews.tests.factories import QuestionFactory
    from studypaths import sandbox
    from studypaths.models import CodeRun
    from studypaths.tests.factories import ProblemFactory

    settings.SANDBOX_SUBMISSION_WALL_SECONDS, settings.SANDBOX_USER_JUDGE_SECONDS = 10, 25

    def start():
        problem = ProblemFactory()
        CodeRun.objects.create(user=candidate, problem=problem, language="python", code="x", status="done",
                               wall_ms=16000, finished_at=timezone.now())  # 16 + a submission's 10 > 25
        question = QuestionFactory(problem=problem.slug)
        session = services.start_session(candidate=candidate, mode="quick_start",
                                         planned_questions=[{"question_id": question.id}])
        InterviewSession.objects.filter(id=session.id).update(is_planned=invited)  # only planning plans
        return session

    session = await database_sync_to_async(start)()
    ws = room(session.id, await database_sync_to_async(session_cookie)(candidate))
    await ws.connect()
    question = await past_warm_up(ws)
    judged = sandbox.SandboxResult(verdict=sandbox.ACCEPTED, language="python", mode="test", wall_ms=900,
                                   tests=[sandbox.TestResult(name="example 1", verdict=sandbox.ACCEPTED)])
    with mock.patch("studypaths.services.judge_code", return_value=judged) as judge:
        await ws.send_json_to({"type": "answer.submit", "turn": question["turn"], "text": "A sum.",
                               "code": "def add(a, b):\n    return a + b\n", "language": "python"})
        _, seen = await receive_until(ws, "followup", "question", "completed")
    kinds = [m["type"] for m in seen]
    told = [m for m in seen if m["type"] == "tests"]
    if invited:
        judge.assert_called_once()
        assert told == []
    else:
        judge.assert_not_called()
        assert told == [{"type": "tests", "turn": question["turn"], "status": "not_run",
                         "message": services.TESTS_NOT_RUN_MESSAGE}]
        assert kinds.index("answer.accepted") < kinds.index("tests")  # the acceptance first, then why
        assert "tests were not run" in told[0]["message"] and "judge time" in told[0]["message"]
    await ws.disconnect()


@own_loop
async def test_an_end_whose_push_was_lost_closes_the_room_at_the_next_timer_resync(live, settings):
    """The resync sent the cancelled state but left the socket open (only the pushed event closed it with 4410)."""
    from interviews.consumers import CLOSE_ENDED

    settings.INTERVIEW_TIMER_SECONDS = 0.05
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    await ws.receive_json_from()
    with pushes_lost():
        await database_sync_to_async(services.withdraw_session)(session=session, reason="plan_cancelled")
        state, _ = await receive_until(ws, "state", timeout=10)
        while state["session"]["state"] != "cancelled":
            state, _ = await receive_until(ws, "state", timeout=10)
        closed = await ws.receive_output(timeout=10)
        assert closed == {"type": "websocket.close", "code": CLOSE_ENDED}
    await ws.send_input({"type": "websocket.disconnect", "code": CLOSE_ENDED})
    await ws.wait(5)


@own_loop
async def test_a_next_question_whose_push_was_lost_reaches_the_room_at_the_next_timer_resync(live, settings):
    """Group messages are at-most-once: with every push dropped, the room still gets the next question (and later the
    end) from the timer's database resync instead of waiting forever."""
    settings.INTERVIEW_TIMER_SECONDS = 0.05
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    state = await ws.receive_json_from()
    first = state["turn"]["turn"]
    with pushes_lost():
        await ws.send_json_to({"type": "answer.submit", "turn": first, "text": "I build APIs."})
        await receive_until(ws, "answer.accepted")
        resent, seen = await receive_until(ws, "state", timeout=10)
        assert resent["turn"] and resent["turn"]["turn"] != first
        assert not [m for m in seen if m["type"] in ("question", "followup")]  # it came from the resync
        await database_sync_to_async(InterviewSession.objects.filter(id=session.id).update)(
            time_used_seconds=10 ** 6)
        ended, _ = await receive_until(ws, "state", timeout=10)
        assert ended["session"]["state"] in ("completed", "evaluated")
    await ws.disconnect()


@own_loop
async def test_a_fault_in_handling_a_message_is_an_error_and_the_room_stays_open(live, monkeypatch):
    """An exception escaping receive_json closed the socket without disconnect(): the clock kept running (no pause)
    and the socket's slot stayed held, so three such faults locked the candidate out with 4429."""
    from interviews import consumers

    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    turn = (await ws.receive_json_from())["turn"]["turn"]

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setitem(consumers.ACTIONS, "hint.request", broken)
    await ws.send_json_to({"type": "hint.request"})
    assert (await receive_until(ws, "error"))[0]["code"] == "internal_error"
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "still here"})
    assert (await receive_until(ws, "draft.saved"))[0]["turn"] == turn
    await ws.disconnect()


@own_loop
async def test_deep_or_huge_json_gets_an_error_and_the_room_stays_open(live):
    """The room decodes with the bounded JSON of every consumer (interviewmaster.consumers): a 100,000-deep frame
    used to raise RecursionError in the decoder and close the socket with 1011."""
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    await ws.receive_json_from()
    await ws.send_to(text_data="[" * 100_000 + "]" * 100_000)
    assert (await receive_until(ws, "error"))[0]["code"] in {"message_too_deep", "message_too_large"}
    await ws.send_to(bytes_data=b"\x00\x01")
    assert (await receive_until(ws, "error"))[0]["code"] == "malformed_message"
    await ws.send_json_to({"type": "launch.rockets"})
    assert (await receive_until(ws, "error"))[0]["code"] == "unknown_type"  # still open
    await ws.disconnect()


async def messages_after_connect(ws, quiet=1.0):
    """Every message the room sends on connect, up to `quiet` seconds of silence (the timer's first tick is later)."""
    seen = [await ws.receive_json_from(timeout=10)]
    while not await ws.receive_nothing(timeout=quiet):
        seen.append(await ws.receive_json_from())
    return seen


@own_loop
async def test_connect_sends_the_room_state_once(live, settings):
    """The candidate's arrival begins the interview, or resumes one a dropped connection paused; the services push
    that change to the room's group, which this socket has already joined. The state sent on connect already shows
    it: the echo is not sent again (the page redrew the room twice and, paused, asked to resume twice)."""
    settings.INTERVIEW_TIMER_SECONDS = 30  # no tick within the count
    session, cookie = live
    ws = room(session.id, cookie)
    assert (await ws.connect())[0]
    first = await messages_after_connect(ws)
    assert [m["type"] for m in first] == ["state"], [m["type"] for m in first]
    assert first[0]["session"]["state"] == "in_progress" and first[0]["turn"]["kind"] == "warm_up"
    await ws.disconnect()
    stored = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
    assert stored.state == "paused" and stored.paused_reason == "disconnect"

    again = room(session.id, cookie)
    assert (await again.connect())[0]
    second = await messages_after_connect(again)
    assert [m["type"] for m in second] == ["state"], [m["type"] for m in second]
    assert second[0]["session"]["state"] == "in_progress" and second[0]["turn"]["turn"] == first[0]["turn"]["turn"]
    # A change made afterwards still reaches the room.
    await again.send_json_to({"type": "session.pause"})
    paused, _ = await receive_until(again, "state")
    assert paused["session"]["state"] == "paused"
    await again.send_json_to({"type": "session.resume"})
    resumed, _ = await receive_until(again, "state")
    assert resumed["session"]["state"] == "in_progress"
    await again.disconnect()


@own_loop
async def test_a_reconnect_shows_the_hints_given_on_the_open_turn_and_that_none_are_left(live, settings):
    """After a reload the hints given were gone from the room, and with the question's hints used up "I need a hint"
    was enabled again, only to answer hint_limit_reached: the state sent on connect said nothing of either."""
    settings.INTERVIEW_HINTS_PER_QUESTION = 2
    session, cookie = live
    ws = room(session.id, cookie)
    assert (await ws.connect())[0]
    question = await past_warm_up(ws)
    assert (question["hints"], question["hints_left"]) == ([], 2)
    given = []
    for _ in range(2):
        await ws.send_json_to({"type": "hint.request"})
        hint, _ = await receive_until(ws, "hint")
        given.append(hint)
    assert [hint["hints_left"] for hint in given] == [1, 0]  # the room disables the button with the last one
    await ws.disconnect()

    again = room(session.id, cookie)
    assert (await again.connect())[0]
    state = await again.receive_json_from()
    assert state["type"] == "state" and state["turn"]["turn"] == question["turn"]
    assert state["turn"]["hints"] == [{"text": hint["text"], "at": hint["at"]} for hint in given]
    assert state["turn"]["hints_left"] == 0
    await again.disconnect()


@own_loop
async def test_the_watch_page_hears_a_pause_undone_in_the_same_commit(bank, candidate, settings):
    """A room lost with its process is paused and resumed in one commit when the candidate comes back (presence): the
    two pushes then read a session as the expert's socket last showed it, and were both dropped as echoes, so the
    watch page's "paused … in all" stayed short of the time given back."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    settings.INTERVIEW_TIMER_SECONDS = 30
    expert = await database_sync_to_async(ExpertFactory)()
    session = await database_sync_to_async(services.start_session)(
        candidate=candidate, mode="custom_config", role="backend_engineer", config={}, expert=expert,
        planned_questions=[{"prompt": "Explain hashing.", "category": "language_knowledge",
                            "difficulty": "medium", "expected_points": ["x"]}])
    candidate_ws = room(session.id, await database_sync_to_async(session_cookie)(candidate))
    assert (await candidate_ws.connect())[0]
    await candidate_ws.receive_json_from()
    observer = room(session.id, await database_sync_to_async(session_cookie)(expert))
    assert (await observer.connect())[0]
    assert (await observer.receive_json_from())["session"]["paused_seconds"] == 0

    def lost_and_back():  # as presence.join_room does for a room lost in a dead process
        with transaction.atomic():
            locked = InterviewSession.objects.select_for_update().get(id=session.id)
            services.stop_clocks(locked, actor=None, reason="disconnect", at=timezone.now() - timedelta(seconds=40))
            locked.refresh_from_db()
            services.resume_session(session=locked, candidate=candidate)

    await database_sync_to_async(lost_and_back)()
    state, _ = await receive_until(observer, "state", timeout=5)
    assert state["session"]["paused_seconds"] >= 40
    await observer.disconnect()
    await candidate_ws.disconnect()


def test_a_paused_rooms_running_pause_is_no_change_but_a_pause_given_back_is():
    """The time paused in all counts on while the room is paused: read into what a socket has shown, every push then
    looked new. Once the room runs again, a different total is a change (the watch page shows it)."""
    from interviews.consumers import InterviewConsumer

    def state(value, paused_seconds):
        return {"session": {"state": value, "paused_reason": "manual" if value == "paused" else "",
                            "paused_seconds": paused_seconds, "asked_questions": 2}, "turn": {"turn": 7},
                "evaluations": [{}]}

    shows = InterviewConsumer._shows
    assert shows(state("paused", 10)) == shows(state("paused", 11))
    assert shows(state("in_progress", 10)) != shows(state("in_progress", 50))


@own_loop
async def test_a_lone_surrogate_in_any_text_field_is_refused_like_the_api_refuses_it(live):
    """`"\\ud800"` in a draft's or an answer's text, code or language made a UnicodeEncodeError (the database or
    Redis cannot encode it): a traceback in the log and `internal_error`. The REST API refuses it with 400; the room
    refuses it in the same words (`invalid_message`, the field named) and stores nothing."""
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    turn = (await ws.receive_json_from())["turn"]["turn"]
    for kind in ("answer.draft", "answer.submit"):
        for field in ("text", "code", "language"):
            message = {"type": kind, "turn": turn, "text": "fine", "code": "", "language": ""}
            message[field] = "half \ud800 broken"
            await ws.send_json_to(message)
            reply, _ = await receive_until(ws, "error", "draft.saved", "answer.accepted")
            assert (reply["type"], reply["code"]) == ("error", "invalid_message"), (kind, field, reply)
            assert reply["fields"] == {field: ["Surrogate characters are not allowed: U+D800."]}
    await ws.send_json_to({"type": "signal", "kind": "\ud800"})
    assert (await receive_until(ws, "error"))[0]["code"] == "invalid_signal"
    stored = await database_sync_to_async(Turn.objects.get)(id=turn)
    assert (stored.draft_text, stored.answer_text, stored.submitted_at) == ("", "", None)
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "still here"})
    assert (await receive_until(ws, "draft.saved"))[0]["turn"] == turn
    await ws.disconnect()


@own_loop
async def test_errors_echo_at_most_forty_characters_of_a_clients_value(live):
    """A 100 KB signal kind came back whole in `invalid_signal`; the unknown type was already cut at 40 characters.
    One helper (input_limits.echoed) cuts both, and a language that is not offered."""
    session, cookie = live
    ws = room(session.id, cookie)
    await ws.connect()
    turn = (await ws.receive_json_from())["turn"]["turn"]
    cases = [({"type": "signal", "kind": "x" * 100_000}, "invalid_signal", "x"),
             ({"type": "y" * 100_000}, "unknown_type", "y"),
             ({"type": "answer.draft", "turn": turn, "text": "t", "language": "z" * 100_000}, "unsupported_language",
              "z")]
    for message, code, letter in cases:
        await ws.send_json_to(message)
        reply, _ = await receive_until(ws, "error")
        assert reply["code"] == code
        assert f"'{letter * 40}'…" in reply["message"] and letter * 41 not in str(reply), reply["message"]
    await ws.disconnect()


@pytest.mark.redis
@own_loop
async def test_the_fast_path_and_the_service_agree_on_which_drafts_are_kept(candidate, settings):
    """The fast path repeated the service's checks in its own words, and the two could drift: a draft one took and
    the other refused was stashed and then lost (the flush swallows the refusal) or handed in at time-up. Both ask
    `services.answer_input_refusal` now: over a table of drafts, the room stashes exactly those the service keeps,
    and answers every other one with the service's own error."""
    from interviewmaster.errors import DomainError
    from interviews import drafts
    from interviews.tests.factories import QuestionFactory
    from studypaths.tests.factories import ProblemFactory

    settings.INTERVIEW_WS_MESSAGES_PER_10S = 1000
    code = "def add(a, b):\n    return a + b\n"
    table = [
        {"text": "A clean draft."},
        {"code": code, "language": "python"},
        {"text": "Words only.", "language": "ruby"},
        {"code": "   \n", "language": "ruby"},
        {"text": "caf\u00e9 \U0001f600"},
        {"text": "a" * services.MAX_TEXT_CHARS, "code": code, "language": "python"},
        {"text": "a" * (services.MAX_TEXT_CHARS + 1)},
        {"code": "a" * (services.MAX_CODE_CHARS + 1), "language": "python"},
        {"text": "half\x00an answer"},
        {"code": code + "\x00", "language": "python"},
        {"text": "half \ud800 broken"},
        {"code": "# \udfff", "language": "python"},
        {"text": "t", "language": "py\ud800"},
        {"text": "t", "language": "klingon"},
        {"text": "t", "language": "javascript"},  # the problem's tests run it, but the interview does not offer it
        {"code": code, "language": "ruby"},  # offered, but the problem's tests do not run it
        {"code": code, "language": ""},
    ]

    def start():
        question = QuestionFactory(problem=ProblemFactory().slug)
        return services.start_session(candidate=candidate, mode="quick_start", config={"languages": ["python", "ruby"]},
                                      planned_questions=[{"question_id": question.id}])

    def by_the_service(session_id, turn, draft):
        try:
            services.save_draft(session=InterviewSession.objects.get(id=session_id), candidate=candidate,
                                turn_id=turn, **draft)
        except DomainError as exc:
            return exc.code
        return None

    session = await database_sync_to_async(start)()
    ws = room(session.id, await database_sync_to_async(session_cookie)(candidate))
    await ws.connect()
    turn = (await past_warm_up(ws))["turn"]
    for given in table:
        draft = {"text": "", "code": "", "language": "", **given}
        await database_sync_to_async(drafts.forget)([(session.id, turn)])
        await ws.send_json_to({"type": "answer.draft", "turn": turn, **draft})
        reply, _ = await receive_until(ws, "error", "draft.saved")
        stash = await database_sync_to_async(drafts.stashed)(session.id, turn)
        fast = stash is not None and {k: stash[k] for k in draft} == draft
        room_refusal = reply.get("code") if reply["type"] == "error" else None
        service_refusal = await database_sync_to_async(by_the_service)(session.id, turn, draft)
        shown = {k: v[:30] for k, v in given.items()}
        assert (fast, room_refusal) == (service_refusal is None, service_refusal), shown
    await ws.disconnect()


@own_loop
async def test_a_reconnect_still_says_the_last_answers_tests_were_not_run_until_the_next_answer(
        candidate, self_started_over_the_judge_budget):
    """The room said "tests not run" once, in the `tests` message: a reload or a reconnect before the next answer lost
    it. The `state` sent on connect now carries the same message for the last answered turn, until the next answer."""
    session = self_started_over_the_judge_budget
    cookie = await database_sync_to_async(session_cookie)(candidate)
    ws = room(session.id, cookie)
    await ws.connect()
    question = await past_warm_up(ws)
    await ws.send_json_to({"type": "answer.submit", "turn": question["turn"], "text": "A sum.",
                           "code": "def add(a, b):\n    return a + b\n", "language": "python"})
    _, seen = await receive_until(ws, "question")
    told = [m for m in seen if m["type"] == "tests"]
    assert [m["turn"] for m in told] == [question["turn"]]
    await ws.disconnect()

    again = room(session.id, cookie)
    await again.connect()
    state = await again.receive_json_from()
    assert state["type"] == "state" and state["turn"]["turn"] != question["turn"]
    assert state["tests"] == told[0]  # the live message, word for word
    await again.send_json_to({"type": "answer.submit", "turn": state["turn"]["turn"], "text": "In words."})
    _, seen = await receive_until(again, "question")
    assert not [m for m in seen if m["type"] == "tests"]
    await again.disconnect()

    last = room(session.id, cookie)
    await last.connect()
    state = await last.receive_json_from()
    assert state["type"] == "state" and state["tests"] is None  # the next answer was submitted: no longer news
    await last.disconnect()


@pytest.mark.redis
@own_loop
async def test_a_question_whose_problem_was_unpublished_keeps_its_tests_languages_in_the_room(candidate, settings):
    """The room read a question's judge problem among the published ones only (studypaths' `problem_for`), the service
    and the judge among every problem. Once the problem was unpublished mid-interview, a reload showed the question
    without its problem, and the fast path stashed code in any offered language and said "saved"; the service then
    refused it at the flush, which swallowed the refusal: the draft was lost. All read `linked_problem` now: the room
    still shows the problem its tests judge by, and code in a language they do not run gets the service's error."""
    from interviews import drafts
    from interviews.tests.factories import QuestionFactory
    from studypaths.models import Problem
    from studypaths.tests.factories import ProblemFactory

    code = "def add(a, b):\n    return a + b\n"

    def start():
        question = QuestionFactory(problem=ProblemFactory().slug)
        return services.start_session(candidate=candidate, mode="quick_start", config={"languages": ["python", "ruby"]},
                                      planned_questions=[{"question_id": question.id}])

    session = await database_sync_to_async(start)()
    cookie = await database_sync_to_async(session_cookie)(candidate)
    ws = room(session.id, cookie)
    await ws.connect()
    turn = (await past_warm_up(ws))["turn"]
    await ws.disconnect()
    await database_sync_to_async(drafts.forget)([(session.id, turn)])  # Redis outlives the test database's ids
    slug = (await database_sync_to_async(Turn.objects.get)(id=turn)).snapshot["problem"]
    await database_sync_to_async(Problem.objects.filter(slug=slug).update)(is_published=False)

    ws = room(session.id, cookie)  # the candidate reloads the page
    await ws.connect()
    state = await ws.receive_json_from()
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "", "code": code, "language": "ruby"})
    reply, _ = await receive_until(ws, "error", "draft.saved")
    assert (reply["type"], reply.get("code")) == ("error", "unsupported_language")  # was "draft.saved", then lost
    assert state["turn"]["turn"] == turn and (state["turn"]["problem"] or {}).get("languages") == \
        ["javascript", "python"]
    assert await database_sync_to_async(drafts.stashed)(session.id, turn) is None
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "", "code": code, "language": "python"})
    reply, _ = await receive_until(ws, "error", "draft.saved")
    assert reply["type"] == "draft.saved"
    await ws.disconnect()  # the flush: the service keeps what the room said it saved
    saved = await database_sync_to_async(Turn.objects.get)(id=turn)
    assert (saved.draft_code, saved.draft_language) == (code, "python")


@own_loop
async def test_a_planned_interviews_candidate_socket_gets_no_scores_or_missed_points(bank, candidate):
    """A planned hiring interview showed the candidate "18/100 … Most important to add: …" after an answer, before
    its follow-up was answered. The evaluation goes to the expert's socket only; the candidate's gets none, and its
    `state` (connect, reconnect) carries no evaluations."""
    expert = await database_sync_to_async(ExpertFactory)()
    session = await database_sync_to_async(services.start_session)(
        candidate=candidate, mode="custom_config", role="backend_engineer",
        config={"max_follow_ups_per_question": 1}, expert=expert,
        planned_questions=[{"prompt": "How would you isolate tenants in one database?", "category": "system_design",
                            "difficulty": "medium",
                            "expected_points": ["Shared tables with tenant_id", "row level security"]}])
    cookie = await database_sync_to_async(session_cookie)(candidate)
    candidate_ws = room(session.id, cookie)
    assert (await candidate_ws.connect())[0]
    observer = room(session.id, await database_sync_to_async(session_cookie)(expert))
    assert (await observer.connect())[0]
    question = await past_warm_up(candidate_ws)
    await candidate_ws.send_json_to({"type": "answer.submit", "turn": question["turn"], "text": "One schema each."})
    evaluation, _ = await receive_until(observer, "evaluation")  # the expert's watch socket still gets it
    assert evaluation["turn"] == question["turn"] and "score" in evaluation
    _, seen = await receive_until(candidate_ws, "followup", "completed")
    while not await candidate_ws.receive_nothing(timeout=1):
        seen.append(await candidate_ws.receive_json_from())
    assert [m for m in seen if m["type"] == "evaluation"] == []
    assert all(m.get("evaluations", []) == [] for m in seen)
    assert "tenant_id" not in str(seen) and "Most important to add" not in str(seen)
    await candidate_ws.disconnect()
    again = room(session.id, cookie)
    assert (await again.connect())[0]
    state = await again.receive_json_from()
    assert state["type"] == "state" and state["evaluations"] == []
    await again.disconnect()
    await observer.disconnect()


async def within(ws, *types, seconds=20):
    """`receive_until` with a deadline: a socket hears the timer every second, so a message that never comes would
    otherwise be waited for forever."""
    return await asyncio.wait_for(receive_until(ws, *types), seconds)


@own_loop
async def test_a_paused_planned_interview_hides_its_question_from_the_candidate_and_counts_the_pause(bank, candidate):
    """The question stayed on the screen while the clock was stopped, so a candidate could research it and resume.
    Paused, the candidate's room is sent the open turn without its question; resumed, it is sent again. The expert
    still sees it, and the integrity counts say how many pauses and how long, per question."""
    from datetime import timedelta

    from django.utils import timezone

    prompt = "How would you isolate tenants in one database?"
    expert = await database_sync_to_async(ExpertFactory)()
    session = await database_sync_to_async(services.start_session)(
        candidate=candidate, mode="custom_config", role="backend_engineer", config={}, expert=expert,
        planned_questions=[{"prompt": prompt, "category": "system_design", "difficulty": "medium",
                            "expected_points": ["Shared tables with tenant_id"]}])
    cookie = await database_sync_to_async(session_cookie)(candidate)
    candidate_ws = room(session.id, cookie)
    assert (await candidate_ws.connect())[0]
    question = await past_warm_up(candidate_ws)
    assert question["prompt"] == prompt
    observer = room(session.id, await database_sync_to_async(session_cookie)(expert))
    assert (await observer.connect())[0]
    await observer.receive_json_from()

    await candidate_ws.send_json_to({"type": "session.pause"})
    paused, seen = await within(candidate_ws, "state")
    assert paused["session"]["state"] == "paused"
    assert paused["turn"]["turn"] == question["turn"] and paused["turn"]["hidden"] is True
    assert paused["turn"]["prompt"] == "" and paused["turn"]["title"] == "" and paused["turn"]["problem"] is None
    assert prompt not in str(seen)
    integrity, _ = await within(observer, "integrity")
    assert (integrity["turn"], integrity["pause_count"]) == (question["turn"], 1)
    watched, _ = await within(observer, "state")
    assert watched["session"]["state"] == "paused" and watched["turn"]["prompt"] == prompt  # the expert still sees it
    await candidate_ws.disconnect()  # a reload while paused: still no question
    candidate_ws = room(session.id, cookie)
    assert (await candidate_ws.connect())[0]
    again = await candidate_ws.receive_json_from()
    assert again["session"]["state"] == "paused" and again["turn"]["prompt"] == "" and again["turn"]["hidden"]

    await database_sync_to_async(InterviewSession.objects.filter(id=session.id).update)(
        paused_since=timezone.now() - timedelta(seconds=90))  # the pause lasted a minute and a half
    await candidate_ws.send_json_to({"type": "session.resume"})
    resumed, _ = await within(candidate_ws, "state")
    assert resumed["session"]["state"] == "in_progress"
    assert resumed["turn"]["prompt"] == prompt and "hidden" not in resumed["turn"]
    integrity, _ = await within(observer, "integrity")
    assert integrity["pause_count"] == 1 and 90 <= integrity["paused_seconds"] < 100
    await candidate_ws.disconnect()
    await observer.disconnect()


@own_loop
async def test_a_paused_self_started_interview_keeps_its_question(live):
    session, cookie = live
    ws = room(session.id, cookie)
    assert (await ws.connect())[0]
    question = await past_warm_up(ws)
    await ws.send_json_to({"type": "session.pause"})
    paused, _ = await receive_until(ws, "state")
    assert paused["session"]["state"] == "paused" and paused["turn"]["prompt"] == question["prompt"]
    assert "hidden" not in paused["turn"]
    await ws.disconnect()


@pytest.fixture
def planned_room(planned_live, candidate):
    return planned_live, session_cookie(candidate)


@own_loop
async def test_the_room_finishes_a_planned_interview_with_questions_left_only_when_confirmed(planned_room):
    """`session.finish` alone ended a hiring interview with its questions unreached (the room's "are you sure?" was
    its script's alone). Without `"confirm": true` it is now an error event, and the interview goes on."""
    session, cookie = planned_room
    ws = room(session.id, cookie)
    await ws.connect()
    warm_up = (await ws.receive_json_from())["turn"]["turn"]
    for message in ({"type": "session.finish"}, {"type": "session.finish", "confirm": False},
                    {"type": "session.finish", "confirm": "yes"}):
        await ws.send_json_to(message)
        error, _ = await receive_until(ws, "error")
        if message.get("confirm") == "yes":
            assert error["code"] == "invalid_message"
        else:
            assert error["code"] == "finish_needs_confirmation" and error["fields"]["remaining_questions"] == ["2"]
    stored = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
    assert (stored.state, stored.ended_at) == ("in_progress", None)
    assert (await database_sync_to_async(Turn.objects.get)(id=warm_up)).status == "open"
    # another user's socket is closed at once (4404): it never reaches the finish
    stranger = room(session.id, await database_sync_to_async(session_cookie)(
        await database_sync_to_async(CandidateFactory)()))
    assert await stranger.close_code() == 4404
    await ws.send_json_to({"type": "session.finish", "confirm": True})
    completed, _ = await receive_until(ws, "completed")
    assert completed["reason"] == "finished"
    stored = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
    assert stored.state in ("completed", "evaluated")
    await ws.disconnect()


# --- a connection cut without a close frame (a tab closed mid-message, the network gone) ---------------------------
@pytest.fixture
def cuttable(monkeypatch):
    """Rooms whose transport the test cuts as uvicorn sees a tab closed without a close frame: from then on every send
    raises ClientDisconnected and nothing arrives. Yields (cut, opened): `cut(n)` cuts the n-th room opened; `opened`
    holds the consumers, in the order they connected."""
    from uvicorn.protocols.utils import ClientDisconnected

    import interviewmaster.asgi
    from interviews.consumers import InterviewConsumer

    real, transports, opened = interviewmaster.asgi.application, [], []

    async def application(scope, receive, send):
        transport = {"cut": False}
        transports.append(transport)

        async def fragile_send(message):
            if transport["cut"]:
                raise ClientDisconnected()
            await send(message)

        await real(scope, receive, fragile_send)

    connect = InterviewConsumer.connect

    async def recording_connect(self):
        opened.append(self)
        await connect(self)

    monkeypatch.setattr(interviewmaster.asgi, "application", application)
    monkeypatch.setattr(InterviewConsumer, "connect", recording_connect)
    yield (lambda n: transports[n].update(cut=True)), opened


async def ended(ws, timeout=5):
    """Wait for the room's consumer to end; True when it ended cleanly (a consumer that died of the dead client's
    ClientDisconnected counts as ended, not clean: the assertions that follow say what it left behind)."""
    try:
        await ws.wait(timeout)
    except Exception:  # noqa: BLE001 - the unfixed consumer let ClientDisconnected escape
        return False
    return True


async def fresh(session_id: int) -> InterviewSession:
    return await database_sync_to_async(InterviewSession.objects.get)(id=session_id)


@own_loop
async def test_connections_cut_mid_draft_end_their_work_pause_the_interview_and_free_their_slots(
        live, settings, cuttable, caplog):
    """A reviewer's reproduction: the room's draft reply to a client that was gone raised ClientDisconnected, the error
    handler's reply raised again, and `disconnect()` never ran. The timer loop failed every tick forever ("timer step
    failed"), the interview stayed in progress with its clock running, and the loop kept refreshing the socket's slot:
    after three such drops every connection was refused with 4429."""
    settings.INTERVIEW_TIMER_SECONDS = 0.2  # a slot refresh every 1.2 s, as every 30 s at the default tick
    cut, opened = cuttable
    session, cookie = live
    for n in range(3):  # the allowed sockets (INTERVIEW_WS_CONNECTIONS_PER_USER), each dropped mid-draft
        ws = room(session.id, cookie)
        assert (await ws.connect())[0]
        turn = (await ws.receive_json_from())["turn"]["turn"]
        cut(n)
        for _ in range(5):
            await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "x"})
        assert await ended(ws)
    await asyncio.sleep(1.5)  # past a slot refresh and several ticks of any loop left running
    assert len(opened) == 3 and all(consumer.ticker.done() for consumer in opened)
    assert not [r for r in caplog.records if "timer step failed" in r.getMessage()]
    paused = await fresh(session.id)
    assert (paused.state, paused.paused_reason) == ("paused", "disconnect")  # as a clean close pauses it
    left = paused.remaining_seconds()
    await asyncio.sleep(1.1)
    assert (await fresh(session.id)).remaining_seconds() == left  # the clock stopped
    back = [room(session.id, cookie) for _ in range(2)]  # a 4th and a 5th socket: the slots were given back
    for ws in back:
        assert (await ws.connect())[0]
        state = await ws.receive_json_from()
        assert state["type"] == "state" and state["session"]["state"] == "in_progress"  # the reconnect resumed it
    for ws in back:
        await ws.disconnect(timeout=10)


@own_loop
async def test_the_timer_loop_alone_finds_a_cut_connection_and_ends_its_work(live, settings, cuttable):
    """Belt and braces: a dead socket no message arrives on is found by the timer loop's next send, which leaves the
    room (before, it logged "timer step failed" every tick forever and held the slot). The server's late
    `websocket.disconnect` then changes nothing: the room is left once, and the new connection's clock runs on."""
    settings.INTERVIEW_TIMER_SECONDS = 0.2
    settings.INTERVIEW_WS_CONNECTIONS_PER_USER = 1
    cut, opened = cuttable
    session, cookie = live
    ws = room(session.id, cookie)
    assert (await ws.connect())[0]
    await ws.receive_json_from()
    cut(0)
    for _ in range(50):  # the next tick's send fails; leaving the room follows in a task of its own
        paused = await fresh(session.id)
        if paused.state != "in_progress":
            break
        await asyncio.sleep(0.1)
    assert opened[0].ticker.done()
    assert (paused.state, paused.paused_reason) == ("paused", "disconnect")
    # the slot is released a step after the room is left: with one socket allowed, reconnect once all of it is done
    await asyncio.wait_for(asyncio.shield(opened[0].ending), 10)
    again = room(session.id, cookie)
    assert (await again.connect())[0]
    assert (await again.receive_json_from())["session"]["state"] == "in_progress"
    await ws.send_input({"type": "websocket.disconnect", "code": 1006})  # as uvicorn says at last
    assert await ended(ws)
    assert (await fresh(session.id)).state == "in_progress"  # the old socket did not leave the room twice
    await again.disconnect(timeout=10)


@own_loop
async def test_a_dead_connections_slot_lapses_even_when_releasing_it_fails(live, settings, cuttable, monkeypatch):
    """A socket's slot is an expiring mark that its timer loop refreshes: a loop left running on a dead socket kept it
    forever. Now the loop ends with the connection, so a slot whose release failed (the cache briefly gone) lapses."""
    from interviews import consumers

    settings.INTERVIEW_TIMER_SECONDS = 0.2  # a refresh every 1.2 s, within the 2 s lifetime below
    settings.INTERVIEW_WS_CONNECTIONS_PER_USER = 1
    monkeypatch.setattr(consumers, "_slot_lifetime", lambda: 2.0)
    monkeypatch.setattr(consumers, "_release_slot", lambda *args: None)
    cut, _ = cuttable
    session, cookie = live
    ws = room(session.id, cookie)
    assert (await ws.connect())[0]
    turn = (await ws.receive_json_from())["turn"]["turn"]
    cut(0)
    await ws.send_json_to({"type": "answer.draft", "turn": turn, "text": "x"})
    assert await ended(ws)
    await asyncio.sleep(3)
    again = room(session.id, cookie)
    assert (await again.connect())[0]
    assert (await again.receive_json_from())["type"] == "state"  # not closed with 4429
    await again.disconnect(timeout=10)


@own_loop
async def test_an_answer_that_reached_the_server_before_the_cut_was_found_is_still_stored(
        live, settings, cuttable, monkeypatch):
    """uvicorn delivers what it received before it reports the cut. The timer loop may find the client gone first;
    an answer already received was then dropped (ClientGone raised before acting), where a clean close stores it (R2).
    Leaving the room is held back here so the interview is still live when the queued answer is handled."""
    from interviews import consumers
    from interviews.models import Turn

    settings.INTERVIEW_TIMER_SECONDS = 0.2
    monkeypatch.setattr(consumers, "_leave", lambda *args: None)
    cut, opened = cuttable
    session, cookie = live
    ws = room(session.id, cookie)
    assert (await ws.connect())[0]
    turn = (await ws.receive_json_from())["turn"]["turn"]
    cut(0)
    for _ in range(50):  # the next tick's send fails: the consumer knows the client is gone
        if opened[0].ticker.done():
            break
        await asyncio.sleep(0.1)
    assert opened[0].ticker.done() and opened[0].closing
    await ws.send_json_to({"type": "answer.submit", "turn": turn, "text": "I build APIs."})
    assert await ended(ws)
    stored = await database_sync_to_async(Turn.objects.get)(id=turn)
    assert stored.answer_text == "I build APIs." and stored.status != "open"


@own_loop
async def test_a_cancelled_room_stops_its_own_loops_and_leaves_the_rest_to_the_presence_sweep(live, settings,
                                                                                            cuttable):
    """A cancelled consumer is the process going down: it runs no cleanup (the presence sweep settles the room from
    its last sign of life), but its timer and draft loops stop with it, or they renewed the socket slot and the
    presence stamp of a consumer that was gone (the final reading)."""
    settings.INTERVIEW_TIMER_SECONDS = 0.2
    _cut, opened = cuttable
    session, cookie = live
    ws = room(session.id, cookie)
    assert (await ws.connect())[0]
    await ws.receive_json_from()
    ws.future.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await ws.future
    for _ in range(50):
        if opened[0].ticker.done() and opened[0].flusher.done():
            break
        await asyncio.sleep(0.05)
    assert opened[0].ticker.done() and opened[0].flusher.done()
    assert (await fresh(session.id)).state == "in_progress"  # not left: the sweep's, as for a killed process


# --- The end of a browser session closes its sockets (interviewmaster/socket_sign_out.py) ----------------------------
async def closed_with(ws, timeout=5):
    """The close code of a socket the server closes, past whatever it sent before."""
    while True:
        output = await ws.receive_output(timeout)
        if output["type"] == "websocket.close":
            return output.get("code")


def errors_logged(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


@own_loop
async def test_an_expert_who_logs_out_hears_no_more_answers_and_the_watch_socket_closes_4401(bank, candidate):
    expert = await database_sync_to_async(ExpertFactory)()
    session = await database_sync_to_async(services.start_session)(
        candidate=candidate, mode="custom_config", role="backend_engineer", config={}, expert=expert,
        planned_questions=[{"prompt": "Explain how a hash map handles collisions.", "category": "language_knowledge",
                            "difficulty": "medium", "expected_points": ["chaining"]}])
    candidate_ws = room(session.id, await database_sync_to_async(session_cookie)(candidate))
    await candidate_ws.connect()
    turn = (await candidate_ws.receive_json_from())["turn"]["turn"]
    shared_computer = Client()
    observer = room(session.id, await database_sync_to_async(session_cookie)(expert, shared_computer))
    assert (await observer.connect())[0]
    assert (await observer.receive_json_from())["role"] == "observer"
    response = await database_sync_to_async(shared_computer.post)("/admin/logout/")
    assert response.status_code == 200
    assert await closed_with(observer) == 4401  # the watch page stops reconnecting
    await candidate_ws.send_json_to({"type": "answer.submit", "turn": turn, "text": "Chaining with linked lists."})
    await receive_until(candidate_ws, "answer.accepted")
    assert await observer.receive_nothing(timeout=0.5)  # the answer never reaches the signed-out tab
    await observer.disconnect()
    await candidate_ws.disconnect()


@own_loop
async def test_a_logout_closes_the_rooms_of_that_session_only_and_leaves_the_room_as_a_close_does(bank, candidate):
    session = await database_sync_to_async(services.start_session)(
        candidate=candidate, mode="quick_start", role="backend_engineer", config={"languages": ["python"]})
    signing_out, other_browser = Client(), Client()
    gone = room(session.id, await database_sync_to_async(session_cookie)(candidate, signing_out))
    kept = room(session.id, await database_sync_to_async(session_cookie)(candidate, other_browser))
    assert (await gone.connect())[0]
    turn = (await gone.receive_json_from())["turn"]["turn"]
    assert (await kept.connect())[0]
    await kept.receive_json_from()
    response = await database_sync_to_async(signing_out.post)("/accounts/logout/")
    assert response.status_code == 302
    assert await closed_with(gone) == 4401
    await gone.send_json_to({"type": "session.finish", "confirm": True})  # too late: nothing reads it any more
    await gone.disconnect()
    # The other browser's session goes on, its room open; the closed socket left the room (its presence row).
    await kept.send_json_to({"type": "answer.draft", "turn": turn, "text": "still here"})
    await receive_until(kept, "draft.saved")
    stored = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
    assert stored.state == "in_progress"
    assert await database_sync_to_async(RoomConnection.objects.filter(session_id=session.id).count)() == 1
    await kept.disconnect()
    stored = await database_sync_to_async(InterviewSession.objects.get)(id=session.id)
    assert stored.state == "paused"  # its last socket gone: the clock stopped, as after a close


@own_loop
async def test_deleting_the_account_closes_its_sockets_and_logs_no_error(live, candidate, caplog):
    session, cookie = live
    ws = room(session.id, cookie)
    assert (await ws.connect())[0]
    await ws.receive_json_from()
    notifications = websocket("/ws/notifications/", cookie)
    assert (await notifications.connect())[0]
    api = APIClient()
    api.force_authenticate(candidate)
    response = await database_sync_to_async(api.delete)("/api/v1/users/me", {"password": DEFAULT_PASSWORD},
                                                        format="json")
    assert response.status_code == 204
    assert await closed_with(ws) == 4440  # signed out everywhere: the pages connect again once, and are refused 4401
    assert await closed_with(notifications) == 4440
    await ws.disconnect()
    await notifications.disconnect()
    assert errors_logged(caplog) == []


@own_loop
async def test_a_room_whose_interview_is_gone_says_so_and_closes_never_an_internal_error(live, caplog):
    session, cookie = live
    ws = room(session.id, cookie)
    assert (await ws.connect())[0]
    turn = (await ws.receive_json_from())["turn"]["turn"]
    await database_sync_to_async(InterviewSession.objects.filter(id=session.id).delete)()  # as a deletion does
    await ws.send_json_to({"type": "answer.submit", "turn": turn, "text": "I build APIs."})
    error, _ = await receive_until(ws, "error")
    assert error["code"] == "not_found"
    assert await closed_with(ws) == 4404  # the room stops reconnecting
    await ws.disconnect()
    assert errors_logged(caplog) == []
