"""The only ways to reach a conversation. Missing and forbidden look the same (404): nobody
learns that a conversation exists unless they are in it."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from alongside.accounts.models import Connection, User
from alongside.accounts.selectors import blocked_between
from alongside.messaging.models import Conversation, Message, Participant

SUPPORT_PAIR_DAYS = timedelta(days=7)


def may_write_freely(user: User, other: User) -> bool:
    """Connections, a mentor and mentee, and a support-now responder with the person they
    came for (for a week) write to each other without a request."""
    from alongside.mentoring.models import Mentorship
    from alongside.support.models import SupportRecipient

    connected = Connection.objects.filter(
        Q(requester=user, addressee=other) | Q(requester=other, addressee=user),
        status=Connection.Status.ACCEPTED,
    ).exists()
    if connected:
        return True
    if Mentorship.objects.filter(
        Q(mentor=user, mentee=other) | Q(mentor=other, mentee=user),
        status=Mentorship.Status.ACTIVE,
    ).exists():
        return True
    return SupportRecipient.objects.filter(
        Q(user=user, request__requester=other) | Q(user=other, request__requester=user),
        responded_at__gte=timezone.now() - SUPPORT_PAIR_DAYS,
    ).exists()


@dataclass(frozen=True)
class ConversationAccess:
    conversation: Conversation
    participant: Participant | None  # None: a group member who never opened the room
    other: User | None = None  # the other person of a direct conversation

    @property
    def is_group(self) -> bool:
        return self.conversation.kind == Conversation.Kind.GROUP


def conversation_access(user: User, conversation: Conversation) -> ConversationAccess | None:
    if not user.is_authenticated or not user.is_active:
        return None
    participant = Participant.objects.filter(conversation=conversation, user=user).first()
    if conversation.kind == Conversation.Kind.GROUP:
        from alongside.groups.models import Membership

        if not Membership.objects.filter(group=conversation.group, user=user).exists():
            return None
        return ConversationAccess(conversation, participant)
    if participant is None:
        return None
    other_row = (
        Participant.objects.filter(conversation=conversation)
        .exclude(user=user)
        .select_related("user")
        .first()
    )
    if other_row is None or blocked_between(user.pk, other_row.user_id):
        return None
    return ConversationAccess(conversation, participant, other_row.user)


def access_conversation_for_user(user: User, conversation_id: int) -> ConversationAccess:
    conversation = Conversation.objects.select_related("group").filter(pk=conversation_id).first()
    found = conversation_access(user, conversation) if conversation is not None else None
    if found is None:
        raise Http404
    return found


def access_own_message(user: User, access: ConversationAccess, message_id: int) -> Message:
    """A message someone may edit or delete: their own, not deleted."""
    message = Message.objects.filter(
        pk=message_id,
        conversation=access.conversation,
        author=user,
        deleted_at__isnull=True,
        pk__gt=access.participant.cleared_through_id if access.participant else 0,
    ).first()
    if message is None:
        raise Http404
    return message


def access_message_for_user(user: User, access: ConversationAccess, message_id: int) -> Message:
    message = (
        Message.objects.select_related("author")
        .filter(
            pk=message_id,
            conversation=access.conversation,
            pk__gt=access.participant.cleared_through_id if access.participant else 0,
        )
        .first()
    )
    if message is None or blocked_between(user.pk, message.author_id):
        raise Http404
    return message
