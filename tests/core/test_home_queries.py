"""The home page reads a fixed handful of queries, whatever a member has: one for the small facts
every section needs first (core.sections.page_facts), then at most one per section that has
something to show. Here river has everything at once (journeys, check-ins, milestones,
connections celebrating, threads, groups, meetings, mentorships both ways, an alumni program
with news, staff of another) and all of it grows; the page's own queries stay the same and
within budget. The page chrome (session, header counts) is measured on a page that has only
the chrome, so this budget is the home page's alone."""

import itertools
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts import actions as accounts
from alongside.accounts.models import Role, User
from alongside.discussions.actions import mark_read, start_thread, toggle_reaction
from alongside.discussions.models import Post, Thread
from alongside.groups.actions import create_group
from alongside.groups.models import Group, Membership
from alongside.meetings.actions import cancel, rsvp, schedule_meeting
from alongside.meetings.models import Meeting
from alongside.organizations.access import StaffAccess
from alongside.organizations.actions import publish_announcement
from alongside.organizations.models import Cohort, CohortMembership, Organization, OrganizationStaff
from alongside.recovery import actions as recovery
from alongside.recovery.models import CheckIn, Journey
from alongside.recovery.selectors import member_today
from tests.accounts.builders import connect
from tests.accounts.test_query_counts import HOME_QUERIES
from tests.conftest import People, make_member
from tests.helpers import assert_queries_do_not_grow
from tests.mentoring.viewkit import mentor_from, pair_up, request_to

# Facts; connections; journeys; celebrations; own and group threads (one UNION ALL); next
# meetings; mentorships; the alumni program (its organisations and news, one UNION ALL).
HOME_OWN_QUERIES = 8

_n = itertools.count()


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def chrome(client: Client) -> int:
    """What every signed-in page costs before its own reads (the privacy page reads nothing)."""
    return count(client, "/about/privacy/")


class River:
    """river's world, made through the actions, and a way to add more of everything."""

    def __init__(self, people: People) -> None:
        self.people = people
        self.river = people.river
        self.today = member_today(self.river)
        self.lead = make_member("lead", Role.FACILITATOR)
        self.group = self.new_group()
        self.org = Organization.objects.create(name="Cedar Ridge", slug="cedar-ridge")
        self.cohort = Cohort.objects.create(
            organization=self.org, name="November", slug="november",
            discharge_month=self.today.replace(day=1),
        )  # fmt: skip
        CohortMembership.objects.create(organization=self.org, cohort=self.cohort, user=self.river)
        staff = OrganizationStaff.objects.create(
            organization=self.org, user=people.casey, role=OrganizationStaff.Role.COORDINATOR
        )
        self.coordinator = StaffAccess(self.org, staff)
        other = Organization.objects.create(name="Harbor House", slug="harbor-house")
        OrganizationStaff.objects.create(
            organization=other, user=self.river, role=OrganizationStaff.Role.SUPERVISOR
        )
        mentor_from(self.river)  # a journey 400 days long, and a mentor's profile
        mentor_from(people.sam, capacity=6)
        pair_up(self.river, people.sam)
        self.grow()

    def new_member(self) -> User:
        return make_member(f"peer{next(_n)}")

    def new_group(self) -> Group:
        group = create_group(
            user=self.lead, tags=[], name=f"Circle {next(_n)}", description="About.",
            guidelines="", language="en", timezone="America/Los_Angeles", visibility="listed",
            join_policy="open", size_limit=None,
        )  # fmt: skip
        Membership.objects.create(group=group, user=self.river)
        return group

    def new_meeting(self) -> Meeting:
        meeting = schedule_meeting(
            user=self.lead, group=self.group, name=f"Meeting {next(_n)}",
            start_date=timezone.localdate() + timedelta(days=1), start_time=time(19),
            duration_minutes=60, repeat="weekly", repeat_until=None,
            timezone="America/Los_Angeles", mode="online", location_name="", address="",
            location_notes="", conference_url="https://meet.example.org/x", conference_phone="",
            conference_notes="", notes="", types=[],
        )  # fmt: skip
        rsvp(user=self.river, meeting=meeting, status="going")
        return meeting

    def grow(self) -> None:
        river, today = self.river, self.today
        # Journeys, a setback, milestones, a year of check-ins.
        journey = recovery.create_journey(
            user=river, start_date=today - timedelta(days=120), substance="cannabis"
        )
        recovery.record_setback(user=river, journey=journey, new_start=today - timedelta(days=40))
        recovery.sweep_journey(journey_id=journey.pk)
        first = CheckIn.objects.filter(user=river).order_by("day").first()
        start = (first.day if first else today) - timedelta(days=1)
        CheckIn.objects.bulk_create(
            CheckIn(user=river, day=start - timedelta(days=n), mood=3, craving=2) for n in range(30)
        )
        # Connections who reached a milestone this week, and requests to connect.
        for _ in range(2):
            friend = self.new_member()
            connect(friend, river)
            shared = recovery.create_journey(
                user=friend, start_date=today - timedelta(days=7), substance="alcohol",
                sharing="connections",
            )  # fmt: skip
            recovery.sweep_journey(journey_id=shared.pk)
            accounts.request_connection(requester=self.new_member(), addressee=river)
        # Threads of river's (reacted to, read), threads in river's groups, a new group.
        for _ in range(3):
            thread = start_thread(user=river, board=self.group.board, title="Mine", body="Hi")
            opening = Post.objects.get(thread=thread, is_opening=True)
            toggle_reaction(user=self.lead, post=opening, kind="me_too")
            mark_read(user=river, thread=Thread.objects.get(pk=thread.pk))
            start_thread(user=self.lead, board=self.group.board, title="Theirs", body="Hi")
        self.group = self.new_group()
        start_thread(user=self.lead, board=self.group.board, title="New group", body="Hi")
        # Meetings river goes to, one with its next date cancelled.
        meeting = self.new_meeting()
        self.meetings = [meeting, self.new_meeting()]
        cancel(user=self.lead, meeting=meeting, occurrence_date=meeting.start_date)
        # Mentees, and requests waiting for river.
        pair_up(self.new_member(), river)
        request_to(self.new_member(), river)
        # News from the alumni program.
        for kind in ("news", "event"):
            publish_announcement(
                found=self.coordinator, cohort=None, kind=kind, title=f"A {kind}", body="Text.",
                starts_at=timezone.now() + timedelta(days=3), location="The hall",
            )  # fmt: skip


