"""The home page gathers what matters now: next meetings, group activity, celebrations."""

from datetime import time, timedelta

from django.utils import timezone

from alongside.accounts.models import Role
from alongside.discussions.actions import start_thread
from alongside.groups.actions import create_group
from alongside.groups.models import Membership
from alongside.meetings.actions import rsvp, schedule_meeting
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow


def group_for(facilitator, name, *members):
    group = create_group(
        user=facilitator, tags=[], name=name, description="About.", guidelines="",
        language="en", timezone="America/Los_Angeles", visibility="listed",
        join_policy="open", size_limit=None,
    )  # fmt: skip
    for member in members:
        Membership.objects.create(group=group, user=member)
    return group


def meeting_for(facilitator, group, name):
    return schedule_meeting(
        user=facilitator, group=group, name=name,
        start_date=timezone.localdate() + timedelta(days=1), start_time=time(19),
        duration_minutes=60, repeat="weekly", repeat_until=None, timezone="America/Los_Angeles",
        mode="online", location_name="", address="", location_notes="",
        conference_url="https://meet.example.org/x", conference_phone="", conference_notes="",
        notes="", types=[],
    )  # fmt: skip


def test_home_shows_my_next_meetings_and_my_groups_threads_only(people, client_for):
    lead = make_member("lead", Role.FACILITATOR)
    mine = group_for(lead, "Parents", people.river)
    other = group_for(lead, "Elsewhere")
    rsvp(user=people.river, meeting=meeting_for(lead, mine, "Parents circle"), status="going")
    meeting_for(lead, other, "Not mine")
    start_thread(user=lead, board=mine.board, title="Bedtime routines", body="Tips?")
    start_thread(user=lead, board=other.board, title="Secret topic", body="Hidden")

    page = client_for(people.river).get("/").text
    assert "Your next meetings" in page and "Parents circle" in page and "Not mine" not in page
    assert "Bedtime routines" in page and "Secret topic" not in page


def test_the_home_page_costs_the_same_with_more_meetings_and_threads(people, client_for):
    lead = make_member("lead", Role.FACILITATOR)
    group = group_for(lead, "Parents", people.river)
    rsvp(user=people.river, meeting=meeting_for(lead, group, "First"), status="going")
    start_thread(user=lead, board=group.board, title="First thread", body="Hi")

    def grow() -> None:
        for n in range(5):
            rsvp(
                user=people.river, meeting=meeting_for(lead, group, f"Meeting {n}"), status="going"
            )
            start_thread(user=lead, board=group.board, title=f"Thread {n}", body="Hi")

    assert_queries_do_not_grow(client_for(people.river), "/", grow)


def test_group_activity_pages_with_a_cursor(people, client_for):
    lead = make_member("lead", Role.FACILITATOR)
    group = group_for(lead, "Parents", people.river)
    for n in range(25):
        start_thread(user=lead, board=group.board, title=f"Thread {n:02}", body="b")
    client = client_for(people.river)
    home = client.get("/").text
    assert "More from your groups" in home
    first = client.get("/groups/activity/")
    assert first.text.count("Thread ") == 20
    cursor = first.context["cursor"]
    second = client.get("/groups/activity/", {"after": cursor})
    assert second.text.count("Thread ") == 5 and "Thread 00" in second.text
    for junk in ["abc", "1.2.3", "9" * 30 + ".1", "<script>"]:
        assert client.get("/groups/activity/", {"after": junk}).status_code == 200
    assert_queries_do_not_grow(client, "/groups/activity/", lambda: None)
