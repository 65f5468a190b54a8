"""Mentoring pages run the same number of queries however much there is to show."""

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from alongside.mentoring import actions
from alongside.recovery.actions import set_trend_sharing
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow
from tests.mentoring.viewkit import mentor_from, pair_up, request_to

_n = count(1)


def newcomer():
    return make_member(f"member{next(_n)}")


def mentor(**fields):
    return mentor_from(f"mentor{next(_n)}", **fields)


def ended_with(mentee, mentor_user):
    m = pair_up(mentee, mentor_user)
    actions.end_mentorship(user=mentee, mentorship=m)
    return m


@pytest.fixture
def sam(people):
    return mentor_from(people.sam, capacity=6, about="Here to listen.")


def test_the_finder_stays_flat_with_more_mentors(people, sam, client_for):
    client = client_for(people.river)
    actions.save_preferences(user=people.river, pathway="12-step", languages=["en"])
    request_to(people.river, sam)

    def grow():
        for _ in range(4):
            more = mentor(about="Glad to help.", languages=["en", "es"])
            actions.verify_mentor(actor=people.casey, mentor=more)
        request_to(people.river, mentor())

    assert_queries_do_not_grow(client, "/mentors/", grow)


def test_the_mentoring_page_stays_flat_for_a_mentor(people, sam, client_for):
    pair_up(people.river, sam)
    request_to(newcomer(), sam)
    ended_with(newcomer(), sam)

    def grow():
        for _ in range(2):
            pair_up(newcomer(), sam)
            request_to(newcomer(), sam)
            ended_with(newcomer(), sam)

    assert_queries_do_not_grow(client_for(sam), "/mentoring/", grow)


def test_the_mentoring_page_stays_flat_for_a_mentee(people, sam, client_for):
    pair_up(people.river, sam)
    request_to(people.river, mentor())
    ended_with(people.river, mentor())

    def grow():
        request_to(people.river, mentor())
        request_to(people.river, mentor())
        ended_with(people.river, mentor())
        ended_with(people.river, mentor())

    assert_queries_do_not_grow(client_for(people.river), "/mentoring/", grow)


@pytest.mark.parametrize("viewer", ["mentee", "mentor"])
def test_a_mentorship_page_stays_flat_with_more_check_ins_and_goals(
    people, sam, client_for, viewer
):
    river = people.river
    m = pair_up(river, sam)
    set_trend_sharing(user=river, with_mentor=True)

    def add(k: int):
        for i in range(k):
            soon = timezone.now() + timedelta(days=i + 1)
            actions.schedule_check_in(user=sam, mentorship=m, when=soon)
            done = actions.schedule_check_in(user=river, mentorship=m, when=soon)
            actions.log_check_in(user=sam, check_in=done, status="done", how_it_went=3, note="ok")
            missed = actions.schedule_check_in(user=sam, mentorship=m, when=soon)
            actions.log_check_in(user=river, check_in=missed, status="missed", note="Sorry")
            goal = actions.add_goal(user=river, mentorship=m, title=f"Goal {i}")
            if i % 2:
                actions.set_goal_done(user=river, goal=goal, done=True)

    add(1)
    client = client_for(river if viewer == "mentee" else sam)
    assert_queries_do_not_grow(client, f"/mentoring/{m.pk}/", lambda: add(4))


def test_the_staff_page_stays_flat_with_more_mentors(people, sam, client_for):
    actions.verify_mentor(actor=people.casey, mentor=sam)
    pair_up(people.river, sam)
    actions.record_wellbeing(mentor=sam, stress=5, sleep=1, own_recovery=2, capacity=1)

    def grow():
        for i in range(4):
            more = mentor(capacity=2)
            if i % 2:
                actions.verify_mentor(actor=people.casey, mentor=more)
            pair_up(newcomer(), more)
            actions.record_wellbeing(mentor=more, stress=2, sleep=4, own_recovery=4, capacity=4)
            actions.pause_mentoring(user=more, until=timezone.localdate() + timedelta(days=5))

    assert_queries_do_not_grow(client_for(people.casey), "/mentoring/staff/", grow)


@pytest.mark.parametrize("viewer", ["mentee", "mentor"])
def test_the_home_page_stays_flat_with_a_mentoring_section(people, sam, client_for, viewer):
    river = people.river
    pair_up(river, sam)
    request_to(newcomer(), sam)
    client = client_for(river if viewer == "mentee" else sam)
    first = client.get("/")
    assert "mentoring-heading" in first.content.decode()

    def grow():
        pair_up(river, mentor())
        for _ in range(2):
            pair_up(newcomer(), sam)
            request_to(newcomer(), sam)

    assert_queries_do_not_grow(client, "/", grow)