@pytest.fixture
def world(people: People) -> River:
    return River(people)


def test_a_member_with_everything_costs_the_same_as_it_all_grows(world, client_for):
    client = client_for(world.river)
    page = client.get("/").text
    for heading in (
        "journey-heading", "celebrations-heading", "my-threads-heading", "group-activity-heading",
        "next-meetings-heading", "mentoring-heading", "alumni-heading", "requests-heading",
        "network-heading",
    ):  # fmt: skip
        assert heading in page, heading  # every section is there, so every read is counted
    assert "staff dashboard" in page and "A news" in page

    total = assert_queries_do_not_grow(client, "/", world.grow)
    assert total - chrome(client) <= HOME_OWN_QUERIES
    assert total <= HOME_QUERIES
    assert Journey.objects.filter(user=world.river).count() == 3  # it did grow


def test_next_meetings_leave_out_one_whose_next_date_is_cancelled(world, client_for):
    cancelled, going = world.meetings
    page = client_for(world.river).get("/").text
    assert f"{going.name}</strong>" in page and f"{cancelled.name}</strong>" not in page


def test_a_new_member_costs_one_query_beyond_the_chrome(people, client_for):
    client = client_for(people.outsider)
    page = client.get("/").text
    assert "Check in for today" in page and "Say a little about yourself" in page
    assert count(client, "/") - chrome(client) == 1


def test_blocked_either_way_and_other_groups_stay_off_the_home_page(world, client_for):
    river, lead = world.river, world.lead
    Membership.objects.create(group=world.group, user=world.people.drew)  # river blocked drew
    start_thread(user=world.people.drew, board=world.group.board, title="From drew", body="Hi")
    elsewhere = create_group(
        user=lead, tags=[], name="Not river's", description="About.", guidelines="",
        language="en", timezone="America/Los_Angeles", visibility="listed", join_policy="open",
        size_limit=None,
    )  # fmt: skip
    start_thread(user=lead, board=elsewhere.board, title="Elsewhere", body="Hi")
    # Someone who then blocks river: their thread and their request to river go too.
    blocker = world.new_member()
    Membership.objects.create(group=world.group, user=blocker)
    start_thread(user=blocker, board=world.group.board, title="From the blocker", body="Hi")
    request_to(blocker, river)
    client = client_for(river)
    page = client.get("/").text
    assert "From the blocker" in page and "2 requests are waiting for your answer" in page

    accounts.block_member(blocker=blocker, blocked=river)
    page = client.get("/").text
    assert "From drew" not in page and "From the blocker" not in page
    assert "Elsewhere" not in page and "Theirs" in page
    assert "1 request is waiting for your answer" in page
