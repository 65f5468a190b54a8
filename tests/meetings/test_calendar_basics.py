"""Weekly meetings keep their wall-clock time across DST, in the app and in calendar files."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar import Calendar

from alongside.accounts.models import Role
from alongside.groups.actions import create_group
from alongside.groups.models import Membership
from alongside.meetings import actions, schedule
from alongside.notifications.models import Notification
from tests.conftest import make_member

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def weekly(people):
    lead = make_member("lead", Role.FACILITATOR)
    group = create_group(
        user=lead, tags=[], name="Evening circle", description="d", guidelines="",
        language="en", timezone="America/Los_Angeles", visibility="listed", join_policy="open",
        size_limit=None,
    )  # fmt: skip
    Membership.objects.create(group=group, user=people.river)
    meeting = actions.schedule_meeting(
        user=lead, group=group, name="Evening circle", start_date=date(2026, 10, 27),
        start_time=time(19), duration_minutes=90, repeat="weekly", repeat_until=None,
        timezone="America/Los_Angeles", mode="online", location_name="", address="",
        location_notes="", conference_url="https://meet.example.org/x", conference_phone="",
        conference_notes="", notes="", types=["O"],
    )  # fmt: skip
    return lead, meeting


def test_occurrences_stay_at_seven_pm_across_the_dst_change(weekly):
    _lead, meeting = weekly
    found = schedule.occurrences(
        meeting, datetime(2026, 10, 26, tzinfo=UTC), datetime(2026, 11, 12, tzinfo=UTC)
    )
    assert [o.start.astimezone(LA).time() for o in found] == [time(19)] * 3
    assert {o.start.utcoffset() for o in found} == {timedelta(hours=-7), timedelta(hours=-8)}
    assert all(o.end - o.start == timedelta(minutes=90) for o in found)


def test_the_ics_file_is_valid_with_a_timezone_recurrence_and_cancellations(
    weekly, client_for, people, django_capture_on_commit_callbacks
):
    lead, meeting = weekly
    actions.rsvp(user=people.river, meeting=meeting, status="going")
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel(
            user=lead, meeting=meeting, occurrence_date=date(2026, 11, 10), reason="Holiday"
        )
    body = client_for(people.river).get(f"/meetings/{meeting.slug}.ics").content
    calendar = Calendar.from_ical(body)
    [event] = calendar.walk("VEVENT")
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    start = event["DTSTART"].dt
    assert start.tzinfo is not None and start.replace(tzinfo=None) == datetime(2026, 10, 27, 19)
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    after_dst = rule.after(datetime(2026, 11, 2, tzinfo=LA))
    assert after_dst.astimezone(LA).time() == time(19)
    excluded = [d.dt.date() for d in event["EXDATE"].dts]
    assert excluded == [date(2026, 11, 10)]
    # river, who was going, was told about the cancelled date.
    assert Notification.objects.filter(
        recipient=people.river, verb="meeting.occurrence_cancelled"
    ).exists()


def test_outsiders_cannot_read_a_group_meeting_or_its_calendar(weekly, client_for, people):
    _lead, meeting = weekly
    for url in [f"/meetings/{meeting.slug}/", f"/meetings/{meeting.slug}.ics"]:
        assert client_for(people.outsider).get(url).status_code == 404
        assert client_for(people.river).get(url).status_code == 200


def test_check_in_only_while_the_meeting_is_on(weekly, people):
    _lead, meeting = weekly
    occurrence = schedule.upcoming(meeting, timezone.now())[0]
    with pytest.raises(actions.MeetingError):
        actions.check_in(
            user=people.river, meeting=meeting, now=occurrence.start - timedelta(hours=1)
        )
    first = actions.check_in(
        user=people.river, meeting=meeting, now=occurrence.start + timedelta(minutes=5)
    )
    again = actions.check_in(
        user=people.river, meeting=meeting, now=occurrence.start + timedelta(minutes=10)
    )
    assert first.pk == again.pk and not first.confirmed
