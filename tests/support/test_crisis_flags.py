"""Words that suggest danger, wherever they are written: one crisis flag for moderators, the
crisis message for the author at once, nothing hidden; the moderators' queue."""

from unittest.mock import patch

import pytest
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.core.models import AuditLogEntry
from alongside.discussions import actions as discussions
from alongside.discussions.models import Board, Post
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category
from alongside.groups import actions as groups
from alongside.messaging import actions as messaging
from alongside.messaging.models import Message
from alongside.moderation.models import ReviewItem
from alongside.notifications.models import Notification
from alongside.recovery import actions as recovery
from alongside.recovery.models import CheckIn
from alongside.support import actions
from alongside.support.models import CrisisFlag
from tests.conftest import make_member
from tests.messaging.conftest import connect, new_group
from tests.support.test_support_now import CRISIS, FINE, LIVE

QUEUE = reverse("moderation:queue")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def forum(db):
    ensure_categories(Board, Category)
    return Category.objects.get(slug="questions").board


@pytest.fixture
def group_thread(people, on_commit):
    """A thread on jordan's group board, which river joined."""
    group = new_group(people.jordan)
    groups.join_group(user=people.river, group=group)
    with on_commit():
        return discussions.start_thread(
            user=people.jordan, board=group.board, title="Tonight's share", body="Welcome all."
        )


@pytest.fixture
def convo(people):
    connect(people.river, people.sam)
    return messaging.start_conversation(user=people.river, other=people.sam)


def flagged(source: str = "") -> list[CrisisFlag]:
    found = CrisisFlag.objects.order_by("pk")
    return list(found.filter(source=source) if source else found)


def moderators_told() -> list[str]:
    return sorted(
        Notification.objects.filter(verb="crisis.flagged").values_list(
            "recipient__handle", flat=True
        )
    )


def crisis_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if "crisis" in m.extra_tags]


def check_in(user, note: str, gratitude: str = "") -> CheckIn:
    return recovery.save_check_in(
        user=user, mood=2, craving=3, triggers=[], used=False, note=note, gratitude=gratitude
    )


# Flags, through the actions


def test_a_forum_thread_is_flagged_once_and_moderators_told(people, forum, on_commit):
    with on_commit():
        thread = discussions.start_thread(user=people.river, board=forum, title="Hi", body=CRISIS)
    post = Post.objects.get(thread=thread, is_opening=True)
    [flag] = flagged()
    assert (flag.source, flag.object_id, flag.author) == ("post", post.pk, people.river)
    assert flag.urgent and flag.categories == ["suicide"]
    assert moderators_told() == ["morgan"]
    notice = Notification.objects.get(verb="crisis.flagged")
    assert notice.actor == people.river and notice.url == QUEUE and notice.urgent
    # Nothing is hidden or changed.
    post.refresh_from_db()
    assert post.body == CRISIS and post.deleted_at is None
    # Editing it again does not flag it twice.
    with on_commit():
        discussions.edit_post(user=people.river, post=post, body=CRISIS + " Really.")
    assert len(flagged()) == 1 and moderators_told() == ["morgan"]


def test_a_title_alone_can_flag_a_thread(people, forum, on_commit):
    with on_commit():
        discussions.start_thread(user=people.river, board=forum, title=CRISIS, body=FINE)
    assert len(flagged("post")) == 1


def test_a_group_reply_is_flagged_once(people, group_thread, on_commit):
    with on_commit():
        reply = discussions.reply(user=people.river, thread=group_thread, body=CRISIS)
    [flag] = flagged()
    assert (flag.source, flag.object_id) == ("post", reply.pk)
    assert moderators_told() == ["morgan"]


def test_an_edit_that_turns_worrying_is_flagged(people, group_thread, on_commit):
    with on_commit():
        reply = discussions.reply(user=people.river, thread=group_thread, body=FINE)
    assert flagged() == []
    with on_commit():
        discussions.edit_post(user=people.river, post=reply, body=CRISIS)
    assert [f.object_id for f in flagged("post")] == [reply.pk]


def test_a_message_is_flagged_once(people, convo, on_commit):
    with patch(LIVE), on_commit():
        message = messaging.send_message(user=people.river, conversation=convo, body=CRISIS)
    [flag] = flagged()
    assert (flag.source, flag.object_id, flag.author) == ("message", message.pk, people.river)
    assert moderators_told() == ["morgan"]
    message.refresh_from_db()
    assert message.body == CRISIS and message.deleted_at is None


def test_a_check_in_note_is_flagged_once(people, on_commit):
    with on_commit():
        saved = check_in(people.river, CRISIS)
    [flag] = flagged()
    assert (flag.source, flag.object_id, flag.author) == ("check_in", saved.pk, people.river)
    assert moderators_told() == ["morgan"]
    # Saving today's check-in again (the same row) does not flag it twice.
    with on_commit():
        again = check_in(people.river, CRISIS + " still")
    assert again.pk == saved.pk and len(flagged()) == 1
    saved.refresh_from_db()
    assert saved.note == CRISIS + " still"


