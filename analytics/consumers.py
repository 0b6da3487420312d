"""The notifications socket every signed-in page opens: achievement badges arrive here the moment they are won.

It only sends. A client's messages are answered with `read_only` within a budget of
NOTIFICATIONS_WS_MESSAGES_PER_10S (the interview room's token bucket); a client that floods past it gets one
`throttled` error and the socket is closed with 4429, before its frames are even decoded.
"""

from __future__ import annotations

from django.conf import settings

from analytics.services import notification_group
from interviewmaster.consumers import CLOSE_THROTTLED, BoundedJsonWebsocketConsumer, MessageBudget, signed_in_user


class NotificationsConsumer(BoundedJsonWebsocketConsumer):
    async def connect(self):
        user = await signed_in_user(self)
        if user is None:
            return
        self.budget = MessageBudget(settings.NOTIFICATIONS_WS_MESSAGES_PER_10S)
        self.throttled = False
        self.group = notification_group(user.id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

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
