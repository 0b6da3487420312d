"""A diagnostic websocket: authenticated ping/echo, plus a group broadcast that proves the channel layer works."""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

PING_GROUP = "diagnostics.ping"
CLOSE_UNAUTHENTICATED = 4401


class PingConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        await self.channel_layer.group_add(PING_GROUP, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.email})

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
                                  "message": f"Unknown message type {kind!r}; try 'ping'."})

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        import json

        try:
            await super().receive(text_data=text_data, bytes_data=bytes_data, **kwargs)
        except json.JSONDecodeError:
            await self.send_json({"type": "error", "code": "malformed_message", "message": "That was not JSON."})

    async def diagnostics_broadcast(self, event):
        await self.send_json({"type": "broadcast", "message": event.get("message")})
