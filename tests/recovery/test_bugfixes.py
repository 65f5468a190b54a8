"""Regression tests for recovery bugs: congratulation errors, weekly check-in bars, the export."""

import json
from datetime import datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils.formats import date_format

from alongside.accounts.actions import accept_connection, request_connection
from alongside.core.exports import export_member_data
from alongside.recovery import actions, selectors, trends
from alongside.recovery.models import CheckIn, Congratulation, Journey, Milestone


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


# Weekly check-in bars: every day of the range in exactly one bar, labelled by its own days


@pytest.mark.parametrize("days", trends.RANGES)
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
def test_the_weekly_bars_cover_every_day_and_are_labelled_by_their_days(people, days, zone):
    river = people.river
    river.timezone = zone
    river.save(update_fields=["timezone"])
    today = selectors.member_today(river)
    start = today - timedelta(days=days - 1)
    # A check-in on every day of the range, and on the days just outside it.
    for offset in range(-1, days + 1):
        CheckIn.objects.create(user=river, day=start + timedelta(days=offset), mood=3, craving=1)
    CheckIn.objects.filter(user=river, day=today + timedelta(days=1)).delete()

    chart = trends.trends_for(river, days).check_ins
    counts = [int(value) for _label, value in chart.rows]
    assert sum(counts) == days  # no day dropped, none counted twice
    assert len(counts) == -(-days // 7)  # weeks, the oldest one possibly partial

    # Rebuild the weeks backwards from today: each label names the days it counts.
    expected, end = [], today
    while end >= start:
        first = max(end - timedelta(days=6), start)
        expected.append((first, end))
        end = first - timedelta(days=1)
    expected.reverse()
    assert counts == [(last - first).days + 1 for first, last in expected]
    for (label, _value), (first, last) in zip(chart.rows, expected, strict=True):
        assert date_format(first, "M j") in label
        assert date_format(last, "M j") in label
    assert chart.x_ticks[0][1] == date_format(start, "M j")


def test_a_check_in_today_and_on_the_first_day_of_the_range_are_counted(people):
    river = people.river
    today = selectors.member_today(river)
    for day in (today, today - timedelta(days=29)):
        CheckIn.objects.create(user=river, day=day, mood=4, craving=0)
    chart = trends.trends_for(river, 30).check_ins
    counts = [int(value) for _label, value in chart.rows]
    assert counts[0] == 1 and counts[-1] == 1 and sum(counts) == 2


# The export includes congratulations the member sent, without anything private


def test_the_export_includes_sent_congratulations_and_nothing_private(people):
    milestone = celebrated_milestone(people.sam)
    actions.congratulate(
        user=people.river, milestone=milestone, reaction="proud", message="So glad for you"
    )

    section = export_member_data(people.river)["recovery"]
    [sent] = section["congratulations_sent"]
    assert sent["reaction"] == "proud"
    assert sent["message"] == "So glad for you"
    assert isinstance(sent["sent_at"], datetime)
    # Nothing of sam's journey (what it is about, its dates) and no other member's data.
    text = json.dumps(sent, default=str)
    assert "alcohol" not in text and "sam" not in text
    assert str(milestone.journey.start_date) not in text


def test_congratulations_sent_by_others_are_not_in_my_export(people):
    milestone = celebrated_milestone(people.river)
    actions.congratulate(user=people.sam, milestone=milestone, message="Proud of you, river")
    assert export_member_data(people.river)["recovery"]["congratulations_sent"] == []
    assert len(export_member_data(people.sam)["recovery"]["congratulations_sent"]) == 1
