"""The diagnostic websocket over the configured channel layer (Redis in CI)."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

import interviewmaster.socket_auth
from accounts.services import revoke_all_tokens
from accounts.tests.factories import UserFactory
from interviewmaster.consumers import PING_GROUP
from interviewmaster.testing import session_cookie, websocket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(name="session_cookie")
def _session_cookie(client):
    return session_cookie(UserFactory(email="ws@example.com"), client)


def communicator(cookie: str | None = None, origin: bytes = b"http://localhost") -> WebsocketCommunicator:
    return websocket("/ws/ping/", cookie, origin)


async def test_authenticated_ping_gets_pong(session_cookie):
    ws = communicator(session_cookie)
    connected, _ = await ws.connect()
    assert connected
    assert await ws.receive_json_from() == {"type": "hello", "user": "ws@example.com"}
    await ws.send_json_to({"type": "ping", "payload": {"n": 1}})
    assert await ws.receive_json_from() == {"type": "pong", "echo": {"n": 1}}
    await ws.disconnect()


async def test_anonymous_socket_is_closed_with_4401_that_a_browser_can_read():
    # Accepted, then closed: a refusal at the handshake would reach the browser as 1006, not 4401.
    assert await communicator().close_code() == 4401


async def test_foreign_origin_is_rejected(session_cookie):
    ws = communicator(session_cookie, origin=b"http://evil.example")
    connected, _ = await ws.connect()
    assert not connected
    await ws.disconnect()


async def test_malformed_message_gets_an_error_and_keeps_the_connection(session_cookie):
    ws = communicator(session_cookie)
    await ws.connect()
    await ws.receive_json_from()
    await ws.send_to(text_data="{not json")
    error = await ws.receive_json_from()
    assert error["type"] == "error" and error["code"] == "malformed_message"
    await ws.send_json_to({"type": "ping"})
    assert (await ws.receive_json_from())["type"] == "pong"
    await ws.disconnect()


async def test_group_broadcast_reaches_the_socket_through_the_channel_layer(session_cookie):
    ws = communicator(session_cookie)
    await ws.connect()
    await ws.receive_json_from()
    await get_channel_layer().group_send(PING_GROUP, {"type": "diagnostics.broadcast", "message": "hi all"})
    assert await ws.receive_json_from(timeout=5) == {"type": "broadcast", "message": "hi all"}
    await ws.disconnect()


@pytest.mark.redis
async def test_the_channel_layer_is_redis_when_configured(session_cookie):
    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisChannelLayer"
    ws = communicator(session_cookie)
    await ws.connect()
    await ws.receive_json_from()
    await layer.group_send(PING_GROUP, {"type": "diagnostics.broadcast", "message": "via redis"})
    assert (await ws.receive_json_from(timeout=5))["message"] == "via redis"
    await ws.disconnect()


async def test_a_client_flooding_the_ping_socket_is_throttled_and_closed(session_cookie, settings):
    """The echo had no budget: a 1 MB ping costs the server's event loop about 50 ms to read and write back, so one
    socket sending them as fast as it could held the process that also serves every page and room."""
    settings.PING_WS_MESSAGES_PER_10S = 3
    ws = communicator(session_cookie)
    assert (await ws.connect())[0]
    await ws.receive_json_from()  # hello
    for number in range(6):
        await ws.send_json_to({"type": "ping", "payload": number})
    answers = [await ws.receive_json_from() for _ in range(4)]
    assert [a.get("echo", a.get("code")) for a in answers] == [0, 1, 2, "throttled"]
    assert await ws.receive_output(timeout=1) == {"type": "websocket.close", "code": 4429}
    assert await ws.receive_nothing(timeout=0.2)  # the frames after the limit got no answer
    await ws.disconnect()


async def test_the_ping_echoes_a_small_payload_only(session_cookie):
    """A diagnostic echo needs no megabyte: a frame past PING_MAX_CHARS is refused before it is decoded, and the
    socket stays."""
    from interviewmaster.consumers import PING_MAX_CHARS

    ws = communicator(session_cookie)
    await ws.connect()
    await ws.receive_json_from()
    await ws.send_json_to({"type": "ping", "payload": "x" * PING_MAX_CHARS})
    error = await ws.receive_json_from()
    assert error["type"] == "error" and error["code"] == "message_too_large"
    await ws.send_json_to({"type": "ping", "payload": "x" * 100})
    assert await ws.receive_json_from() == {"type": "pong", "echo": "x" * 100}
    await ws.disconnect()


async def test_the_pings_errors_echo_at_most_forty_characters_and_a_surrogate_is_echoed_safely(session_cookie):
    """The unknown type came back whole (up to the frame's 4,096 characters); now cut as the interview room cuts it
    (input_limits.echoed). A lone surrogate is stored nowhere here: the pong sends it back as a JSON escape."""
    ws = communicator(session_cookie)
    await ws.connect()
    await ws.receive_json_from()
    await ws.send_json_to({"type": "q" * 1000})
    error = await ws.receive_json_from()
    assert error["code"] == "unknown_type" and f"'{'q' * 40}'…" in error["message"] and "q" * 41 not in error["message"]
    await ws.send_json_to({"type": "ping", "payload": "\ud800"})
    assert await ws.receive_json_from() == {"type": "pong", "echo": "\ud800"}
    await ws.disconnect()


async def test_a_send_to_a_gone_client_ends_the_consumer_through_disconnect(session_cookie, monkeypatch):
    """A client gone without a close frame: uvicorn's send raises ClientDisconnected. That escaped the consumer, and
    `disconnect()` (which leaves its groups; the interview room's leaves the room) never ran. Now the consumer runs
    it and ends cleanly, and tries no further send."""
    from uvicorn.protocols.utils import ClientDisconnected

    import interviewmaster.asgi
    from interviewmaster.consumers import PingConsumer

    real, cut, sends, left = interviewmaster.asgi.application, {"cut": False}, [], []

    async def application(scope, receive, send):
        async def fragile_send(message):
            if cut["cut"]:
                sends.append(message["type"])
                raise ClientDisconnected()
            await send(message)

        await real(scope, receive, fragile_send)

    disconnect = PingConsumer.disconnect

    async def recording_disconnect(self, code):
        left.append(code)
        await disconnect(self, code)

    monkeypatch.setattr(interviewmaster.asgi, "application", application)
    monkeypatch.setattr(PingConsumer, "disconnect", recording_disconnect)
    ws = communicator(session_cookie)
    assert (await ws.connect())[0]
    await ws.receive_json_from()
    cut["cut"] = True
    await ws.send_json_to({"type": "ping"})
    await ws.wait(5)  # ends, and without ClientDisconnected escaping
    assert left == [1006] and sends == ["websocket.send"]


@pytest.mark.parametrize(("error", "logged"), [("ClientDisconnected", False), ("RuntimeError", True)])
async def test_a_send_that_fails_for_another_reason_is_logged(session_cookie, monkeypatch, caplog, error, logged):
    """Every failed send ends the connection's work, but only the client leaving is quiet: any other failure
    (uvicorn's "Unexpected ASGI message ... after sending 'websocket.close'" is a bug of ours) is logged with its
    traceback (R2)."""
    from uvicorn.protocols.utils import ClientDisconnected

    import interviewmaster.asgi

    real, cut = interviewmaster.asgi.application, {"cut": False}
    raised = {"ClientDisconnected": ClientDisconnected, "RuntimeError": RuntimeError}[error]

    async def application(scope, receive, send):
        async def fragile_send(message):
            if cut["cut"]:
                raise raised("Unexpected ASGI message")
            await send(message)

        await real(scope, receive, fragile_send)

    monkeypatch.setattr(interviewmaster.asgi, "application", application)
    ws = communicator(session_cookie)
    assert (await ws.connect())[0]
    await ws.receive_json_from()
    cut["cut"] = True
    with caplog.at_level("WARNING", logger="interviewmaster.consumers"):
        await ws.send_json_to({"type": "ping"})
        await ws.wait(5)
    warned = [r for r in caplog.records if r.name == "interviewmaster.consumers" and "send failed" in r.getMessage()]
    assert bool(warned) is logged and all(r.exc_info for r in warned)


# --- The end of a browser session closes its sockets (interviewmaster/socket_sign_out.py) ----------------------------
async def closed_with(ws, timeout=5):
    while True:
        output = await ws.receive_output(timeout)
        if output["type"] == "websocket.close":
            return output.get("code")


async def test_a_socket_whose_session_ended_during_its_handshake_is_closed_4401(client, monkeypatch):
    """The handshake read the session before a logout ended it, and the socket joined its user's group after the
    logout told the group: the session read again on joining finds it gone."""
    user = await sync_to_async(UserFactory)()
    cookie = await sync_to_async(session_cookie)(user, client)
    await sync_to_async(client.post)("/accounts/logout/")

    async def read_before_the_logout(scope):
        return user

    monkeypatch.setattr(interviewmaster.socket_auth, "get_user", read_before_the_logout)
    assert await communicator(cookie).close_code() == 4401


async def test_signing_out_everywhere_closes_every_session_of_the_user_and_no_one_elses(client):
    user, other = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    first = communicator(await sync_to_async(session_cookie)(user, client))
    second = communicator(await sync_to_async(session_cookie)(user, client.__class__()))
    theirs = communicator(await sync_to_async(session_cookie)(other, client.__class__()))
    for ws in (first, second, theirs):
        assert (await ws.connect())[0]
        assert (await ws.receive_json_from())["type"] == "hello"
    await sync_to_async(revoke_all_tokens)(user=user)  # logout-all, a password change or reset, a deactivation
    # 4440, not 4401: a browser still signed in under a new key (a password change) connects again; see below
    assert await closed_with(first) == 4440 and await closed_with(second) == 4440
    await theirs.send_json_to({"type": "ping", "payload": 1})
    assert await theirs.receive_json_from() == {"type": "pong", "echo": 1}
    for ws in (first, second, theirs):
        await ws.disconnect()


def cycle_session_key(client) -> None:
    """What Django does to a signed-in browser's session in one of its requests (`login()` over an existing session,
    `update_session_auth_hash`, a session signed with a SECRET_KEY_FALLBACKS secret): the same data under a new key,
    the old key gone, and the new cookie sent back."""
    from django.conf import settings

    session = client.session
    session.cycle_key()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


async def signed_in_socket(cookie):
    ws = communicator(cookie)
    assert (await ws.connect())[0]
    assert (await ws.receive_json_from())["type"] == "hello"
    return ws


async def test_a_logout_after_the_session_key_was_cycled_closes_the_sockets_opened_before_it(client):
    """A socket was known by the session key it was opened with: once Django had cycled the key, the logout named the
    new key and the socket opened before it stayed open (and heard the user's events) until it next connected. The
    other browser's socket of the same user is not that session's, and stays."""
    user = await sync_to_async(UserFactory)()
    other_browser = client.__class__()
    before = await signed_in_socket(await sync_to_async(session_cookie)(user, client))
    theirs = await signed_in_socket(await sync_to_async(session_cookie)(user, other_browser))
    await sync_to_async(cycle_session_key)(client)
    after = await signed_in_socket(client.cookies["sessionid"].value)
    response = await sync_to_async(client.post)("/accounts/logout/")
    assert response.status_code == 302
    assert await closed_with(before) == 4401 and await closed_with(after) == 4401
    await theirs.send_json_to({"type": "ping", "payload": 1})
    assert await theirs.receive_json_from() == {"type": "pong", "echo": 1}
    for ws in (before, after, theirs):
        await ws.disconnect()


async def test_a_rotated_secret_key_signs_no_one_out_through_a_websocket(client, settings):
    """The server's SECRET_KEY rotated, the old one in SECRET_KEY_FALLBACKS: Django keeps a session signed with the
    old secret (and signs it anew, under a new key), but channels' AuthMiddleware flushed it, so the first socket to
    connect signed the browser out (4401, and the next page asked for the password). It connects now, the browser's
    next page is still signed in, and that browser's logout still closes the socket."""
    user = await sync_to_async(UserFactory)()
    cookie = await sync_to_async(session_cookie)(user, client)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-" + "k" * 50
    ws = await signed_in_socket(cookie)
    response = await sync_to_async(client.get)("/accounts/profile/")
    assert response.status_code == 200  # still signed in; Django re-signed the session under a new key
    assert client.cookies["sessionid"].value != cookie
    await sync_to_async(client.post)("/accounts/logout/")
    assert await closed_with(ws) == 4401
    await ws.disconnect()


def test_a_sockets_sign_in_reads_a_session_by_djangos_rules_and_writes_nothing(client, settings):
    """The handshake (`socket_auth.session_user`) and the check on joining the user's group (`_still_signed_in`) take
    the same sessions Django's requests take, a hash made with a fallback secret included, and neither re-signs nor
    flushes one: that is the browser's next request's to do, with the cookie it can send back."""
    from importlib import import_module

    from interviewmaster.consumers import _still_signed_in
    from interviewmaster.socket_auth import session_user

    user = UserFactory()
    key = session_cookie(user, client)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-" + "k" * 50
    assert session_user(store(key)) == user and _still_signed_in(key, user.pk)
    assert not _still_signed_in(key, user.pk + 1)
    assert store(key).exists(key)  # not re-keyed (Django's request would cycle it)
    user.set_password("another-pass-2026")  # changed elsewhere: the session's hash is stale
    user.save()
    assert session_user(store(key)) is None and not _still_signed_in(key, user.pk)
    assert store(key).exists(key)  # not flushed (channels' get_user deleted it)
