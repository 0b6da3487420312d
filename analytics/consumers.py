"""The notifications socket every signed-in page opens: achievement badges arrive here the moment they are won.

It only sends. A client's messages are answered with `read_only` within a budget of
NOTIFICATIONS_WS_MESSAGES_PER_10S (the interview room's token bucket); a client that floods past it gets one
`throttled` error and the socket is closed with 4429, before its frames are even decoded.

One user holds at most NOTIFICATIONS_WS_CONNECTIONS_PER_USER of these sockets at a time, counted across processes
with the interview room's socket slots (throttles.hold_slot); one more is closed with 4429 and notifications.js backs
off. Before, every socket was accepted: 3,000 opened with one session cookie took the server from 235 MB to 481 MB.
"""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import sync_to_async
from django.conf import settings

from analytics.services import notification_group
from interviewmaster import throttles
from interviewmaster.consumers import (
    CLOSE_THROTTLED,
    BoundedJsonWebsocketConsumer,
    MessageBudget,
    refuse,
    signed_in_user,
)

logger = logging.getLogger(__name__)


# A socket's slot is an expiring mark in the cache that the open socket renews every third of its lifetime (no message
# goes to the client for it), as the room's timer loop renews the room's: the slots of a process that died lapse
# by themselves within the lifetime. A connection cut without a close is ended by the server's own pings (uvicorn:
# about 40 s), which runs `disconnect()` and gives the slot back at once.
def _slot_key(user_id: int) -> str:
    return f"notification-sockets:{user_id}"


def _slot_lifetime() -> float:
    return 90.0


def _hold_slot(user_id: int, channel: str) -> bool:
    try:
        return throttles.hold_slot(_slot_key(user_id), channel,
                                   limit=settings.NOTIFICATIONS_WS_CONNECTIONS_PER_USER, lifetime=_slot_lifetime())
    except Exception:  # noqa: BLE001 - the cache is down: badges still arrive (messages are budgeted per socket)
        logger.warning("notifications: could not count the open sockets of user %s", user_id, exc_info=True)
        return True


def _release_slot(user_id: int, channel: str) -> None:
    try:
        throttles.release_slot(_slot_key(user_id), channel)
    except Exception:  # noqa: BLE001 - the slot then lapses by itself after its lifetime
        logger.warning("notifications: could not release a socket slot of user %s", user_id, exc_info=True)


class NotificationsConsumer(BoundedJsonWebsocketConsumer):
    user_id: int | None = None  # set once the socket holds a slot
    group: str | None = None
    renewer: asyncio.Task | None = None  # renews the slot while the socket is open

    async def __call__(self, scope, receive, send):
        """However the consumer ends, the loop renewing its slot ends with it (left running, it would hold the slot
        of a socket that is gone). Cancelled, that is the process going down: nothing more, the slot lapses. Ended
        otherwise without `disconnect()` (a fault), the group and the slot are given back as a close gives them."""
        cancelled = False
        try:
            await super().__call__(scope, receive, send)
        except asyncio.CancelledError:
            cancelled = True
            raise
        finally:
            if self.renewer is not None:
                self.renewer.cancel()
            if not cancelled:
                await self._leave()

    async def connect(self):
        user = await signed_in_user(self)
        if user is None:
            return
        if not await sync_to_async(_hold_slot, thread_sensitive=False)(user.id, self.channel_name):
            await refuse(self, CLOSE_THROTTLED)  # notifications.js backs off quietly
            return
        self.user_id = user.id
        self.renewer = asyncio.ensure_future(self._renew_forever())
        self.budget = MessageBudget(settings.NOTIFICATIONS_WS_MESSAGES_PER_10S)
        self.throttled = False
        self.group = notification_group(user.id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self._leave()

    async def _leave(self) -> None:
        """Give the slot back and leave the group, once however often it is asked. The slot first: leaving the group
        can wait on the channel layer (seconds under load on Redis), and a consumer cancelled meanwhile would keep
        the slot until it lapses."""
        if self.renewer is not None:
            self.renewer.cancel()
        group, user_id, self.group, self.user_id = self.group, self.user_id, None, None
        if user_id is not None:
            await sync_to_async(_release_slot, thread_sensitive=False)(user_id, self.channel_name)  # never raises
        if group:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def _renew_forever(self) -> None:
        while True:
            await asyncio.sleep(_slot_lifetime() / 3)
            await sync_to_async(_hold_slot, thread_sensitive=False)(self.user_id, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if self.throttled:
            return  # closing: frames already in flight are dropped
        if not self.budget.allow():
            self.throttled = True
            await self.send_json({"type": "error", "code": "throttled",
                                  "message": "Too many messages on a socket that only sends; closing."})
            await self.close(code=CLOSE_THROTTLED)
            return
        await super().receive(text_data=text_data, bytes_data=bytes_data, **kwargs)

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "code": "read_only", "message": "This socket only sends."})

    async def achievement_awarded(self, event):
        await self.send_json({key: event[key] for key in ("type", "code", "name", "description", "points")}
                             | {"type": "achievement"})
