"""Fan-out for conversations: a group per conversation on the channel layer. Events carry
ids only; pages fetch what they may see through the access-checked views."""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def send_to_conversation(conversation_id: int, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        conversation_group(conversation_id), {"type": "conversation.event", "event": event}
    )
