from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from alongside.messaging.access import conversation_access
from alongside.messaging.realtime import conversation_group


@database_sync_to_async
def _may_listen(user: Any, conversation_id: int) -> bool:
    return conversation_access(user, conversation_id) is not None


class ConversationConsumer(AsyncJsonWebsocketConsumer):
    """One socket per open conversation page. The room comes from the URL and is checked
    against the member's access before anything is joined: an outsider is refused exactly
    as for a conversation that doesn't exist (close code 4404)."""

    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        if not await _may_listen(user, conversation_id):
            await self.close(code=4404)
            return
        self.group = conversation_group(conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Nothing is sent over the socket: messages go through the same action as the form."""

    async def conversation_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
