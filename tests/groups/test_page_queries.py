"""The group page costs a fixed number of queries, whatever the size of the group."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.actions import block_member
from alongside.accounts.models import Role
from alongside.discussions.actions import reply, set_post_hidden, start_thread, toggle_bookmark
from alongside.groups import actions
from alongside.groups.models import Group, Membership
from alongside.meetings import actions as meetings
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow

# The page's own queries are at most 6; the chrome (session, user, unread counts) at most 4.
BUDGET, OWN_BUDGET = 10, 6

# The header's queries, which are not the page's own (and are being cached away).
CHROME = ('FROM "django_session"', 'FROM "accounts_user" WHERE', 'FROM "auth_group"',
          'FROM "messaging_participant"', 'FROM "notifications_notification"')  # fmt: skip


def own_queries(client, url: str) -> list[str]:
    """The page's own SQL in its steady state (after a first request filled the caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    found = [q["sql"] for q in captured.captured_queries]
    return [sql for sql in found if not any(part in sql for part in CHROME)]


def new_group(lead, **fields) -> Group:
    values = dict(
        tags=["parents", "evenings"], name="Parents in recovery", description="About us.",
        guidelines="Be kind.", language="en", timezone="America/Los_Angeles",
        visibility="listed", join_policy="ask", size_limit=None,
    )  # fmt: skip
    values.update(fields)
    return actions.create_group(user=lead, **values)


def schedule(lead, group, name: str, *, weekday_offset: int = 1):
    start = timezone.localdate() + timedelta(days=weekday_offset)
    return meetings.schedule_meeting(
        user=lead, group=group, name=name, start_date=start, start_time=time(19),
        duration_minutes=60, repeat="weekly", repeat_until=None,
        timezone="America/Los_Angeles", mode="online", location_name="", address="",
        location_notes="", conference_url="https://meet.example.org/x", conference_phone="",
        conference_notes="", notes="", types=["O"],
    )  # fmt: skip


@pytest.fixture
def group(people):
    group = new_group(people.jordan)
    for who in (people.river, people.sam, people.drew):
        Membership.objects.create(group=group, user=who)
    start_thread(user=people.sam, board=group.board, title="Hello", body="First")
    meeting = schedule(people.jordan, group, "Tuesday circle")
    meetings.rsvp(user=people.river, meeting=meeting, status="going")
    return group


def grow_group(people, group: Group):
    def grow() -> None:
        n = Membership.objects.filter(group=group).count()
        for i in range(6):
            member = make_member(f"member{n}x{i}")
            Membership.objects.create(group=group, user=member)
            thread = start_thread(user=member, board=group.board, title=f"T{n}{i}", body="b")
            reply(user=people.river, thread=thread, body="me too")
            toggle_bookmark(user=people.river, thread=thread)
        second = make_member(f"lead{n}", Role.FACILITATOR)
        Membership.objects.create(group=group, user=second, role=Membership.Role.FACILITATOR)
        meeting = schedule(people.jordan, group, f"Circle {n}", weekday_offset=2 + n % 5)
        meetings.rsvp(user=people.river, meeting=meeting, status="maybe")
        meetings.cancel(
            user=people.jordan, meeting=meeting, occurrence_date=meeting.start_date, reason=""
        )
        actions.update_group(
            user=people.jordan, group=group, tags=["parents", "evenings", f"t{n}"],
            name=group.name, description=group.description, guidelines=group.guidelines,
            language=group.language, timezone=group.timezone, visibility=group.visibility,
            join_policy=group.join_policy, size_limit=None,
        )  # fmt: skip

    return grow


@pytest.mark.parametrize("viewer", ["river", "jordan", "morgan_member"])
def test_a_members_group_page_costs_the_same_however_big_the_group(
    people, client_for, group, viewer
):
    who = people.morgan if viewer == "morgan_member" else getattr(people, viewer)
    if viewer == "morgan_member":
        Membership.objects.create(group=group, user=people.morgan)
    client = client_for(who)
    url = f"/groups/{group.slug}/"
    count = assert_queries_do_not_grow(client, url, grow_group(people, group))
    own = own_queries(client, url)
    assert count <= BUDGET and len(own) <= OWN_BUDGET, "\n".join(own)


@pytest.mark.parametrize("viewer", ["outsider", "outsider_with_key", "invited", "requested"])
def test_an_outsiders_group_page_costs_the_same_however_big_the_group(
    people, client_for, group, viewer
):
    if viewer == "invited":
        actions.invite(user=people.jordan, group=group, invitee=people.outsider)
    if viewer == "requested":
        actions.request_to_join(user=people.outsider, group=group, message="hi")
    if viewer == "outsider_with_key":
        Group.objects.filter(pk=group.pk).update(visibility="private")
    client = client_for(people.outsider)
    key = f"?key={group.join_key}" if viewer == "outsider_with_key" else ""
    url = f"/groups/{group.slug}/{key}"
    count = assert_queries_do_not_grow(client, url, grow_group(people, group))
    own = own_queries(client, url)
    assert count <= BUDGET and len(own) <= OWN_BUDGET, "\n".join(own)


def test_the_group_page_still_shows_what_it_costs_less_to_show(people, client_for, group):
    """Tags, facilitators, meetings with the viewer's answer, threads with the new mark."""
    second = make_member("ash", Role.FACILITATOR)
    Membership.objects.create(group=group, user=second, role=Membership.Role.FACILITATOR)
    block_member(blocker=second, blocked=people.river)
    page = client_for(people.river).get(f"/groups/{group.slug}/").text
    assert "parents" in page and "evenings" in page
    assert "jordan" in page and "ash" not in page  # blocked either way: not shown
    assert "Tuesday circle" in page and "going" in page
    assert "Hello" in page and "New" in page
    assert "Manage group" not in page
    assert "Manage group" in client_for(people.jordan).get(f"/groups/{group.slug}/").text


def test_hidden_threads_show_to_the_groups_facilitators_and_moderators_only(
    people, client_for, group
):
    thread = start_thread(user=people.sam, board=group.board, title="Held back", body="b")
    set_post_hidden(post=thread.posts.get(), hidden=True)
    Membership.objects.create(group=group, user=people.morgan)  # a community moderator
    url = f"/groups/{group.slug}/"
    for who, sees in [("jordan", True), ("morgan", True), ("sam", True), ("river", False)]:
        assert ("Held back" in client_for(getattr(people, who)).get(url).text) == sees, who
