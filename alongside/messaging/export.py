from typing import Any

from alongside.accounts.models import User
from alongside.core.exports import register_exporter
from alongside.messaging.models import Message


@register_exporter("messages")
def export_messages(user: User) -> dict[str, Any]:
    """The messages the member wrote (not other people's words), with where they were sent."""
    rows = Message.objects.filter(author=user).select_related("conversation__group").order_by("id")
    return {
        "messages_sent": [
            {
                "conversation": m.conversation_id,
                "group_chat": m.conversation.group.name if m.conversation.group else None,
                "sent_at": m.created_at,
                "edited_at": m.edited_at,
                "deleted_at": m.deleted_at,
                "body": m.body,
            }
            for m in rows
        ]
    }
