"""Mentoring helpers: eligible mentors made through the real actions, requests and pairs."""

from datetime import timedelta
from typing import Any

import pytest

from alongside.accounts.models import User
from alongside.mentoring import actions
from alongside.mentoring.models import Mentorship, MentorshipRequest
from alongside.notifications.models import Notification
from alongside.recovery import actions as recovery
from alongside.recovery.models import Journey
from alongside.recovery.selectors import member_today
from tests.conftest import make_member

ASK = "Could you be my mentor? I'm three weeks in and would love someone to talk to."
COMMIT = "I'll show up for our check-ins and be honest about how it's going."


def journey_days_ago(user: User, days: int, **extra: Any) -> Journey:
    """A journey whose current stretch is `days` old on the member's own calendar."""
    fields = {"substance": "alcohol", "pathway": "12-step", "sharing": "me", **extra}
    return recovery.create_journey(
        user=user, start_date=member_today(user) - timedelta(days=days), **fields
    )


def make_mentor(who: str | User, *, days: int = 400, **fields: Any) -> User:
    """An eligible member who became a mentor through `become_mentor`."""
    user = make_member(who) if isinstance(who, str) else who
    journey_days_ago(user, days)
    profile = {"pathways": ["12-step"], "languages": ["en"], "capacity": 3, **fields}
    actions.become_mentor(user=user, agreement=True, **profile)
    user.refresh_from_db()
    return user


def ask(mentee: User, mentor: User, **extra: Any) -> MentorshipRequest:
    fields = {"message": ASK, "commitment": COMMIT, **extra}
    return actions.send_request(mentee=mentee, mentor=mentor, **fields)


def pair(mentee: User, mentor: User) -> Mentorship:
    """An active mentorship, made by asking and accepting."""
    request = ask(mentee, mentor)
    mentorship = actions.respond_to_request(mentor=mentor, request=request, accept=True)
    assert mentorship is not None
    return mentorship


def notices(user: User, verb: str = "") -> list[Notification]:
    found = Notification.objects.filter(recipient=user).order_by("id")
    if verb:
        found = found.filter(verb=verb)
    return list(found)


@pytest.fixture
def mentor(people) -> User:
    """ash: an eligible mentor with room for three, on a 12-step pathway, speaking English."""
    return make_mentor("ash")


@pytest.fixture
def mentorship(people, mentor) -> Mentorship:
    """river is ash's mentee."""
    return pair(people.river, mentor)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the event handlers of what happens inside: `with on_commit(): ...`."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
