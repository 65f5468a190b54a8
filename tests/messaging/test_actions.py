"""Every messaging write: starting conversations and requests, sending (safe Markdown, limits),
editing and deleting, read positions, "delete for me", read-state sharing, rate limits,
notifications (including a mentor's contact hours) and what a later block does."""

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.http import Http404

from alongside.accounts.actions import block_member
from alongside.accounts.models import User
from alongside.messaging import actions, selectors
from alongside.messaging.access import access_conversation_for_user
from alongside.messaging.actions import MessagingError
from alongside.messaging.limits import RateLimited
from alongside.messaging.models import Conversation, Message, Participant
from alongside.notifications.models import Delivery, Notification
from tests.conftest import make_member
from tests.mentoring.conftest import make_mentor, pair
from tests.messaging.conftest import age, connect, say

WAITING = "Your message request is waiting"
CANT = "You can't message this member."


def part(user: User, conversation: Conversation) -> Participant:
    return Participant.objects.get(user=user, conversation=conversation)


def message_notices(user: User) -> list[Notification]:
    return list(
        Notification.objects.filter(
            recipient=user, verb__in=["message.received", "message.request"]
        ).order_by("id")
    )


# Starting a conversation


def test_connections_start_a_conversation_both_active(people, convo):
    assert convo.kind == Conversation.Kind.DIRECT
    assert part(people.river, convo).state == Participant.State.ACTIVE
    assert part(people.morgan, convo).state == Participant.State.ACTIVE
    # The same pair always gets the same conversation, from either side.
    again = actions.start_conversation(user=people.morgan, other=people.river)
    assert again.pk == convo.pk
    assert Conversation.objects.filter(kind="direct").count() == 1


def test_a_mentor_and_mentee_write_freely(people):
    mentor = make_mentor("ash")
    pair(people.river, mentor)
    conversation = actions.start_conversation(user=people.river, other=mentor)
    assert part(mentor, conversation).state == Participant.State.ACTIVE
    say(people.river, conversation, "First")
    say(people.river, conversation, "Second, before ash answers")
    assert Message.objects.filter(conversation=conversation).count() == 2


def test_a_stranger_gets_a_message_request_with_one_message(people):
    river, outsider = people.river, people.outsider
    conversation = actions.start_conversation(user=river, other=outsider)
    assert part(river, conversation).state == Participant.State.ACTIVE
    assert part(outsider, conversation).state == Participant.State.REQUESTED
    say(river, conversation, "Hi, I saw your post about mornings.")
    with pytest.raises(MessagingError, match=WAITING):
        say(river, conversation, "Hello?")
    assert Message.objects.filter(conversation=conversation).count() == 1
    assert [r.conversation_id for r in selectors.requests_for(outsider)] == [conversation.pk]
    assert selectors.inbox(outsider) == []


def test_an_ignored_request_looks_the_same_as_a_waiting_one(people):
    river, outsider = people.river, people.outsider
    conversation = actions.start_conversation(user=river, other=outsider)
    say(river, conversation, "Hi")
    with pytest.raises(MessagingError) as waiting:
        say(river, conversation, "Again")
    actions.ignore_request(user=outsider, conversation=conversation)
    assert part(outsider, conversation).state == Participant.State.IGNORED
    with pytest.raises(MessagingError) as ignored:
        say(river, conversation, "Again")
    assert ignored.value.message == waiting.value.message
    assert selectors.requests_for(outsider) == []


def test_replying_to_a_request_accepts_it(people):
    river, outsider = people.river, people.outsider
    conversation = actions.start_conversation(user=river, other=outsider)
    say(river, conversation, "Hi")
    say(outsider, conversation, "Hi back")
    assert part(outsider, conversation).state == Participant.State.ACTIVE
    say(river, conversation, "Lovely to hear from you")
    assert Message.objects.filter(conversation=conversation).count() == 3


def test_accepting_a_request_lets_both_write(people):
    river, outsider = people.river, people.outsider
    conversation = actions.start_conversation(user=river, other=outsider)
    say(river, conversation, "Hi")
    actions.accept_request(user=outsider, conversation=conversation)
    say(river, conversation, "Thanks for accepting")
    assert [e.conversation.pk for e in selectors.inbox(outsider)] == [conversation.pk]


