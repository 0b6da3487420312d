"""The notifications socket every signed-in page opens: achievement badges arrive here the moment they are won."""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from analytics.services import notification_group
from interviewmaster.consumers import signed_in_user


class NotificationsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = await signed_in_user(self)
        if user is None:
            return
        self.group = notification_group(user.id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "code": "read_only", "message": "This socket only sends."})

    async def achievement_awarded(self, event):
        await self.send_json({key: event[key] for key in ("type", "code", "name", "description", "points")}
                             | {"type": "achievement"})
