"""Who may open every moderation page and take every action: a member (the reporter), the
author, the group's facilitator, a facilitator of another group, a moderator, staff, an
outsider, a person river blocked, and a visitor. Forbidden is the same 404 as missing."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts import actions as accounts
from alongside.accounts.models import Role, User
from alongside.discussions import actions as discussions
from alongside.discussions.models import Post, Thread
from alongside.groups import actions as groups
from alongside.moderation import actions
from alongside.moderation.access import access_item_for_user
from alongside.moderation.login import appeal_token
from alongside.moderation.models import ModAction, ReviewItem
from tests.conftest import make_member
from tests.messaging.conftest import new_group

ROLES = ["river", "sam", "jordan", "other_fac", "morgan", "casey", "outsider", "drew", "visitor"]


@dataclass
class World:
    people: dict[str, User]
    post: Post
    item: ReviewItem  # river's report on sam's reply in jordan's group
    appeal: ReviewItem  # sam's appeal of morgan's warning
    warning: ModAction

    def client(self, who: str) -> Client:
        client = Client()
        if who != "visitor":
            client.force_login(self.people[who])
        return client


@pytest.fixture
def world(people) -> World:
    group = new_group(people.jordan)
    for member in (people.river, people.sam):
        groups.join_group(user=member, group=group)
    other_fac = make_member("other_fac", Role.FACILITATOR)
    new_group(other_fac, name="Morning circle")
    thread = discussions.start_thread(
        user=people.jordan, board=group.board, title="Tonight", body="Welcome."
    )
    post = discussions.reply(user=people.sam, thread=thread, body="Something unkind.")
    made = actions.report(
        reporter=people.river, target_type="post", target_id=post.pk, reason="harassment"
    )
    # A warning about sam's profile, decided by morgan, and sam's appeal of it.
    profile = actions.report(
        reporter=people.outsider, target_type="profile", target_id=people.sam.pk, reason="spam"
    )
    found = access_item_for_user(people.morgan, profile.item_id)
    warning = actions.act(reviewer=people.morgan, access=found, action="warn", reason="Be kind")
    assert warning is not None
    appeal = actions.appeal(member=people.sam, action=warning, text="Please look again")
    everyone = {name: getattr(people, name) for name in ROLES if hasattr(people, name)}
    everyone["other_fac"] = other_fac
    return World(everyone, post, made.item, appeal, warning)


def status(response) -> int:
    """302 to the login page reads as "login"; other redirects as 302."""
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return "login"  # type: ignore[return-value]
    return response.status_code


LOGIN = "login"


@pytest.mark.parametrize(
    ("who", "queue", "item", "log"),
    [
        ("river", 404, 404, 404),  # member and reporter
        ("sam", 404, 404, 404),  # the author: never reviews their own
        ("jordan", 200, 200, 404),  # the group's facilitator: the queue, not the audit log
        ("other_fac", 200, 404, 404),  # another group's facilitator: an empty queue
        ("morgan", 200, 200, 200),  # moderator
        ("casey", 404, 404, 404),  # staff are not moderators
        ("outsider", 404, 404, 404),
        ("drew", 404, 404, 404),  # blocked by river
        ("visitor", LOGIN, LOGIN, LOGIN),
    ],
)
def test_reading_the_queue_an_item_and_the_log(world, who, queue, item, log):
    client = world.client(who)
    assert status(client.get(reverse("moderation:queue"))) == queue
    assert status(client.get(reverse("moderation:queue") + "?show=reviewed")) == queue
    assert status(client.get(reverse("moderation:item", args=[world.item.pk]))) == item
    assert status(client.get(reverse("moderation:log"))) == log


def test_another_groups_facilitator_sees_an_empty_queue(world):
    page = world.client("other_fac").get(reverse("moderation:queue"))
    assert "Nothing waiting" in page.text
    assert reverse("moderation:item", args=[world.item.pk]) not in page.text


# Every action, for everyone. Facilitators may hide/restore, edit the title, close and
# reopen the thread and warn; mute, suspend and ban aren't among their choices (400).
FACILITATOR_MAY = {"hide", "restore", "edit_title", "lock", "unlock", "warn"}
ACTIONS = ["hide", "edit_title", "lock", "warn", "mute", "suspend", "ban"]


def _post_action(world: World, who: str, action: str):
    data = {"action": action, "reason": "Against the guidelines", "title": "New", "days": "3"}
    return world.client(who).post(reverse("moderation:act", args=[world.item.pk]), data)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ROLES)
def test_every_action(world, who, action):
    got = status(_post_action(world, who, action))
    if who == "visitor":
        assert got == LOGIN
    elif who == "morgan" or (who == "jordan" and action in FACILITATOR_MAY):
        assert got == 302
        decision = ModAction.objects.get(kind=action, target_type="post")
        assert decision.moderator == world.people[who]
    elif who == "jordan":
        assert got == 400
        assert not ModAction.objects.filter(kind=action, target_type="post").exists()
    else:
        assert got == 404
        assert not ModAction.objects.filter(target_type="post").exists()


@pytest.mark.parametrize(("action", "undo"), [("hide", "restore"), ("lock", "unlock")])
@pytest.mark.parametrize("who", ROLES)
def test_undoing_a_hide_or_a_lock(world, who, action, undo):
    assert _post_action(world, "morgan", action).status_code == 302
    got = status(_post_action(world, who, undo))
    earlier = ModAction.objects.get(kind=action)
    if who in ("morgan", "jordan"):
        assert got == 302 and earlier.reversed_by == world.people[who]
    else:
        assert got in (404, LOGIN) and earlier.reversed_at is None


@pytest.mark.parametrize("who", ROLES)
def test_no_action_needed(world, who):
    got = status(
        world.client(who).post(reverse("moderation:dismiss", args=[world.item.pk]), {"reason": ""})
    )
    world.item.refresh_from_db()
    if who in ("morgan", "jordan"):
        assert got == 302 and world.item.resolved_by == world.people[who]
    else:
        assert got in (404, LOGIN) and world.item.is_open


@pytest.mark.parametrize("verdict", ["keep", "reverse"])
@pytest.mark.parametrize("who", ROLES)
def test_deciding_an_appeal_is_for_moderators_only(world, who, verdict):
    second = make_member("second_mod", Role.MODERATOR)
    world.people["second_mod"] = second
    url = reverse(f"moderation:{verdict}", args=[world.appeal.pk])
    assert status(world.client(who).get(reverse("moderation:item", args=[world.appeal.pk]))) == (
        200 if who == "morgan" else LOGIN if who == "visitor" else 404
    )
    got = status(world.client(who).post(url, {"reason": "Looked again"}))
    world.appeal.refresh_from_db()
    if who == "morgan":
        assert got == 302
        # morgan took the decision: may reverse it, but another moderator should keep it.
        assert world.appeal.is_open == (verdict == "keep")
    else:
        assert got in (404, LOGIN) and world.appeal.is_open
    if verdict == "keep":
        assert world.client("second_mod").post(url, {"reason": "Fair"}).status_code == 302
        world.appeal.refresh_from_db()
        assert world.appeal.outcome == ReviewItem.Outcome.UPHELD


@pytest.mark.parametrize("verdict", ["keep", "reverse"])
def test_keep_and_reverse_are_only_for_appeals(world, verdict):
    url = reverse(f"moderation:{verdict}", args=[world.item.pk])
    assert world.client("morgan").post(url, {"reason": "x"}).status_code == 404


# Reporting, one's own reports and notices


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("river", 302),  # already reported it: the form says so (400); a new report works
        ("sam", 400),  # "That's yours"
        ("jordan", 302),
        ("other_fac", 404),  # not in the group: the post isn't there for them
        ("morgan", 404),  # not in the group: reports come from those who can read it
        ("casey", 404),
        ("outsider", 404),
        ("drew", 404),
        ("visitor", LOGIN),
    ],
)
def test_reporting_a_group_post(world, who, expected):
    if who == "river":
        again = world.client(who).post(
            reverse("moderation:report", args=["post", world.post.pk]), {"reason": "spam"}
        )
        assert again.status_code == 400 and "already reported" in again.text
        return
    url = reverse("moderation:report", args=["post", world.post.pk])
    client = world.client(who)
    got_page = status(client.get(url))
    got = status(client.post(url, {"reason": "spam"}))
    assert got == expected
    assert got_page == (200 if expected in (302, 400) else expected)


def test_a_blocked_person_cannot_report_the_blocker_and_the_blocker_cannot_find_them(world):
    river, drew = world.people["river"], world.people["drew"]
    url = lambda member: reverse("moderation:report", args=["profile", member.pk])  # noqa: E731
    assert world.client("drew").get(url(river)).status_code == 404
    assert world.client("drew").post(url(river), {"reason": "spam"}).status_code == 404
    assert world.client("river").get(url(drew)).status_code == 404
    assert world.client("outsider").get(url(drew)).status_code == 200


def test_unknown_or_unreportable_targets_are_404(world):
    client = world.client("river")
    for target_type, pk in [("post", 999999), ("check_in", 1), ("action", 1), ("nope", 1)]:
        assert client.get(reverse("moderation:report", args=[target_type, pk])).status_code == 404


@pytest.mark.parametrize("who", [r for r in ROLES if r != "visitor"])
def test_my_reports_shows_only_ones_own(world, who):
    page = world.client(who).get(reverse("moderation:my_reports"))
    assert page.status_code == 200
    mine = who in ("river", "outsider")
    assert ("Harassment or bullying" in page.text or "Spam" in page.text) == mine


@pytest.mark.parametrize("who", ROLES)
def test_a_notice_is_for_the_member_it_is_about(world, who):
    notice = reverse("moderation:notice", args=[world.warning.pk])
    client = world.client(who)
    listing = client.get(reverse("moderation:notices"))
    if who == "visitor":
        assert status(listing) == LOGIN and status(client.get(notice)) == LOGIN
        return
    assert listing.status_code == 200
    assert (notice in listing.text) == (who == "sam")
    # Moderators read decisions in the queue; the notice page is the member's own.
    assert client.get(notice).status_code == (200 if who == "sam" else 404)
    assert client.post(notice, {"text": "mine?"}).status_code == (400 if who == "sam" else 404)


def test_the_appeal_link_works_without_logging_in_and_only_when_signed(world):
    accounts_login = world.client("visitor")
    token = appeal_token(world.warning)
    assert accounts_login.get(reverse("moderation:appeal_by_link", args=[token])).status_code == 200
    for bad in ["nonsense", token[:-2] + "xx"]:
        url = reverse("moderation:appeal_by_link", args=[bad])
        assert accounts_login.get(url).status_code == 404
        assert accounts_login.post(url, {"text": "let me in"}).status_code == 404


# Facilitators never review their own, a blocked person's, crisis items or private places


def test_a_facilitator_does_not_review_items_about_themselves(world):
    jordan_post = Post.objects.get(thread__title="Tonight", is_opening=True)
    made = actions.report(
        reporter=world.people["river"], target_type="post", target_id=jordan_post.pk, reason="spam"
    )
    client = world.client("jordan")
    assert client.get(reverse("moderation:item", args=[made.item_id])).status_code == 404
    act = reverse("moderation:act", args=[made.item_id])
    assert client.post(act, {"action": "hide", "reason": "x"}).status_code == 404
    assert (
        world.client("morgan").get(reverse("moderation:item", args=[made.item_id])).status_code
        == 200
    )


@pytest.mark.parametrize("blocker", ["jordan", "sam"])
def test_a_facilitator_on_either_side_of_a_block_with_the_author_sees_nothing(world, blocker):
    jordan, sam = world.people["jordan"], world.people["sam"]
    if blocker == "jordan":
        accounts.block_member(blocker=jordan, blocked=sam)
    else:
        accounts.block_member(blocker=sam, blocked=jordan)
    client = world.client("jordan")
    assert client.get(reverse("moderation:item", args=[world.item.pk])).status_code == 404
    act = reverse("moderation:act", args=[world.item.pk])
    assert client.post(act, {"action": "hide", "reason": "x"}).status_code == 404
    assert (
        reverse("moderation:item", args=[world.item.pk])
        not in client.get(reverse("moderation:queue")).text
    )


def test_crisis_items_are_for_moderators_even_in_the_facilitators_group(
    world, django_capture_on_commit_callbacks
):
    from tests.support.test_support_now import CRISIS

    thread = Thread.objects.get(title="Tonight")
    with django_capture_on_commit_callbacks(execute=True):
        discussions.reply(user=world.people["river"], thread=thread, body=CRISIS)
    crisis = ReviewItem.objects.get(crisis_flag__isnull=False)
    assert crisis.group_id is None
    assert world.client("jordan").get(reverse("moderation:item", args=[crisis.pk])).status_code == (
        404
    )
    assert (
        world.client("morgan").get(reverse("moderation:item", args=[crisis.pk])).status_code == 200
    )


def test_the_reporter_is_named_to_moderators_only(world):
    morgan = world.client("morgan").get(reverse("moderation:item", args=[world.item.pk]))
    jordan = world.client("jordan").get(reverse("moderation:item", args=[world.item.pk]))
    assert "from river" in morgan.text
    assert "river" not in jordan.text.split("Reports", 1)[1]