def test_connecting_later_turns_a_request_into_a_conversation(people):
    river, outsider = people.river, people.outsider
    conversation = actions.start_conversation(user=river, other=outsider)
    say(river, conversation, "Hi")
    connect(river, outsider)
    actions.start_conversation(user=river, other=outsider)
    assert part(outsider, conversation).state == Participant.State.ACTIVE


def test_nobody_messages_themselves(people):
    with pytest.raises(MessagingError, match=CANT):
        actions.start_conversation(user=people.river, other=people.river)
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("direction", ["blocker", "blocked"])
def test_nobody_messages_across_a_block(people, direction):
    a, b = (people.river, people.drew) if direction == "blocker" else (people.drew, people.river)
    with pytest.raises(MessagingError, match=CANT):
        actions.start_conversation(user=a, other=b)
    assert not Conversation.objects.exists()


def test_nobody_messages_an_inactive_member(people):
    User.objects.filter(pk=people.outsider.pk).update(is_active=False)
    people.outsider.refresh_from_db()
    with pytest.raises(MessagingError, match=CANT):
        actions.start_conversation(user=people.river, other=people.outsider)
    assert not Conversation.objects.exists()


def test_an_outsider_cannot_send_into_someone_elses_conversation(people, convo):
    with pytest.raises(MessagingError, match=CANT):
        say(people.outsider, convo, "Let me in")
    assert not Message.objects.exists()


# Sending


def test_messages_are_safe_markdown(people, convo):
    body = (
        "**bold** and [a link](https://example.org) <script>alert(1)</script> "
        "![pic](https://example.org/x.png)"
    )
    html = say(people.river, convo, body).body_html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "nofollow" in html
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_an_empty_message_is_refused(people, convo, body):
    with pytest.raises(MessagingError, match=r"Write a message first\."):
        say(people.river, convo, body)
    assert not Message.objects.exists()


def test_a_message_may_have_4000_characters_but_not_4001(people, convo):
    assert len(say(people.river, convo, "a" * 4000).body) == 4000
    with pytest.raises(MessagingError, match="at most 4000 characters"):
        say(people.river, convo, "a" * 4001)
    assert Message.objects.count() == 1


def test_sending_moves_the_conversation_on_and_unhides_it(people, convo):
    first = say(people.river, convo, "One")
    actions.delete_for_me(user=people.morgan, conversation=convo)
    assert part(people.morgan, convo).hidden
    second = say(people.river, convo, "Two")
    convo.refresh_from_db()
    assert convo.last_message_id == second.pk > first.pk
    assert convo.last_message_at == second.created_at
    assert not part(people.morgan, convo).hidden
    assert part(people.river, convo).last_read_id == second.pk  # one's own message is read


# Editing and deleting


def test_editing_ones_own_message_marks_it_edited(people, convo):
    message = say(people.river, convo, "Helo")
    edited = actions.edit_message(user=people.river, message=message, body="Hello **all**")
    assert edited.edited_at is not None
    assert "<strong>all</strong>" in edited.body_html


def test_deleting_is_soft_and_clears_the_body(people, convo):
    message = say(people.river, convo, "Something I regret")
    actions.delete_message(user=people.river, message=message)
    message.refresh_from_db()
    assert message.deleted_at is not None
    assert message.body == message.body_html == ""
    with pytest.raises(MessagingError, match="deleted"):
        actions.edit_message(user=people.river, message=message, body="Back again")


def test_nobody_edits_or_deletes_someone_elses_message(people, convo):
    message = say(people.river, convo, "Mine")
    with pytest.raises(Message.DoesNotExist):
        actions.edit_message(user=people.morgan, message=message, body="Yours now")
    with pytest.raises(Message.DoesNotExist):
        actions.delete_message(user=people.morgan, message=message)
    message.refresh_from_db()
    assert (message.body, message.edited_at, message.deleted_at) == ("Mine", None, None)


# Reading


def test_mark_read_never_goes_backwards(people, convo):
    first = say(people.river, convo, "One")
    second = say(people.river, convo, "Two")
    actions.mark_read(user=people.morgan, conversation=convo, through_id=second.pk)
    actions.mark_read(user=people.morgan, conversation=convo, through_id=first.pk)
    assert part(people.morgan, convo).last_read_id == second.pk


