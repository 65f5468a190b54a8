"""Who hears about a message: the other people in the conversation, live and in the header;
direct messages also notify (once per unread stretch, so a chat doesn't flood the centre)."""

import logging

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.events import subscribe
from alongside.core.realtime import send_to_member
from alongside.mentoring.rules import message_hold
from alongside.messaging import selectors, unread
from alongside.messaging.models import Message, Participant
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
    try:
        send_to_member(
            user_id, {"type": "messages.unread", "count": selectors.unread_conversations(user_id)}
        )
    except Exception:  # live counts are a nicety; the page shows the count anyway
        logger.warning("Could not send the live message count", exc_info=True)


def _live(conversation_id: int, event: dict) -> None:
    try:
        send_to_conversation(conversation_id, event)
    except Exception:  # pages catch up on reconnect or by polling
        logger.warning("Could not publish a conversation event", exc_info=True)


@subscribe("message.sent")
def fan_out(*, message_id: int, conversation_id: int, recount: list[int], **_: object) -> None:
    """Live, in the request: the open pages of the conversation, and the header count of
    whoever it changed for (`recount`: the recipient, when this is their first unread)."""
    _live(conversation_id, {"type": "message.new", "id": message_id})
    for user_id in recount:
        push_unread(user_id)


@subscribe("message.sent", background=True)
def tell_the_recipient(
    *, is_request: bool, conversation_id: int, author_id: int, direct: bool, **_: object
) -> None:
    """A notification for the other person of a direct conversation (not one who ignored
    the request): once per unread stretch, held for a mentor's contact hours."""
    if not direct:
        return
    from alongside.mentoring.models import Mentorship

    # Both sides in one query, with whether the author is the recipient's mentee (their
    # messages wait for the mentor's contact hours).
    rows = list(
        Participant.objects.filter(conversation_id=conversation_id)
        .select_related("user")
        .annotate(
            from_mentee=Exists(
                Mentorship.objects.filter(
                    mentor=OuterRef("user_id"), mentee_id=author_id, status=Mentorship.Status.ACTIVE
                )
            )
        )
    )
    author = next((row.user for row in rows if row.user_id == author_id), None)
    if author is None:
        return
    url = reverse("messaging:conversation", args=[conversation_id])
    now = timezone.now()
    for participant in rows:
        if participant.user_id == author_id or participant.state == Participant.State.IGNORED:
            continue
        notify(
            recipient=participant.user,
            verb="message.request" if is_request else "message.received",
            actor=author,
            url=url,
            key=f"message:{conversation_id}:{participant.last_read_id}",
            not_before=message_hold(
                participant.user, author, now, from_mentee=participant.from_mentee
            ),
        )


@subscribe("message.changed")
def fan_out_change(*, message_id: int) -> None:
    message = Message.objects.filter(pk=message_id).only("pk", "conversation_id").first()
    if message is not None:
        _live(message.conversation_id, {"type": "message.changed", "id": message.pk})


@subscribe("messages.read")
def update_count(*, user_id: int, conversation_id: int) -> None:
    push_unread(user_id)
    _live(conversation_id, {"type": "messages.read"})


@subscribe("member.blocked")
@subscribe("member.unblocked")
def recount_after_block(*, blocker_id: int, blocked_id: int) -> None:
    """A block hides the conversation between the two from both counts; unblocking shows it
    again."""
    unread.changed([blocker_id, blocked_id])