def test_a_support_message_is_flagged_once(people, on_commit):
    connect(people.river, people.outsider)
    with patch(LIVE), on_commit():
        request = actions.ask_for_support(requester=people.river, message=CRISIS)
    [flag] = flagged()
    assert (flag.source, flag.object_id, flag.author) == ("support", request.pk, people.river)
    assert moderators_told() == ["morgan"]
    with patch(LIVE), on_commit():  # widening alerts again: still one flag
        from alongside.core.events import publish

        publish("support.requested", request_id=request.pk, user_ids=[])
    assert len(flagged()) == 1 and moderators_told() == ["morgan"]


def test_untroubling_words_are_never_flagged(people, forum, group_thread, convo, on_commit):
    with patch(LIVE), on_commit():
        discussions.start_thread(user=people.river, board=forum, title="A good day", body=FINE)
        discussions.reply(user=people.river, thread=group_thread, body=FINE)
        messaging.send_message(user=people.river, conversation=convo, body=FINE)
        check_in(people.river, FINE, gratitude="My sister.")
        actions.ask_for_support(requester=people.river, message="Could use a friendly voice.")
    assert flagged() == []
    assert moderators_told() == []


def test_every_moderator_is_told_but_not_the_author(people, on_commit):
    second = make_member("second", Role.MODERATOR)
    with on_commit():
        check_in(second, CRISIS)
    assert moderators_told() == ["morgan"]
    with on_commit():
        check_in(people.morgan, CRISIS)
    assert moderators_told() == ["morgan", "second"]


# The author sees the crisis message at once, on the page they are on


def test_a_reply_page_shows_the_crisis_message(people, group_thread, client_for, on_commit):
    client = client_for(people.river)
    path = reverse("discussions:reply", args=[group_thread.pk])
    with on_commit():
        response = client.post(path, {"body": CRISIS}, follow=True)
    assert response.status_code == 200
    [shown] = crisis_messages(response)
    assert "988" in shown and CRISIS not in shown  # nothing is echoed back
    assert "tel:988" in response.text and reverse("support:now") in response.text
    post = Post.objects.get(thread=group_thread, is_opening=False)
    assert post.body == CRISIS and post.deleted_at is None
    assert CRISIS in response.text  # the post is there, as written
    assert len(flagged("post")) == 1


def test_a_new_thread_page_shows_the_crisis_message(people, forum, client_for, on_commit):
    path = reverse("discussions:new_thread", args=[forum.pk])
    with on_commit():
        response = client_for(people.river).post(
            path, {"title": "Tonight", "body": CRISIS}, follow=True
        )
    assert response.status_code == 200 and crisis_messages(response)
    assert len(flagged("post")) == 1


def test_a_calm_reply_shows_no_crisis_message(people, group_thread, client_for, on_commit):
    path = reverse("discussions:reply", args=[group_thread.pk])
    with on_commit():
        response = client_for(people.river).post(path, {"body": FINE}, follow=True)
    assert crisis_messages(response) == []
    assert flagged() == []


def test_a_message_sent_with_fetch_is_answered_202_and_the_page_shows_help(
    people, convo, client_for, on_commit
):
    client = client_for(people.river)
    send = reverse("messaging:send", args=[convo.pk])
    fetch = {"HTTP_X_REQUESTED_WITH": "fetch"}
    with patch(LIVE), on_commit():
        calm = client.post(send, {"body": FINE}, **fetch)
    assert calm.status_code == 204
    with patch(LIVE), on_commit():
        worrying = client.post(send, {"body": CRISIS}, **fetch)
    assert worrying.status_code == 202
    page = client.get(reverse("messaging:conversation", args=[convo.pk]))
    [shown] = crisis_messages(page)
    assert "988" in shown and "tel:988" in page.text
    assert list(Message.objects.order_by("pk").values_list("body", flat=True)) == [FINE, CRISIS]
    assert len(flagged("message")) == 1


def test_a_message_sent_with_the_form_shows_help(people, convo, client_for, on_commit):
    send = reverse("messaging:send", args=[convo.pk])
    with patch(LIVE), on_commit():
        response = client_for(people.river).post(send, {"body": CRISIS}, follow=True)
    assert response.status_code == 200 and crisis_messages(response)
    assert Message.objects.get().body == CRISIS


def test_a_first_message_shows_help(people, client_for, on_commit):
    from tests.messaging.conftest import age

    age(people.river)
    path = reverse("messaging:start", args=["outsider"])
    with patch(LIVE), on_commit():
        response = client_for(people.river).post(path, {"body": CRISIS}, follow=True)
    assert response.status_code == 200 and crisis_messages(response)
    assert len(flagged("message")) == 1


def test_a_check_in_shows_help_and_keeps_the_note(people, client_for, on_commit):
    path = reverse("recovery:check_in")
    data = {"mood": "2", "craving": "3", "note": CRISIS, "gratitude": ""}
    with on_commit():
        response = client_for(people.river).post(path, data, follow=True)
    assert response.status_code == 200
    [shown] = crisis_messages(response)
    assert "988" in shown and "tel:988" in response.text
    assert CheckIn.objects.get(user=people.river).note == CRISIS
    assert len(flagged("check_in")) == 1