def test_unread_counts_follow_reading(people, convo):
    message = say(people.river, convo, "One")
    assert selectors.unread_conversations(people.morgan) == 1
    assert selectors.unread_conversations(people.river) == 0
    actions.mark_read(user=people.morgan, conversation=convo, through_id=message.pk)
    assert selectors.unread_conversations(people.morgan) == 0


def test_delete_for_me_is_for_one_side_only(people, convo):
    old = say(people.river, convo, "Old news")
    actions.delete_for_me(user=people.morgan, conversation=convo)
    assert selectors.inbox(people.morgan) == []
    assert [e.conversation.pk for e in selectors.inbox(people.river)] == [convo.pk]
    mine = access_conversation_for_user(people.morgan, convo.pk)
    assert selectors.messages_page(people.morgan, mine).messages == []
    theirs = access_conversation_for_user(people.river, convo.pk)
    assert selectors.messages_page(people.river, theirs).messages == [old]

    new = say(people.river, convo, "Something new")
    assert [e.conversation.pk for e in selectors.inbox(people.morgan)] == [convo.pk]
    mine = access_conversation_for_user(people.morgan, convo.pk)
    assert selectors.messages_page(people.morgan, mine).messages == [new]
    assert selectors.messages_after(people.morgan, mine, 0) == [new]


@pytest.mark.parametrize(("river_shares", "morgan_shares"), [(1, 1), (1, 0), (0, 1), (0, 0)])
def test_seen_needs_both_to_share_read_state(
    people, convo, client_for, river_shares, morgan_shares
):
    message = say(people.river, convo, "Did you see this?")
    actions.mark_read(user=people.morgan, conversation=convo, through_id=message.pk)
    actions.set_read_state_sharing(user=people.river, conversation=convo, on=bool(river_shares))
    actions.set_read_state_sharing(user=people.morgan, conversation=convo, on=bool(morgan_shares))
    found = access_conversation_for_user(people.river, convo.pk)
    expected = river_shares and morgan_shares
    assert selectors.seen_by_other(found) == (message.pk if expected else 0)
    page = client_for(people.river).get(f"/messages/{convo.pk}/").content.decode()
    assert ("data-seen" in page) == bool(expected)


def test_read_state_sharing_is_only_for_participants(people, convo):
    with pytest.raises(MessagingError):
        actions.set_read_state_sharing(user=people.outsider, conversation=convo, on=True)


# Rate limits

QUICK = "You're sending messages quickly. In your first week you can send 10 messages"


def test_a_new_account_is_limited_at_11_messages_in_10_minutes(people, convo):
    for n in range(10):
        say(people.river, convo, f"Message {n}")
    with pytest.raises(RateLimited, match=QUICK) as error:
        say(people.river, convo, "Eleventh")
    assert "every 10 minutes" in error.value.message
    assert Message.objects.count() == 10
    assert not Message.objects.filter(body="Eleventh").exists()


def test_an_older_account_is_not_limited_at_11(people, convo):
    age(people.river)
    for n in range(11):
        say(people.river, convo, f"Message {n}")
    assert Message.objects.count() == 11


def _request(sender: User, n: int) -> None:
    other = make_member(f"stranger{n}")
    conversation = actions.start_conversation(user=sender, other=other)
    say(sender, conversation, "Hello, stranger")


def test_a_new_account_sends_three_message_requests_a_day(people):
    for n in range(3):
        _request(people.river, n)
    with pytest.raises(RateLimited, match="3 message requests today"):
        _request(people.river, 3)
    assert Message.objects.count() == 3


def test_an_older_account_sends_ten_message_requests_a_day(people):
    age(people.river)
    for n in range(10):
        _request(people.river, n)
    with pytest.raises(RateLimited, match="10 message requests today"):
        _request(people.river, 10)
    assert Message.objects.count() == 10


def test_a_member_out_of_requests_still_writes_to_connections(people):
    for n in range(3):
        _request(people.sam, n)
    connect(people.sam, people.morgan)
    say(people.sam, actions.start_conversation(user=people.sam, other=people.morgan), "Hi")
    assert Message.objects.filter(author=people.sam).count() == 4


