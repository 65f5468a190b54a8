"""The recovery journey: counts in the member's calendar, setbacks, milestones, check-ins and
who may see what."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.notifications.models import Notification
from alongside.recovery import actions, counting, selectors
from alongside.recovery.models import CheckIn, Journey, Milestone, RecoveryCapital, Setback
from tests.helpers import assert_queries_do_not_grow

SCRIPT = "<script>alert(1)</script>"
ZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu",
         "Australia/Lord_Howe", "America/Los_Angeles", "Europe/London", "UTC"]  # fmt: skip


def journey_for(user, days_ago: int, sharing: str = "me", **extra) -> Journey:
    today = selectors.member_today(user)
    return actions.create_journey(
        user=user, start_date=today - timedelta(days=days_ago), substance="alcohol",
        sharing=sharing, **extra,
    )  # fmt: skip


# Counting in the member's own calendar


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    moment=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)),
    start=st.dates(min_value=date(2015, 1, 1), max_value=date(2020, 1, 1)),
)
def test_a_count_changes_only_at_the_members_own_midnight(zone, moment, start):
    now = moment.replace(tzinfo=UTC)
    earlier = now - timedelta(seconds=1)
    before = counting.days_since(start, counting.local_today(zone, earlier))
    after = counting.days_since(start, counting.local_today(zone, now))
    local = now.astimezone(ZoneInfo(zone))
    at_local_midnight = local.hour == 0 and local.minute == 0 and local.second == 0
    assert after == before or (at_local_midnight and after == before + 1)


def test_leap_days_and_dst_days_are_days_like_any_other():
    assert counting.days_since(date(2024, 2, 28), date(2024, 3, 1)) == 2
    # 2026-03-08 is 23 hours long in Los Angeles; it is still one day.
    assert counting.days_since(date(2026, 3, 7), date(2026, 3, 9)) == 2


def test_milestones_follow_the_calendar():
    start = date(2025, 8, 31)
    reached = {
        m.key: m.reached_on(start) for m in counting.milestones_reached(start, date(2027, 8, 30))
    }
    assert reached["d1"] == date(2025, 9, 1)
    assert reached["m6"] == date(2026, 2, 28)  # no Feb 31st: the month's last day
    assert reached["y1"] == date(2026, 8, 31)
    assert reached["m18"] == date(2027, 2, 28)
    assert "y2" not in reached
    assert counting.next_milestone(start, date(2027, 8, 30)).key == "y2"


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
    span=st.integers(0, 4000),
)
def test_milestones_are_in_order_and_the_next_one_is_ahead(start, span):
    today = start + timedelta(days=span)
    reached = [m.reached_on(start) for m in counting.milestones_reached(start, today)]
    assert reached == sorted(reached) and all(day <= today for day in reached)
    assert counting.next_milestone(start, today).reached_on(start) > today


def test_a_setback_keeps_the_history_and_the_days_still_count(people):
    journey = journey_for(people.river, 100)
    today = selectors.member_today(people.river)
    actions.record_setback(
        user=people.river, journey=journey, new_start=today - timedelta(days=10),
        reflection="A hard night.",
    )  # fmt: skip
    [summary] = selectors.journeys_of(people.river)
    assert summary.days == 10
    assert summary.longest == 90
    assert summary.days_last_year == 100
    setback = Setback.objects.get()
    assert setback.reflection == "A hard night."
    with connection.cursor() as cursor:
        cursor.execute("SELECT reflection FROM recovery_setback")
        assert "hard night" not in cursor.fetchone()[0]  # encrypted at rest


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (1, "The start date can't be in the future."),
        (-50000, "Please check the year of the start date."),
    ],
)
def test_impossible_start_dates_are_refused(people, start, message):
    today = selectors.member_today(people.river)
    with pytest.raises(actions.RecoveryError, match=message):
        actions.create_journey(
            user=people.river, start_date=today + timedelta(days=start), substance="alcohol"
        )
    assert not Journey.objects.exists()


# Milestones


def test_the_sweep_celebrates_once_and_only_with_those_shared_with(
    people, django_capture_on_commit_callbacks
):
    from alongside.accounts.actions import accept_connection, request_connection

    accept_connection(
        user=people.sam, connection=request_connection(requester=people.river, addressee=people.sam)
    )
    with django_capture_on_commit_callbacks(execute=True):
        journey = journey_for(people.river, 30, sharing="connections")
    with django_capture_on_commit_callbacks(execute=True):
        actions.sweep_milestones()
        actions.sweep_milestones()
    assert Milestone.objects.filter(journey=journey, key="d30").count() == 1
    assert (
        Notification.objects.filter(recipient=people.river, verb="milestone.reached").count() == 1
    )
    assert (
        Notification.objects.filter(recipient=people.sam, verb="milestone.connection").count() == 1
    )
    assert not Notification.objects.filter(
        recipient=people.jordan, verb="milestone.connection"
    ).exists()


def test_private_journeys_and_old_milestones_are_celebrated_quietly(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        journey_for(people.river, 400, sharing="connections")  # its milestones are old news
        journey_for(people.sam, 7, sharing="me")
    assert Milestone.objects.filter(journey__user=people.river).count() == 8  # d1 .. 1 year
    assert not Notification.objects.filter(verb="milestone.connection").exists()
    assert not Milestone.objects.filter(celebrated=True).exists()


# Check-ins and recovery capital


def test_one_check_in_a_day_updated_in_place(people):
    actions.save_check_in(
        user=people.river, mood=2, craving=8, triggers=["stress"], used=False, note=SCRIPT
    )
    check_in = actions.save_check_in(user=people.river, mood=3, craving=4, triggers=[], used=False)
    assert CheckIn.objects.count() == 1 and check_in.mood == 3


@pytest.mark.parametrize(
    "fields",
    [{"mood": 0}, {"mood": 6}, {"craving": 11}, {"triggers": ["moonlight"]}, {"note": "x" * 5001}],
)
def test_bad_check_ins_are_refused(people, fields):
    values = {"mood": 3, "craving": 2, "triggers": [], "used": False, **fields}
    with pytest.raises(actions.RecoveryError):
        actions.save_check_in(user=people.river, **values)
    assert not CheckIn.objects.exists()


def test_barc_10_once_a_month(people):
    actions.take_recovery_capital(user=people.river, answers=[5] * 10)
    with pytest.raises(actions.RecoveryError, match="You can take it again from"):
        actions.take_recovery_capital(user=people.river, answers=[6] * 10)
    with pytest.raises(actions.RecoveryError):
        actions.take_recovery_capital(user=people.sam, answers=[7] * 10)
    assert RecoveryCapital.objects.get().total == 50


# Pages and privacy

OWN_PAGES = [
    "/me/journey/",
    "/me/journey/new/",
    "/me/check-in/",
    "/me/recovery-capital/",
    "/me/trends/",
]


@pytest.mark.parametrize("url", OWN_PAGES)
def test_visitors_are_asked_to_log_in(db, url):
    assert Client().get(url).status_code == 302


@pytest.mark.parametrize("action", ["edit", "delete", "setback"])
def test_another_members_journey_looks_missing(people, client_for, action):
    journey = journey_for(people.river, 20)
    for who in (people.sam, people.outsider, people.drew):
        client = client_for(who)
        assert client.get(f"/me/journey/{journey.pk}/{action}/").status_code == 404
        assert client.post(f"/me/journey/{journey.pk}/{action}/").status_code == 404
    assert client_for(people.river).get(f"/me/journey/{journey.pk}/{action}/").status_code == 200
    assert Journey.objects.filter(pk=journey.pk).exists()


@pytest.mark.parametrize(
    ("sharing", "sees"),
    [
        ("me", {"river"}),
        ("connections", {"river", "sam"}),
        ("members", {"river", "sam", "outsider"}),
    ],
)
def test_a_journey_is_seen_on_a_profile_only_as_shared(people, client_for, sharing, sees):
    from alongside.accounts.actions import accept_connection, request_connection

    accept_connection(
        user=people.sam, connection=request_connection(requester=people.river, addressee=people.sam)
    )
    journey_for(people.river, 47, sharing=sharing, show_substance=False)
    for viewer in (people.river, people.sam, people.outsider, people.drew):
        response = client_for(viewer).get("/people/river/")
        shown = response.status_code == 200 and "days in recovery" in response.text
        assert shown == (viewer.handle in sees), viewer.handle
        if viewer.handle != "river" and shown:
            assert "Alcohol" not in response.text  # what it is stays private unless shown


@pytest.mark.parametrize("field", ["gratitude", "note"])
@pytest.mark.parametrize("value", ["x" * 6000, SCRIPT])
def test_check_in_text_is_length_checked_and_escaped(people, client_for, field, value):
    client = client_for(people.river)
    response = client.post("/me/check-in/", {"mood": 3, "craving": 1, field: value})
    if len(value) > 1000:
        assert response.status_code == 400 and not CheckIn.objects.exists()
    else:
        assert response.status_code == 302
        page = client.get("/me/check-in/").text
        assert SCRIPT not in page and "&lt;script&gt;" in page


def test_a_hard_day_offers_support(people, client_for):
    client = client_for(people.river)
    client.post("/me/check-in/", {"mood": 2, "craving": 3})
    assert "Would one of these help?" not in client.get("/me/check-in/").text
    client.post("/me/check-in/", {"mood": 2, "craving": 8})
    page = client.get("/me/check-in/").text
    assert "Would one of these help?" in page and "/help/" in page


@pytest.mark.parametrize("days", ["90", "abc", "-1", "99999", ""])
def test_trends_take_any_range_safely(people, client_for, days):
    response = client_for(people.river).get("/me/trends/", {"days": days})
    assert response.status_code == 200
    assert "<svg" in response.text or "Nothing to show" in response.text


def test_journey_and_trends_pages_cost_the_same_with_more_data(people, client_for):
    journey = journey_for(people.river, 300)
    client = client_for(people.river)
    today = selectors.member_today(people.river)

    def grow() -> None:
        for n in range(4):
            journey_for(people.river, 200 - n * 10)
        actions.record_setback(
            user=people.river, journey=journey, new_start=today - timedelta(days=5)
        )
        for n in range(1, 40):
            CheckIn.objects.create(
                user=people.river, day=today - timedelta(days=n), mood=3, craving=2
            )

    assert_queries_do_not_grow(client, "/me/journey/", lambda: None)
    grow()
    assert_queries_do_not_grow(client, "/me/trends/?days=90", lambda: None)
