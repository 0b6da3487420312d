"""A diagnostic websocket: authenticated ping/echo, plus a group broadcast that proves the channel layer works."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from accounts.sessions import browser_of
from interviewmaster.input_limits import JSONTooDeep, JSONTooLarge, echoed, loads_bounded
from interviewmaster.socket_sign_out import user_sockets_group

logger = logging.getLogger(__name__)

PING_GROUP = "diagnostics.ping"
# What the servers raise when the client's connection is gone (uvicorn, daphne/websockets); OSError too.
CLIENT_GONE_ERRORS = {"ClientDisconnected", "ConnectionClosed", "ConnectionClosedError", "ConnectionClosedOK"}
CLOSE_UNAUTHENTICATED = 4401
# The user signed out everywhere (revoke_all_tokens): every session then ends, but the browser that did it may be signed
# in still under a new key (a password change: update_session_auth_hash), which the socket cannot know. The pages
# connect again (1 s later, and once more after a refusal): the handshake succeeds if the browser is still signed in
# and is closed 4401 if not.
CLOSE_SIGNED_OUT_EVERYWHERE = 4440
CLOSE_THROTTLED = 4429
# The diagnostic echo's largest frame: a 1 MB ping (the JSON ceiling) cost the event loop about 50 ms to read and echo.
PING_MAX_CHARS = 4096


class MessageBudget:
    """The interview room's per-connection limiter of incoming messages, shared: a token bucket holding `per_10s`
    messages, refilled continuously at `per_10s` per 10 s. `allow()` spends one message or answers False."""

    def __init__(self, per_10s: int, *, clock: Callable[[], float] = time.monotonic):
        self.per_10s = per_10s
        self.clock = clock
        self.tokens, self.last = float(per_10s), clock()

    def allow(self) -> bool:
        now = self.clock()
        self.tokens = min(self.per_10s, self.tokens + (now - self.last) * self.per_10s / 10)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


async def refuse(consumer: AsyncJsonWebsocketConsumer, code: int) -> None:
    """End a connection in `connect()` with an application close code (4401, 4404, ...) that the page can read.

    Closing before `accept()` makes the server answer the handshake with HTTP 403, and a browser reports that as close
    code 1006 whatever the consumer said: the room and the watch page could not tell "you may not" from a network
    failure and reconnected forever. So the handshake is accepted and the socket closed at once; nothing is sent and
    no group is joined in between."""
    await consumer.accept()
    await consumer.close(code=code)


def _still_signed_in(session_key: str, user_id: int) -> bool:
    """The session read afresh from its store still signs this user in, by the rules the handshake read it with
    (`interviewmaster.socket_auth.session_user`: Django's, a hash made with a fallback secret included), and read only
    as it was: `django.contrib.auth.get_user` would flush a stale session or cycle the key of one signed with a
    fallback secret, which is the browser's own request's to do."""
    from importlib import import_module

    from interviewmaster.socket_auth import session_user

    user = session_user(import_module(settings.SESSION_ENGINE).SessionStore(session_key))
    return user is not None and user.pk == user_id


async def signed_in_user(consumer: BoundedJsonWebsocketConsumer):
    """Every consumer's first step in `connect()`: the scope's signed-in user, or None once the socket is closed with
    4401 (the caller then returns).

    The socket joins its user's group first (`user_sockets_group`), so that the end of its session closes it
    (`sockets_sign_out`), and then reads the session again: a logout that ended it after the handshake read it, but
    before the socket was in the group to hear of it, would have left it open."""
    user = consumer.scope.get("user")
    if user is None or not user.is_authenticated:
        await refuse(consumer, CLOSE_UNAUTHENTICATED)
        return None
    session = consumer.scope.get("session")
    consumer.session_key = getattr(session, "session_key", None)
    consumer.browser = browser_of(session)
    consumer.sign_out_group = user_sockets_group(user.pk)
    await consumer.channel_layer.group_add(consumer.sign_out_group, consumer.channel_name)
    if consumer.session_key is not None and \
            not await database_sync_to_async(_still_signed_in)(consumer.session_key, user.pk):
        await refuse(consumer, CLOSE_UNAUTHENTICATED)
        return None
    return user


class ClientGone(Exception):
    """A send to the client failed: its connection is gone (uvicorn raises ClientDisconnected when the TCP connection
    was cut without a close frame) and nothing more can reach it."""


class BoundedJsonWebsocketConsumer(AsyncJsonWebsocketConsumer):
    """Every JSON consumer's base: a frame that is not JSON, is binary, too large or too deeply nested gets an error
    message and the connection stays open (it used to close with 1011 on a RecursionError).

    A send that fails ends the connection's work as a clean close would: it raises ClientGone (every later send too,
    without trying), and when that reaches `dispatch` the consumer runs `disconnect()` and stops. Before, uvicorn's
    ClientDisconnected escaped the consumer (an error handler that tried to tell the client sent again and raised
    again), so `disconnect()` never ran: the interview room's timer loop went on forever on the dead socket, its clock
    kept running and its socket slot stayed held."""

    gone = False  # a send to the client failed
    session_key: str | None = None  # the browser session the socket was opened with (signed_in_user)
    browser: str | None = None  # that session's browser, whose logout closes the socket (accounts.sessions.browser_of)
    sign_out_group: str | None = None  # its user's group, joined by signed_in_user
    signed_out = False  # its session ended: closed with 4401 or 4440, nothing more is read
    closed = False  # the server sent its close frame (a second one is an error to the ASGI server)

    async def __call__(self, scope, receive, send):
        async def guarded_send(message):
            if self.gone:
                raise ClientGone("the client's connection is gone")
            try:
                await send(message)
            except Exception as exc:  # noqa: BLE001 - whatever the server says, this connection takes no more
                if not isinstance(exc, OSError) and type(exc).__name__ not in CLIENT_GONE_ERRORS:
                    # not the client leaving (uvicorn's "Unexpected ASGI message ... after sending
                    # 'websocket.close'" is a bug of ours): ended all the same, but said
                    logger.warning("websocket send failed: %s", exc, exc_info=exc)
                self.gone = True
                self.client_gone()
                raise ClientGone(f"a send failed: {type(exc).__name__}") from exc

        try:
            await super().__call__(scope, receive, guarded_send)
        finally:
            if self.sign_out_group is not None:
                try:
                    await self.channel_layer.group_discard(self.sign_out_group, self.channel_name)
                except Exception:  # noqa: BLE001 - the membership then lapses with the channel layer's group expiry
                    logger.warning("websocket: could not leave its user's group", exc_info=True)

    def client_gone(self) -> None:
        """Called once, at the first send that failed, in whichever task sent (a subclass stops its own tasks)."""

    async def dispatch(self, message):
        try:
            await super().dispatch(message)
        except ClientGone:
            await self.disconnect(1006)  # "closed abnormally": no close frame came, and none can be sent
            raise StopConsumer from None

    async def sockets_sign_out(self, event):
        """A session of this socket's user ended (interviewmaster.socket_sign_out): a logout names its browser, and
        only that browser's sockets go (those opened before Django cycled its session key too); a sign-out everywhere
        (logout-all, a password change, deactivation, account deletion) names none, and every socket of the user goes.
        The connection's work ends first as on a clean close (the consumer's `disconnect()`: the room's presence,
        socket slot and timer loop), then it is closed; nothing more is read or sent. A logout closes with 4401, which
        the pages read as "signed out" and stop reconnecting on. A sign-out everywhere closes with 4440
        (CLOSE_SIGNED_OUT_EVERYWHERE): the browser that changed its password is still signed in under a new session
        key, so the pages connect again (twice at most); a browser really signed out is refused that time with 4401."""
        browser = event.get("browser")
        if self.signed_out or (browser is not None and browser != self.browser):
            return
        self.signed_out = True
        code = CLOSE_UNAUTHENTICATED if browser is not None else CLOSE_SIGNED_OUT_EVERYWHERE
        try:
            await self.disconnect(code)
        finally:
            if not self.closed:  # a refused socket, or a room closed as ended, is closed already
                await self.close(code=code)
        raise StopConsumer

    async def close(self, code=None, reason=None):
        self.closed = True
        await super().close(code=code, reason=reason)

    @classmethod
    async def decode_json(cls, text_data):
        return loads_bounded(text_data)

    async def error(self, code: str, message: str, fields: dict | None = None):
        """How the consumer reports a refused message (a subclass may add to the shape)."""
        body = {"type": "error", "code": code, "message": message}
        await self.send_json({**body, "fields": fields} if fields else body)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if not text_data:
            await self.error("malformed_message", "Send JSON as text.")
            return
        try:
            content = await self.decode_json(text_data)
        except JSONTooLarge as exc:
            await self.error("message_too_large", str(exc))
            return
        except JSONTooDeep as exc:
            await self.error("message_too_deep", str(exc))
            return
        except ValueError:
            await self.error("malformed_message", "That was not JSON.")
            return
        await self.receive_json(content, **kwargs)


class PingConsumer(BoundedJsonWebsocketConsumer):
    async def connect(self):
        user = await signed_in_user(self)
        if user is None:
            return
        self.user = user
        self.budget = MessageBudget(settings.PING_WS_MESSAGES_PER_10S)
        self.throttled = False
        await self.channel_layer.group_add(PING_GROUP, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.email})

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Within PING_WS_MESSAGES_PER_10S (past it: one `throttled` error, then closed with 4429, as the
        notifications socket) and PING_MAX_CHARS a frame, both before anything is decoded."""
        if self.throttled:
            return  # closing: frames already in flight are dropped
        if not self.budget.allow():
            self.throttled = True
            await self.error("throttled", "Too many pings; closing.")
            await self.close(code=CLOSE_THROTTLED)
            return
        if len(text_data or "") + len(bytes_data or b"") > PING_MAX_CHARS:
            await self.error("message_too_large", f"A ping is at most {PING_MAX_CHARS:,} characters.")
            return
        await super().receive(text_data=text_data, bytes_data=bytes_data, **kwargs)

    async def disconnect(self, code):
        if getattr(self, "user", None) is not None:
            await self.channel_layer.group_discard(PING_GROUP, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "code": "malformed_message", "message": "Send a JSON object."})
            return
        kind = content.get("type")
        if kind == "ping":
            await self.send_json({"type": "pong", "echo": content.get("payload")})
        else:
            await self.send_json({"type": "error", "code": "unknown_type",
                                  "message": f"Unknown message type {echoed(kind)}; try 'ping'."})

    async def diagnostics_broadcast(self, event):
        await self.send_json({"type": "broadcast", "message": event.get("message")})
