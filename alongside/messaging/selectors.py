"""Reads for messaging: the inbox, requests, one conversation's messages and unread counts,
in a fixed number of queries whatever the number of conversations or messages."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from alongside.accounts.models import Block, User
from alongside.accounts.selectors import blocks_with
from alongside.core.prepared import prepared
from alongside.messaging import unread
from alongside.messaging.access import ConversationAccess
from alongside.messaging.models import Conversation, Message, Participant

PAGE = 40
INBOX = 50


def _blocked_partner(user: User | int) -> Exists:
    """The other participant of a direct conversation is on either side of a block."""
    others = Participant.objects.filter(conversation=OuterRef("conversation")).exclude(user=user)
    return Exists(
        others.filter(
            Q(user__in=Block.objects.filter(blocker=user).values("blocked"))
            | Q(user__in=Block.objects.filter(blocked=user).values("blocker"))
        )
    )


def _direct_rows(user: User | int) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(user=user, conversation__kind=Conversation.Kind.DIRECT)
        .exclude(_blocked_partner(user))
        .filter(Q(conversation__last_message_id__gt=0))
    )


@dataclass(frozen=True)
class InboxEntry:
    conversation: Conversation
    other: User | None
    unread: bool
    title: str


def inbox(user: User) -> list[InboxEntry]:
    """Direct conversations (accepted or started by the member) and the member's group rooms,
    most recent first."""
    from alongside.groups.models import Membership

    rows = list(
        _direct_rows(user)
        .filter(state=Participant.State.ACTIVE, hidden=False)
        .select_related("conversation")
        .order_by("-conversation__last_message_at")[:INBOX]
    )
    partners = {
        p.conversation_id: p.user
        for p in Participant.objects.filter(conversation__in=[r.conversation_id for r in rows])
        .exclude(user=user)
        .select_related("user")
    }
    rooms = list(
        Conversation.objects.filter(
            kind=Conversation.Kind.GROUP,
            group__in=Membership.objects.filter(user=user).values("group"),
            last_message_id__gt=0,
        )
        .select_related("group")
        .annotate(
            read_through=Participant.objects.filter(conversation=OuterRef("pk"), user=user).values(
                "last_read_id"
            )[:1]
        )
        .order_by("-last_message_at")[:INBOX]
    )
    entries = [
        InboxEntry(
            r.conversation,
            partners.get(r.conversation_id),
            r.conversation.last_message_id > r.last_read_id,
            partners[r.conversation_id].handle if r.conversation_id in partners else "",
        )
        for r in rows
        if r.conversation_id in partners
    ] + [
        InboxEntry(
            room,
            None,
            room.last_message_id > (room.read_through or 0),
            room.group.name if room.group else "",
        )
        for room in rooms
    ]
    entries.sort(key=lambda e: e.conversation.last_message_at, reverse=True)
    return entries[:INBOX]


def requests_for(user: User) -> list[Participant]:
    rows = list(
        _direct_rows(user)
        .filter(state=Participant.State.REQUESTED, hidden=False)
        .select_related("conversation")
        .order_by("-conversation__last_message_at")[:INBOX]
    )
    senders = {
        p.conversation_id: p.user
        for p in Participant.objects.filter(conversation__in=[r.conversation_id for r in rows])
        .exclude(user=user)
        .select_related("user")
    }
    for row in rows:
        row.sender = senders.get(row.conversation_id)  # type: ignore[attr-defined]
    return [row for row in rows if getattr(row, "sender", None) is not None]


def count_unread(user_id: int) -> int:
    """Direct conversations with something new: one indexed COUNT (uncached)."""
    return (
        _direct_rows(user_id)
        .filter(
            state=Participant.State.ACTIVE,
            hidden=False,
            conversation__last_message_id__gt=F("last_read_id"),
        )
        .count()
    )


def unread_conversations(user: User | int) -> int:
    """The header's count, from the cache unless something changed for the member
    (`messaging.unread`)."""
    user_id = user if isinstance(user, int) else user.pk
    return unread.cached(user_id, lambda: count_unread(user_id))


def _cleared(found: ConversationAccess) -> int:
    """The last message the member cleared from their view of the conversation."""
    return found.participant.cleared_through_id or 0 if found.participant else 0


def _visible(viewer: User, conversation_id: int, cleared: int) -> QuerySet[Message]:
    return (
        Message.objects.filter(conversation_id=conversation_id, pk__gt=cleared)
        .exclude(Exists(blocks_with(viewer, "author_id")))
        .select_related("author")
        # Pages show the rendered text: decrypting the source too would double the work.
        .defer("body")
    )


@dataclass(frozen=True)
class MessagePage:
    messages: list[Message]
    older: int | None  # "?before=<id>" for the previous page
    last_id: int


@prepared
def _newest(
    *, viewer: User, conversation_id: int, cleared: int, before: int | None
) -> QuerySet[Message, Message]:
    query = _visible(viewer, conversation_id, cleared)
    if before is not None:
        query = query.filter(pk__lt=before)
    return query.order_by("-id")[: PAGE + 1]


def messages_page(
    viewer: User, found: ConversationAccess, *, before: int | None = None
) -> MessagePage:
    """A page of the conversation, newest last; its SQL built once per process
    (core.prepared)."""
    newest = _newest.rows(
        viewer=viewer,
        conversation_id=found.conversation.pk,
        cleared=_cleared(found),
        before=before or None,
    )
    older = newest[PAGE - 1].pk if len(newest) > PAGE else None
    shown = list(reversed(newest[:PAGE]))
    return MessagePage(
        messages=shown,
        older=older,
        last_id=max(
            [m.pk for m in shown], default=found.conversation.last_message_id if not before else 0
        ),
    )


def messages_after(viewer: User, found: ConversationAccess, after: int) -> list[Message]:
    """What a page that has seen up to `after` missed (a reconnect or a poll)."""
    visible = _visible(viewer, found.conversation.pk, _cleared(found))
    return list(visible.filter(pk__gt=after).order_by("id")[:200])


def seen_by_other(found: ConversationAccess) -> int:
    """The other person's read position, only if both chose to share read state."""
    if found.other is None or found.participant is None or not found.participant.share_read_state:
        return 0
    theirs = found.other_participant or (
        Participant.objects.filter(conversation=found.conversation, user=found.other).first()
    )
    return theirs.last_read_id if theirs is not None and theirs.share_read_state else 0


def participant_ids(conversation: Conversation) -> list[int]:
    if conversation.kind == Conversation.Kind.GROUP:
        from alongside.groups.models import Membership

        return list(
            Membership.objects.filter(group=conversation.group).values_list("user_id", flat=True)
        )
    return list(
        Participant.objects.filter(conversation=conversation).values_list("user_id", flat=True)
    )
