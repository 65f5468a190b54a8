"""Every write to conversations: starting one, sending, editing and deleting messages,
requests, read state and "delete for me". HTML views, the API and consumers share them."""

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Case, CharField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import User
from alongside.accounts.selectors import blocked_between
from alongside.core.errors import ApplicationError
from alongside.core.events import publish
from alongside.discussions.markdown import render
from alongside.messaging import access, limits, unread
from alongside.messaging.models import MAX_BODY, Conversation, Message, Participant

if TYPE_CHECKING:
    from alongside.groups.models import Group


class MessagingError(ApplicationError):
    pass


class NoConversation(MessagingError):
    """The conversation is missing or the member may not write there (pages answer 404)."""


CANT_MESSAGE = gettext_lazy("You can't message this member.")


def _clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise MessagingError(_("Write a message first."))
    if len(body) > MAX_BODY:
        raise MessagingError(
            _("A message can be at most %(limit)d characters (this one has %(n)d).")
            % {"limit": MAX_BODY, "n": len(body)}
        )
    return body


@transaction.atomic
def start_conversation(*, user: User, other: User) -> Conversation:
    """The direct conversation between two members, made if needed. Someone who isn't a
    connection (or mentor/mentee) receives it as a message request."""
    if other.pk == user.pk or not other.is_active or blocked_between(user.pk, other.pk):
        raise MessagingError(str(CANT_MESSAGE))
    key = Conversation.key_for(user.pk, other.pk)
    conversation = Conversation.objects.filter(pair_key=key).first()
    if conversation is None:
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(
                    kind=Conversation.Kind.DIRECT, pair_key=key
                )
        except IntegrityError:  # started from both sides at once
            conversation = Conversation.objects.get(pair_key=key)
    free = access.may_write_freely(user, other)
    mine, _created = Participant.objects.get_or_create(conversation=conversation, user=user)
    accepted = []
    if free and mine.state != Participant.State.ACTIVE:  # an old request between them
        mine.state = Participant.State.ACTIVE
        mine.save(update_fields=["state"])
        accepted.append(user.pk)
    theirs, _created = Participant.objects.get_or_create(
        conversation=conversation,
        user=other,
        defaults={"state": Participant.State.ACTIVE if free else Participant.State.REQUESTED},
    )
    if free and theirs.state != Participant.State.ACTIVE:
        theirs.state = Participant.State.ACTIVE
        theirs.save(update_fields=["state"])
        accepted.append(other.pk)
    unread.changed(accepted)
    return conversation


def group_room(group: "Group") -> Conversation:
    """A group's chat room, made the first time someone opens it."""
    conversation, _created = Conversation.objects.get_or_create(
        group=group, defaults={"kind": Conversation.Kind.GROUP}
    )
    return conversation


def _participant(user: User, found: access.ConversationAccess) -> Participant:
    if found.participant is not None:
        return found.participant
    participant, _created = Participant.objects.get_or_create(
        conversation=found.conversation, user=user
    )
    return participant


def _recipient_count_changes(found: access.ConversationAccess) -> bool:
    """Whether a new message changes the other person's header count. It doesn't when the
    conversation already counted as unread for them (their row is locked and fresh; the
    conversation's last message can only be older than it really is, which errs towards
    "changes"), nor while it's a request or ignored (the count is of accepted ones)."""
    theirs = found.other_participant
    if theirs is None:
        return False
    if theirs.state != Participant.State.ACTIVE:
        return False
    return theirs.hidden or found.conversation.last_message_id <= theirs.last_read_id