# Notifications


def test_a_message_notifies_once_per_unread_stretch(people, convo, on_commit):
    with on_commit():
        say(people.river, convo, "One")
    assert [n.verb for n in message_notices(people.morgan)] == ["message.received"]
    assert message_notices(people.river) == []
    with on_commit():
        second = say(people.river, convo, "Two, before morgan read the first")
    assert len(message_notices(people.morgan)) == 1
    with on_commit():
        actions.mark_read(user=people.morgan, conversation=convo, through_id=second.pk)
        say(people.river, convo, "Three, after morgan read")
    assert len(message_notices(people.morgan)) == 2


def test_a_request_notifies_with_its_own_verb(people, on_commit):
    conversation = actions.start_conversation(user=people.river, other=people.outsider)
    with on_commit():
        say(people.river, conversation, "Hi")
    assert [n.verb for n in message_notices(people.outsider)] == ["message.request"]


def test_an_ignored_request_notifies_nobody_again(people, on_commit):
    conversation = actions.start_conversation(user=people.river, other=people.outsider)
    with on_commit():
        say(people.river, conversation, "Hi")
    actions.ignore_request(user=people.outsider, conversation=conversation)
    assert len(message_notices(people.outsider)) == 1


def test_group_messages_notify_nobody(people, room, on_commit):
    with on_commit():
        say(people.river, room, "Hello group")
    assert message_notices(people.jordan) == []
    assert not Notification.objects.filter(verb__startswith="message").exists()


def frozen(moment: datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def mentee_chat(people):
    mentor = make_mentor("ash")
    pair(people.river, mentor)
    return mentor, actions.start_conversation(user=people.river, other=mentor)


def _email_to(user: User) -> Delivery:
    return Delivery.objects.get(
        notification__recipient=user, notification__verb="message.received", channel="email"
    )


def test_email_to_a_mentor_from_their_mentee_waits_for_contact_hours(
    people, mentee_chat, on_commit
):
    mentor, conversation = mentee_chat
    night = datetime(2026, 6, 2, 12, 0, tzinfo=UTC)  # 05:00 in Los Angeles
    with frozen(night), on_commit():
        say(people.river, conversation, "Can't sleep, thinking about drinking.")
    delivery = _email_to(mentor)
    assert delivery.status == "pending"
    assert delivery.deliver_after == datetime(2026, 6, 2, 16, 0, tzinfo=UTC)  # 09:00 PDT
    assert delivery.notification.created_at == night  # in the app at once


def test_email_to_a_mentor_in_contact_hours_goes_at_once(
    people, mentee_chat, on_commit, mailoutbox
):
    mentor, conversation = mentee_chat
    noon = datetime(2026, 6, 2, 19, 0, tzinfo=UTC)  # 12:00 in Los Angeles
    with frozen(noon), on_commit():
        say(people.river, conversation, "Good day today.")
    delivery = _email_to(mentor)
    assert delivery.status == "sent" and delivery.deliver_after == noon
    assert [m.to for m in mailoutbox] == [[mentor.email]]


def test_a_mentor_writing_to_their_mentee_is_not_held(people, mentee_chat, on_commit):
    mentor, conversation = mentee_chat
    night = datetime(2026, 6, 2, 12, 0, tzinfo=UTC)
    with frozen(night), on_commit():
        say(mentor, conversation, "Call me if you need to.")
    assert _email_to(people.river).deliver_after == night


# Blocks


@pytest.mark.parametrize("who_blocks", ["river", "morgan"])
def test_a_later_block_hides_the_conversation_from_both(people, convo, who_blocks):
    say(people.river, convo, "Hi")
    say(people.morgan, convo, "Hi back")
    blocker, blocked = (
        (people.river, people.morgan) if who_blocks == "river" else (people.morgan, people.river)
    )
    block_member(blocker=blocker, blocked=blocked)
    for member in (people.river, people.morgan):
        assert selectors.inbox(member) == []
        assert selectors.unread_conversations(member) == 0
        with pytest.raises(Http404):
            access_conversation_for_user(member, convo.pk)
        with pytest.raises(MessagingError):
            say(member, convo, "Still there?")
