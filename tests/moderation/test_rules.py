"""Notices and the one-appeal rule, the guidelines (page, sign-up, first post), new-account
limits and mutes with clear messages, suspensions that end by themselves, flat query counts."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.discussions import actions as discussions
from alongside.discussions.models import Board, Post
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category
from alongside.moderation import actions, rules
from alongside.moderation.access import access_item_for_user
from alongside.moderation.models import GuidelinesAcceptance, ModAction, ReviewItem
from alongside.notifications.models import Notification
from tests.conftest import PASSWORD, make_member
from tests.helpers import assert_queries_do_not_grow
from tests.messaging.conftest import age


@pytest.fixture
def forum(db) -> Board:
    ensure_categories(Board, Category)
    return Category.objects.get(slug="questions").board


@pytest.fixture
def thread(people, forum):
    age(people.sam)
    return discussions.start_thread(user=people.sam, board=forum, title="Hi", body="Hey there")


def decide(people, thread, action: str, **extra) -> ModAction:
    post = Post.objects.get(thread=thread, is_opening=True)
    made = actions.report(
        reporter=people.river, target_type="post", target_id=post.pk, reason="harassment"
    )
    found = access_item_for_user(people.morgan, made.item_id)
    decision = actions.act(
        reviewer=people.morgan, access=found, action=action, reason="Be kind", **extra
    )
    assert decision is not None
    return decision


# Notices and the one-appeal rule


def test_the_member_is_told_and_can_appeal_once(
    people, thread, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        warning = decide(people, thread, "warn")
    notice = reverse("moderation:notice", args=[warning.pk])
    told = Notification.objects.get(recipient=people.sam, verb="moderation.action")
    assert told.url == notice
    sam = client_for(people.sam)
    page = sam.get(notice)
    assert "Be kind" in page.text and "Keep each other anonymous" in page.text  # the guidelines
    assert "river" not in page.text  # never who reported
    assert sam.post(notice, {"text": "I'm sorry, I'll reword it"}).status_code == 302
    again = sam.post(notice, {"text": "Please, again"})
    assert again.status_code == 400 and "appealed this decision already" in again.text
    assert ReviewItem.objects.filter(kind="appeal").count() == 1
    assert "Send appeal" not in sam.get(notice).text
    with pytest.raises(actions.ModerationError, match="appealed this decision already"):
        actions.appeal(member=people.sam, action=warning, text="Third time")


def test_a_reversed_decision_cannot_be_appealed(people, thread, client_for):
    hidden = decide(people, thread, "hide")
    actions.reverse_action(reviewer=people.morgan, action=hidden, reason="Changed my mind")
    notice = reverse("moderation:notice", args=[hidden.pk])
    page = client_for(people.sam).get(notice)
    assert "This decision was reversed." in page.text and "Send appeal" not in page.text
    with pytest.raises(actions.ModerationError, match="already reversed"):
        actions.appeal(member=people.sam, action=hidden, text="Anyway")


def test_only_the_member_can_appeal(people, thread):
    warning = decide(people, thread, "warn")
    with pytest.raises(actions.ModerationError, match="decisions about you"):
        actions.appeal(member=people.river, action=warning, text="On sam's behalf")


def test_the_reporter_hears_it_was_reviewed_but_not_what_sam_was_told(
    people, thread, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(people, thread, "warn")
    assert Notification.objects.filter(recipient=people.river, verb="moderation.report_reviewed")
    page = client_for(people.river).get(reverse("moderation:my_reports"))
    assert "a moderator took action" in page.text and "Be kind" not in page.text


# Guidelines


def test_the_guidelines_page_is_public(client, db):
    page = client.get(reverse("moderation:guidelines"))
    assert page.status_code == 200
    assert "Keep each other anonymous" in page.text and "appealed once" in page.text


def signup(client, **changes):
    data = {
        "handle": "wren",
        "email": "wren@example.org",
        "password": PASSWORD,
        "timezone": "America/Chicago",
        "accept_guidelines": "on",
        **changes,
    }
    return client.post(reverse("accounts:signup"), data)


def test_sign_up_asks_for_the_guidelines(client, db):
    form = client.get(reverse("accounts:signup"))
    assert reverse("moderation:guidelines") in form.text
    refused = signup(client, accept_guidelines="")
    assert refused.status_code == 200 or refused.status_code == 400
    assert "Please read and accept the community guidelines." in refused.text
    assert not User.objects.filter(handle="wren").exists()
    assert signup(client).status_code == 302
    assert GuidelinesAcceptance.objects.filter(user__handle="wren").exists()


def test_the_first_post_shows_the_guidelines_and_later_ones_do_not(people, forum, client_for):
    river = client_for(people.river)
    new_thread = reverse("discussions:new_thread", args=[forum.pk])
    assert "Before your first post" in river.get(new_thread).text
    discussions.start_thread(user=people.river, board=forum, title="Hello", body="Hi all")
    assert "Before your first post" not in river.get(new_thread).text


# New-account limits and mutes


def test_a_new_account_posts_ten_times_an_hour_then_hears_why(people, thread, client_for):
    assert rules.is_new(people.river)
    river = client_for(people.river)
    url = reverse("discussions:reply", args=[thread.pk])
    for n in range(10):
        assert river.post(url, {"body": f"Reply {n}"}).status_code == 302
    refused = river.post(url, {"body": "Eleventh reply"})
    assert refused.status_code == 400
    assert "In your first week you can post 10 times an hour" in refused.text
    assert "Eleventh reply" in refused.text  # still in the box
    assert not Post.objects.filter(body="Eleventh reply").exists()


def test_an_older_account_has_a_higher_ceiling(people, thread, client_for):
    age(people.river)
    river = client_for(people.river)
    url = reverse("discussions:reply", args=[thread.pk])
    for n in range(11):
        assert river.post(url, {"body": f"Reply {n}"}).status_code == 302


def test_a_new_account_sends_ten_connection_requests_an_hour(people, client_for):
    others = [make_member(f"peer{n}") for n in range(11)]
    river = client_for(people.river)
    for other in others[:10]:
        river.post(reverse("people:connect", args=[other.handle]), {"message": ""})
    refused = river.post(
        reverse("people:connect", args=[others[10].handle]), {"message": ""}, follow=True
    )
    assert "In your first week you can send 10 connection requests an hour" in refused.text


def test_a_new_account_sends_five_mentor_requests_an_hour(people):
    for _ in range(5):
        rules.check_can(people.river, "mentor_requests")
    with pytest.raises(rules.Limited, match="In your first week you can send 5 mentor requests"):
        rules.check_can(people.river, "mentor_requests")
    age(people.sam)
    for _ in range(10):
        rules.check_can(people.sam, "mentor_requests")
    with pytest.raises(rules.Limited, match="up to 10 an hour"):
        rules.check_can(people.sam, "mentor_requests")


def test_a_muted_member_reads_but_does_not_post_and_is_told_until_when(people, thread, client_for):
    age(people.sam)
    decide(people, thread, "mute", days=3)
    sam = client_for(people.sam)
    page = sam.get(reverse("discussions:thread", args=[thread.pk]))
    assert page.status_code == 200
    refused = sam.post(reverse("discussions:reply", args=[thread.pk]), {"body": "Still here"})
    assert refused.status_code == 400
    assert "A moderator has paused your posting" in refused.text
    assert "Moderation notices" in refused.text


# Suspensions


def test_an_ended_suspension_reopens_only_the_account_it_closed(people, thread):
    suspension = decide(people, thread, "suspend", days=2)
    people.sam.refresh_from_db()
    assert not people.sam.is_active
    ModAction.objects.filter(pk=suspension.pk).update(until=timezone.now() - timedelta(minutes=1))
    assert actions.lift_expired_suspensions() == 1
    people.sam.refresh_from_db()
    assert people.sam.is_active
    # Later the account is closed for another reason (an admin, say): the old suspension
    # must not open it again.
    User.objects.filter(pk=people.sam.pk).update(is_active=False)
    assert actions.lift_expired_suspensions() == 0
    people.sam.refresh_from_db()
    assert not people.sam.is_active


def test_an_ended_suspension_leaves_a_ban_in_force(people, thread, forum):
    suspension = decide(people, thread, "suspend", days=2)
    other = discussions.start_thread(user=people.sam, board=forum, title="Two", body="Again")
    decide(people, other, "ban")
    ModAction.objects.filter(pk=suspension.pk).update(until=timezone.now() - timedelta(minutes=1))
    assert actions.lift_expired_suspensions() == 0
    people.sam.refresh_from_db()
    assert not people.sam.is_active


def test_login_after_an_ended_suspension_works_and_an_old_one_opens_nothing(people, thread, client):
    suspension = decide(people, thread, "suspend", days=2)
    login = reverse("accounts:login")
    refused = client.post(login, {"username": "sam", "password": PASSWORD})
    assert "suspended this account until" in refused.text and "Appeal this decision" in refused.text
    ModAction.objects.filter(pk=suspension.pk).update(until=timezone.now() - timedelta(minutes=1))
    assert client.post(login, {"username": "sam", "password": PASSWORD}).status_code == 302
    client.logout()
    User.objects.filter(pk=people.sam.pk).update(is_active=False)
    again = client.post(login, {"username": "sam", "password": PASSWORD})
    assert again.status_code == 200
    people.sam.refresh_from_db()
    assert not people.sam.is_active


# Query counts


def test_the_queue_and_the_reviewed_tab_stay_flat(people, forum, client_for):
    age(people.sam)
    counter = itertools.count()

    def grow():
        thread = discussions.start_thread(user=people.sam, board=forum, title="More", body="x")
        post = Post.objects.get(thread=thread)
        for who in (people.river, people.outsider, people.casey):
            actions.report(reporter=who, target_type="post", target_id=post.pk, reason="spam")
        someone = make_member(f"someone{next(counter)}")
        age(someone)
        made = actions.report(
            reporter=people.river, target_type="profile", target_id=someone.pk, reason="spam"
        )
        found = access_item_for_user(people.morgan, made.item_id)
        warning = actions.act(reviewer=people.morgan, access=found, action="warn", reason="x")
        assert warning is not None
        actions.appeal(member=someone, action=warning, text="Please")

    morgan = client_for(people.morgan)
    grow()
    assert_queries_do_not_grow(morgan, reverse("moderation:queue"), grow)
    assert_queries_do_not_grow(morgan, reverse("moderation:queue") + "?show=reviewed", grow)
    assert_queries_do_not_grow(morgan, reverse("moderation:log"), grow)
    assert_queries_do_not_grow(client_for(people.sam), reverse("moderation:notices"), grow)
    assert_queries_do_not_grow(client_for(people.river), reverse("moderation:my_reports"), grow)


def test_an_items_page_stays_flat_as_reports_arrive(people, thread, client_for):
    post = Post.objects.get(thread=thread)
    made = actions.report(
        reporter=people.river, target_type="post", target_id=post.pk, reason="spam"
    )
    reporters = iter(make_member(f"reporter{n}") for n in range(6))

    def grow():
        for _ in range(3):
            actions.report(
                reporter=next(reporters), target_type="post", target_id=post.pk, reason="spam"
            )

    url = reverse("moderation:item", args=[made.item_id])
    assert_queries_do_not_grow(client_for(people.morgan), url, grow)


def test_a_facilitators_queue_stays_flat(people, client_for):
    from alongside.groups import actions as groups
    from tests.messaging.conftest import new_group

    group = new_group(people.jordan)
    groups.join_group(user=people.sam, group=group)
    groups.join_group(user=people.river, group=group)
    age(people.sam)

    def grow():
        thread = discussions.start_thread(user=people.sam, board=group.board, title="T", body="b")
        post = Post.objects.get(thread=thread)
        actions.report(reporter=people.river, target_type="post", target_id=post.pk, reason="spam")

    grow()
    assert_queries_do_not_grow(client_for(people.jordan), reverse("moderation:queue"), grow)
