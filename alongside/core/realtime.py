"""Live updates to a member's open pages, across processes through the channel layer."""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def member_group(user_id: int) -> str:
    return f"member.{user_id}"


def send_to_member(user_id: int, event: dict[str, Any]) -> None:
    """Deliver `event` (JSON-serialisable) to every open page of one member."""
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(member_group(user_id), {"type": "member.event", "event": event})
