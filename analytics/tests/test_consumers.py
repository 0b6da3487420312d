"""The notifications socket: a badge won after commit reaches the candidate's open page, and only theirs."""

import asyncio
import contextlib

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.tests.factories import CandidateFactory
from analytics import services
from analytics.tests.factories import SubmissionFactory
from interviewmaster.testing import session_cookie, websocket

pytestmark = pytest.mark.django_db(transaction=True)


def _socket(client, user) -> WebsocketCommunicator:
    return websocket("/ws/notifications/", session_cookie(user, client))


async def test_a_new_badge_is_pushed_to_the_winners_open_page(client):
    winner = await sync_to_async(CandidateFactory)()
    other = await sync_to_async(CandidateFactory)()
    mine = _socket(client, winner)
    theirs = _socket(client.__class__(), other)
    assert (await mine.connect())[0] and (await theirs.connect())[0]
    await sync_to_async(SubmissionFactory)(user=winner)
    await sync_to_async(services.evaluate_achievements)(user=winner)  # autocommit: on_commit runs at once
    message = await mine.receive_json_from(timeout=5)
    assert message == {"type": "achievement", "code": "first_perfect", "name": "Flawless",
                       "description": "Passed every hidden test of a problem on a submission.", "points": 15}
    assert await theirs.receive_nothing(timeout=0.3)
    await mine.disconnect()
    await theirs.disconnect()


async def test_anonymous_notifications_socket_is_closed():
    ws = websocket("/ws/notifications/")  # closes the refused socket, so the consumer ends
    assert await ws.close_code() == 4401  # notifications.js stops reconnecting on it


async def test_the_socket_is_read_only(client):
    user = await sync_to_async(CandidateFactory)()
    ws = _socket(client, user)
    await ws.connect()
    await ws.send_json_to({"type": "achievement.awarded", "code": "track_complete"})
    assert (await ws.receive_json_from())["code"] == "read_only"
    await ws.disconnect()


async def test_a_client_flooding_the_send_only_socket_is_throttled_and_closed(client, settings):
    settings.NOTIFICATIONS_WS_MESSAGES_PER_10S = 3
    user = await sync_to_async(CandidateFactory)()
    ws = _socket(client, user)
    assert (await ws.connect())[0]
    for _ in range(6):
        await ws.send_to(text_data='{"type": "ping"}')
    codes = [(await ws.receive_json_from())["code"] for _ in range(4)]
    assert codes == ["read_only", "read_only", "read_only", "throttled"]
    closed = await ws.receive_output(timeout=1)
    assert closed == {"type": "websocket.close", "code": 4429}
    assert await ws.receive_nothing(timeout=0.2)  # the frames after the limit got no answer
    await ws.disconnect()


async def _open(client, user) -> WebsocketCommunicator:
    ws = _socket(client, user)
    assert (await ws.connect())[0]
    assert await ws.receive_nothing(timeout=0.1)  # accepted and left open (a refused one is closed at once)
    return ws


async def test_one_user_holds_at_most_the_allowed_notification_sockets(client, settings):
    """A reviewer's reproduction: 3,000 sockets opened with one session cookie were all accepted (235 MB -> 481 MB).
    One more than NOTIFICATIONS_WS_CONNECTIONS_PER_USER is closed with 4429, as the interview room's; another user is
    not affected, and closing one of them frees its place."""
    settings.NOTIFICATIONS_WS_CONNECTIONS_PER_USER = 2
    user, other = await sync_to_async(CandidateFactory)(), await sync_to_async(CandidateFactory)()
    cookie = await sync_to_async(session_cookie)(user, client)
    first, second = (websocket("/ws/notifications/", cookie) for _ in range(2))
    for ws in (first, second):
        assert (await ws.connect())[0]
    assert await websocket("/ws/notifications/", cookie).close_code() == 4429  # notifications.js backs off on it
    theirs = await _open(client.__class__(), other)
    await first.disconnect(timeout=10)
    third = websocket("/ws/notifications/", cookie)
    assert (await third.connect())[0]
    assert await third.receive_nothing(timeout=0.1)
    for ws in (second, third, theirs):
        await ws.disconnect(timeout=10)


async def test_an_open_socket_keeps_its_slot_past_the_slots_lifetime(client, settings, monkeypatch):
    """A slot is an expiring mark the open socket renews: one left open longer than the lifetime still holds it."""
    from analytics import consumers

    settings.NOTIFICATIONS_WS_CONNECTIONS_PER_USER = 1
    monkeypatch.setattr(consumers, "_slot_lifetime", lambda: 0.6, raising=False)  # renewed every 0.2 s
    user = await sync_to_async(CandidateFactory)()
    ws = await _open(client, user)
    await asyncio.sleep(1.5)
    assert await _socket(client, user).close_code() == 4429
    await ws.disconnect(timeout=10)


async def test_the_slot_of_a_socket_that_vanished_without_a_close_lapses(client, settings, monkeypatch):
    """A socket whose process went down (its consumer cancelled: no `disconnect()`, no release) stops renewing its
    slot, which then lapses: the user is not locked out for good."""
    from analytics import consumers

    settings.NOTIFICATIONS_WS_CONNECTIONS_PER_USER = 1
    monkeypatch.setattr(consumers, "_slot_lifetime", lambda: 0.6, raising=False)
    user = await sync_to_async(CandidateFactory)()
    gone = await _open(client, user)
    gone.future.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await gone.future
    assert await _socket(client, user).close_code() == 4429  # not yet lapsed
    await asyncio.sleep(1.0)
    again = await _open(client, user)
    await again.disconnect(timeout=10)


def test_the_message_budget_refills_at_its_rate():
    from interviewmaster.consumers import MessageBudget

    now = [100.0]
    budget = MessageBudget(5, clock=lambda: now[0])
    assert [budget.allow() for _ in range(6)] == [True] * 5 + [False]
    now[0] += 2.0  # 2 s at 5 messages per 10 s: one message back
    assert [budget.allow() for _ in range(2)] == [True, False]
    now[0] += 60.0  # a long pause refills the bucket only up to its size
    assert sum(budget.allow() for _ in range(10)) == 5


async def test_a_logout_closes_the_notifications_socket_of_that_session(client):
    user = await sync_to_async(CandidateFactory)()
    ws = _socket(client, user)
    assert (await ws.connect())[0]
    response = await sync_to_async(client.post)("/accounts/logout/")
    assert response.status_code == 302
    output = await ws.receive_output(timeout=5)
    assert output == {"type": "websocket.close", "code": 4401}  # notifications.js stops reconnecting on it
    await ws.disconnect()