@transaction.atomic
def send_message(*, user: User, conversation: Conversation | int, body: str) -> Message:
    """Send to a conversation (or its id). Access is checked again here, with the two sides'
    rows locked, so a block or a request's state can't change halfway through."""
    found = access.conversation_access(user, conversation, lock=True)
    if found is None:
        raise NoConversation(str(CANT_MESSAGE))
    conversation = found.conversation
    body = _clean(body)
    mine = _participant(user, found)
    is_request = False
    theirs = found.other_participant
    if found.other is not None and theirs is not None and theirs.state != Participant.State.ACTIVE:
        # A message request: one message until they accept (an ignored request looks the
        # same to the sender as one still waiting).
        if Message.objects.filter(conversation=conversation, author=user).exists():
            raise MessagingError(
                _(
                    "Your message request is waiting. You can write again once "
                    "%(handle)s accepts it."
                )
                % {"handle": found.other.handle}
            )
        is_request = True
    from alongside.moderation.rules import check_not_muted

    check_not_muted(user)
    limits.check_send(user, is_request=is_request)
    message = Message.objects.create(
        conversation=conversation, author=user, body=body, body_html=render(body)
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=message.created_at, last_message_id=message.pk
    )
    # One UPDATE for both sides: the author has read their own message (and replying accepts
    # a request); a conversation someone deleted for themselves comes back for them.
    Participant.objects.filter(conversation=conversation).filter(
        Q(pk=mine.pk) | Q(hidden=True)
    ).update(
        hidden=False,
        last_read_id=Case(
            When(pk=mine.pk, then=Value(message.pk)),
            default=F("last_read_id"),
            output_field=BigIntegerField(),
        ),
        state=Case(
            When(
                pk=mine.pk, state=Participant.State.REQUESTED, then=Value(Participant.State.ACTIVE)
            ),
            default=F("state"),
            output_field=CharField(),
        ),
    )
    recount = []
    if found.other is not None:  # group rooms are not in the header's count
        recount = [found.other.pk] if _recipient_count_changes(found) else []
        unread.changed([user.pk, *recount])
    publish(
        "message.sent",
        message_id=message.pk,
        is_request=is_request,
        conversation_id=conversation.pk,
        author_id=user.pk,
        direct=found.other is not None,
        recount=recount,
    )
    return message


@transaction.atomic
def edit_message(*, user: User, message: Message, body: str) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk, author=user)
    if message.deleted_at is not None:
        raise MessagingError(_("That message was deleted."))
    message.body = _clean(body)
    message.body_html = render(message.body)
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "body_html", "edited_at"])
    publish("message.changed", message_id=message.pk)
    return message


@transaction.atomic
def delete_message(*, user: User, message: Message) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk, author=user)
    if message.deleted_at is None:
        message.body = ""
        message.body_html = ""
        message.deleted_at = timezone.now()
        message.save(update_fields=["body", "body_html", "deleted_at"])
        publish("message.changed", message_id=message.pk)
    return message


def mark_read(*, user: User, conversation: Conversation, through_id: int) -> None:
    """Read up to `through_id` (never backwards)."""
    updated = Participant.objects.filter(
        conversation=conversation, user=user, last_read_id__lt=through_id
    ).update(last_read_id=through_id)
    if not updated and conversation.kind == Conversation.Kind.GROUP:
        Participant.objects.get_or_create(
            conversation=conversation, user=user, defaults={"last_read_id": through_id}
        )
        updated = 1
    if updated:
        if conversation.kind == Conversation.Kind.DIRECT:
            unread.changed([user.pk])
        publish("messages.read", user_id=user.pk, conversation_id=conversation.pk)


def _own(user: User, conversation: Conversation) -> Participant:
    participant = Participant.objects.filter(conversation=conversation, user=user).first()
    if participant is None:
        raise MessagingError(str(CANT_MESSAGE))
    return participant


def accept_request(*, user: User, conversation: Conversation) -> None:
    participant = _own(user, conversation)
    participant.state = Participant.State.ACTIVE
    participant.hidden = False
    participant.save(update_fields=["state", "hidden"])
    unread.changed([user.pk])


def ignore_request(*, user: User, conversation: Conversation) -> None:
    """The sender is not told; they just can't write again."""
    participant = _own(user, conversation)
    if participant.state == Participant.State.REQUESTED:
        participant.state = Participant.State.IGNORED
        participant.save(update_fields=["state"])
        unread.changed([user.pk])


def delete_for_me(*, user: User, conversation: Conversation) -> None:
    """Gone for this member only: the other person keeps their copy."""
    last = Conversation.objects.get(pk=conversation.pk).last_message_id
    Participant.objects.update_or_create(
        conversation=conversation,
        user=user,
        defaults={"cleared_through_id": last, "last_read_id": last, "hidden": True},
    )
    unread.changed([user.pk])
    publish("messages.read", user_id=user.pk, conversation_id=conversation.pk)


def set_read_state_sharing(*, user: User, conversation: Conversation, on: bool) -> None:
    _own(user, conversation)
    Participant.objects.filter(conversation=conversation, user=user).update(share_read_state=on)
