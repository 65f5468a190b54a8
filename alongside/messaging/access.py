"""The only ways to reach a conversation. Missing and forbidden look the same (404): nobody
learns that a conversation exists unless they are in it."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from alongside.accounts.models import Connection, User
from alongside.accounts.selectors import blocked_between, blocks_with
from alongside.core.prepared import prepared
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
    other_participant: Participant | None = None  # their side (read position, state)

    @property
    def is_group(self) -> bool:
        return self.conversation.kind == Conversation.Kind.GROUP


@prepared
def _sides(*, user: User, conversation_id: int, lock: bool) -> QuerySet[Participant, Participant]:
    """Both sides of a direct conversation, or the member's own of a group room (which can
    have thousands), with the conversation; its SQL built once per process (core.prepared)."""
    rows = (
        Participant.objects.filter(conversation_id=conversation_id)
        .filter(Q(user=user) | Q(conversation__kind=Conversation.Kind.DIRECT))
        .select_related("conversation__group", "user")
        .annotate(blocked=Exists(blocks_with(user, "user_id")))
        .order_by("pk")
    )
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows[:3]


def _find(user: User, conversation_id: int, *, lock: bool = False) -> ConversationAccess | None:
    """One query for a direct conversation: both sides, the conversation and whether either
    blocked the other. `lock` holds the participants' rows until the transaction ends (sending
    reads and changes them)."""
    if not user.is_authenticated or not user.is_active or not 0 < conversation_id < 2**63:
        return None
    rows = _sides.rows(user=user, conversation_id=conversation_id, lock=lock)
    mine = next((row for row in rows if row.user_id == user.pk), None)
    if rows:
        conversation = rows[0].conversation
    else:
        found = Conversation.objects.select_related("group").filter(pk=conversation_id).first()
        if found is None:
            return None
        conversation = found
    if conversation.kind == Conversation.Kind.GROUP:
        from alongside.groups.models import Membership

        if not Membership.objects.filter(group=conversation.group, user=user).exists():
            return None
        return ConversationAccess(conversation, mine)
    if mine is None:
        return None
    other_row = next((row for row in rows if row.user_id != user.pk), None)
    if other_row is None or other_row.blocked:
        return None
    return ConversationAccess(conversation, mine, other_row.user, other_row)


def conversation_access(
    user: User, conversation: Conversation | int, *, lock: bool = False
) -> ConversationAccess | None:
    conversation_id = conversation if isinstance(conversation, int) else conversation.pk
    return _find(user, conversation_id, lock=lock)


def access_conversation_for_user(user: User, conversation_id: int) -> ConversationAccess:
    found = _find(user, conversation_id)
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
