from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from alongside.core.realtime import member_group


class MemberConsumer(AsyncJsonWebsocketConsumer):
    """One socket per open page of a logged-in member; features push events to it."""

    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = member_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def member_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
