"""Who hears about a message: the other people in the conversation, live and in the header;
direct messages also notify (once per unread stretch, so a chat doesn't flood the centre)."""

import logging

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.events import subscribe
from alongside.core.realtime import send_to_member
from alongside.mentoring.rules import message_hold
from alongside.messaging import selectors
from alongside.messaging.models import Conversation, Message, Participant
from alongside.messaging.realtime import send_to_conversation
from alongside.notifications.actions import notify
from alongside.notifications.kinds import Kind, register_verb

logger = logging.getLogger(__name__)

register_verb(
    "message.received",
    kind=Kind.MESSAGES,
    text=_("%(actor)s sent you a message."),
    summary=_("You have a new message on Alongside"),
)
register_verb(
    "message.request",
    kind=Kind.MESSAGES,
    text=_("%(actor)s sent you a message request. You can accept, ignore or block."),
    summary=_("You have a new message request on Alongside"),
)


def push_unread(user_id: int) -> None:
    from alongside.accounts.models import User

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    try:
        send_to_member(
            user_id, {"type": "messages.unread", "count": selectors.unread_conversations(user)}
        )
    except Exception:  # live counts are a nicety; the page shows the count anyway
        logger.warning("Could not send the live message count", exc_info=True)


def _live(conversation_id: int, event: dict) -> None:
    try:
        send_to_conversation(conversation_id, event)
    except Exception:  # pages catch up on reconnect or by polling
        logger.warning("Could not publish a conversation event", exc_info=True)


@subscribe("message.sent")
def fan_out(*, message_id: int, is_request: bool) -> None:
    message = Message.objects.select_related("author", "conversation").filter(pk=message_id).first()
    if message is None:
        return
    conversation = message.conversation
    _live(conversation.pk, {"type": "message.new", "id": message.pk})
    if conversation.kind == Conversation.Kind.GROUP:
        return
    recipients = (
        Participant.objects.filter(conversation=conversation)
        .exclude(user=message.author)
        .select_related("user")
    )
    for participant in recipients:
        if participant.state == Participant.State.IGNORED:
            continue
        notify(
            recipient=participant.user,
            verb="message.request" if is_request else "message.received",
            actor=message.author,
            url=reverse("messaging:conversation", args=[conversation.pk]),
            key=f"message:{conversation.pk}:{participant.last_read_id}",
            not_before=message_hold(participant.user, message.author, timezone.now()),
        )
        push_unread(participant.user_id)


@subscribe("message.changed")
def fan_out_change(*, message_id: int) -> None:
    message = Message.objects.filter(pk=message_id).only("pk", "conversation_id").first()
    if message is not None:
        _live(message.conversation_id, {"type": "message.changed", "id": message.pk})


@subscribe("messages.read")
def update_count(*, user_id: int, conversation_id: int) -> None:
    push_unread(user_id)
    _live(conversation_id, {"type": "messages.read"})
