"""Regression tests for recovery bugs: congratulation errors, weekly check-in bars, the export."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages

from alongside.accounts.actions import accept_connection, request_connection
from alongside.recovery import actions, selectors
from alongside.recovery.models import Congratulation, Journey, Milestone


def connect(a, b) -> None:
    accept_connection(user=b, connection=request_connection(requester=a, addressee=b))


def celebrated_milestone(owner, *, days_ago: int = 30) -> Milestone:
    """A milestone the owner's connections were shown (as the sweep would have written it)."""
    today = selectors.member_today(owner)
    journey = Journey.objects.create(
        user=owner,
        substance="alcohol",
        start_date=today - timedelta(days=days_ago),
        sharing="connections",
    )
    return Milestone.objects.create(
        journey=journey,
        key="d30",
        stretch_start=journey.start_date,
        reached_on=today,
        celebrated=True,
    )


# An overlong congratulation says it is too long, with the limit, and saves nothing


@pytest.mark.parametrize("reaction", ["", "celebrate"])
def test_an_overlong_congratulation_says_it_is_too_long(people, client_for, reaction):
    connect(people.river, people.sam)
    milestone = celebrated_milestone(people.sam)
    response = client_for(people.river).post(
        f"/milestones/{milestone.pk}/congratulate/", {"reaction": reaction, "message": "x" * 281}
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "too long" in message and "280" in message
    assert "Choose a reaction" not in message
    assert not Congratulation.objects.exists()


def test_the_action_refuses_an_overlong_message_with_the_limit(people):
    milestone = celebrated_milestone(people.sam)
    with pytest.raises(actions.RecoveryError, match=r"too long.*280"):
        actions.congratulate(user=people.river, milestone=milestone, message="x" * 281)
    assert not Congratulation.objects.exists()


def test_a_message_of_exactly_the_limit_is_sent(people, client_for):
    connect(people.river, people.sam)
    milestone = celebrated_milestone(people.sam)
    client_for(people.river).post(
        f"/milestones/{milestone.pk}/congratulate/", {"message": "x" * 280}
    )
    assert Congratulation.objects.get().message == "x" * 280