def test_a_calm_check_in_gets_the_usual_thanks(people, client_for, on_commit):
    path = reverse("recovery:check_in")
    data = {"mood": "4", "craving": "1", "note": FINE}
    with on_commit():
        response = client_for(people.river).post(path, data, follow=True)
    assert crisis_messages(response) == []
    assert flagged() == []


# The moderators' queue


@pytest.fixture
def flags(people, forum, convo, on_commit):
    """Three flags by river: a forum post, a message to sam and a check-in."""
    with patch(LIVE), on_commit():
        thread = discussions.start_thread(user=people.river, board=forum, title="Hi", body=CRISIS)
        messaging.send_message(user=people.river, conversation=convo, body="Tonight I end it all")
        check_in(people.river, "I'm going to kill myself tonight")
    found = {f.source: f for f in flagged()}
    assert set(found) == {"post", "message", "check_in"}
    return thread, found


def crisis_items(found: dict[str, CrisisFlag]) -> dict[str, ReviewItem]:
    return {
        source: ReviewItem.objects.get(crisis_flag=flag, status=ReviewItem.Status.OPEN)
        for source, flag in found.items()
    }


def test_the_queue_shows_each_item_without_private_text_or_links(people, flags, client_for):
    thread, found = flags
    from alongside.moderation import actions as moderation

    moderation.report(  # older and less pressing: it waits behind the crisis items
        reporter=people.sam, target_type="profile", target_id=people.outsider.pk, reason="spam"
    )
    ReviewItem.objects.filter(kind=ReviewItem.Kind.REPORT).update(created_at="2020-01-01T00:00Z")
    items = crisis_items(found)
    report = ReviewItem.objects.get(kind=ReviewItem.Kind.REPORT)
    client = client_for(people.morgan)
    page = client.get(QUEUE)
    assert page.status_code == 200
    for where in ("A post", "A message", "A private check-in note"):
        assert where in page.text
    # Crisis items first, whatever their age.
    link = lambda item: reverse("moderation:item", args=[item.pk])  # noqa: E731
    positions = [page.text.index(link(item)) for item in items.values()]
    assert max(positions) < page.text.index(link(report))
    for private in ("Tonight I end it all", "kill myself tonight", CRISIS):
        assert private not in page.text
    assert "suicide risk" in page.text and "Urgent" in page.text
    # Each item's page says where it was written: a link for a post, never private words.
    post_page = client.get(link(items["post"])).text
    assert "See where it was written" in post_page
    assert reverse("discussions:thread", args=[thread.pk]) in post_page
    assert "Written somewhere private" not in post_page
    for source, words in (("message", "Tonight I end it all"), ("check_in", "kill myself")):
        private_page = client.get(link(items[source])).text
        assert "Written somewhere private" in private_page
        assert words not in private_page
        assert "See where it was written" not in private_page
        assert "Looked after" in private_page
        assert reverse("moderation:act", args=[items[source].pk]) not in private_page
    for item in items.values():  # a moderator can reach out to the author from each one
        assert reverse("messaging:start", args=["river"]) in client.get(link(item)).text


def test_looked_after_marks_it_reviewed(people, flags, client_for):
    _thread, found = flags
    client = client_for(people.morgan)
    item = crisis_items(found)["message"]
    looked_after = reverse("moderation:dismiss", args=[item.pk])
    response = client.post(looked_after, follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    assert "Marked as looked after." in [str(m) for m in response.context["messages"]]
    flag = CrisisFlag.objects.get(pk=found["message"].pk)
    assert flag.reviewed_at is not None and flag.reviewed_by == people.morgan
    assert AuditLogEntry.objects.filter(
        action="support.crisis_flag_reviewed", actor=people.morgan, target_id=str(flag.pk)
    ).exists()
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.RESOLVED and item.resolved_by == people.morgan
    # The queue now lists the other two, not this one.
    assert reverse("moderation:item", args=[item.pk]) not in response.text
    assert response.text.count("Review item") == 2
    # A second click is harmless.
    again = client.post(looked_after, follow=True)
    assert "already reviewed" in " ".join(str(m) for m in again.context["messages"])
    assert AuditLogEntry.objects.filter(action="support.crisis_flag_reviewed").count() == 1


def test_the_queue_is_for_moderators_only(people, flags, client_for):
    _thread, found = flags
    review = reverse("support:review", args=[found["post"].pk])
    for who in (people.river, people.sam, people.jordan, people.casey, people.outsider):
        client = client_for(who)
        assert client.get(QUEUE).status_code == 404, who.handle
        assert client.post(review).status_code == 404, who.handle
    assert not CrisisFlag.objects.filter(reviewed_at__isnull=False).exists()


def test_an_empty_queue_says_so(people, client_for):
    page = client_for(people.morgan).get(QUEUE)
    assert "Nothing waiting" in page.text
