"""The notifications socket: a badge won after commit reaches the candidate's open page, and only theirs."""

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
