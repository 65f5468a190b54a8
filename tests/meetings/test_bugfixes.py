"""Regressions: RRULE UNTIL in UTC, former members, cancellations, blocks, input, DST lengths."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.utils.html import escape
from icalendar import Calendar

from alongside.accounts.models import Role
from alongside.groups import actions as group_actions
from alongside.groups.models import Group, Membership
from alongside.meetings import actions, schedule, selectors
from alongside.meetings.models import RSVP, Meeting
from alongside.notifications.models import Notification
from tests.conftest import make_member

LA = ZoneInfo("America/Los_Angeles")


def new_group(lead) -> Group:
    return group_actions.create_group(
        user=lead, tags=[], name="Evening circle", description="d", guidelines="",
        language="en", timezone="America/Los_Angeles", visibility="listed", join_policy="open",
        size_limit=None,
    )  # fmt: skip


def meet(lead, group, **overrides) -> Meeting:
    fields = dict(
        name="Evening circle", start_date=date(2026, 10, 27), start_time=time(19),
        duration_minutes=90, repeat="weekly", repeat_until=None, timezone="America/Los_Angeles",
        mode="online", location_name="", address="", location_notes="",
        conference_url="https://meet.example.org/x", conference_phone="", conference_notes="",
        notes="", types=["O"],
    )  # fmt: skip
    fields.update(overrides)
    return actions.schedule_meeting(user=lead, group=group, **fields)


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Evening circle", "start_date": "2026-10-27", "start_time": "19:00",
        "duration_minutes": "90", "repeat": "weekly", "repeat_until": "",
        "timezone": "America/Los_Angeles", "mode": "online", "location_name": "",
        "address": "", "location_notes": "", "conference_url": "https://meet.example.org/x",
        "conference_phone": "", "conference_notes": "", "notes": "",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def lead(people):
    return make_member("lead", Role.FACILITATOR)


@pytest.fixture
def group(lead, people):
    group = new_group(lead)
    Membership.objects.create(group=group, user=people.river)
    return group


def ics(client, meeting) -> Calendar:
    response = client.get(f"/meetings/{meeting.slug}.ics")
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


# UNTIL


def test_until_is_in_utc_and_the_last_date_is_still_included(lead, group, people, client_for):
    meeting = meet(lead, group, repeat_until=date(2026, 11, 10))
    # 23:59:59 on the last day in Los Angeles (PST, UTC-8) is 07:59:59 the next day in UTC.
    assert "UNTIL=20261111T075959Z" in meeting.rrule
    found = schedule.occurrences(
        meeting, datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    )
    assert [o.date for o in found] == [date(2026, 10, 27), date(2026, 11, 3), date(2026, 11, 10)]
    [event] = ics(client_for(people.river), meeting).walk("VEVENT")
    rule_text = event["RRULE"].to_ical().decode()
    assert "UNTIL=20261111T075959Z" in rule_text
    start = event["DTSTART"].dt
    assert str(event["DTSTART"].params["TZID"]) == "America/Los_Angeles"
    rule = rrulestr(rule_text, dtstart=start)  # refuses a floating UNTIL with an aware start
    assert [d.date() for d in rule] == [date(2026, 10, 27), date(2026, 11, 3), date(2026, 11, 10)]


def test_meetings_saved_with_a_floating_until_still_expand(lead, group):
    meeting = meet(lead, group, repeat_until=date(2026, 11, 10))
    Meeting.objects.filter(pk=meeting.pk).update(rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261110T235959")
    meeting.refresh_from_db()
    found = schedule.occurrences(
        meeting, datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    )
    assert [o.date for o in found][-1] == date(2026, 11, 10)


# former members


@pytest.mark.parametrize("how", ["leave", "removed"])
def test_former_members_lose_their_rsvps_feed_and_reminders(
    lead, group, people, client_for, how, django_capture_on_commit_callbacks
):
    meeting = meet(lead, group)
    actions.rsvp(user=people.river, meeting=meeting, status="going")
    feed = actions.calendar_feed(user=people.river)
    if how == "leave":
        group_actions.leave_group(user=people.river, group=group)
    else:
        group_actions.remove_member(user=lead, group=group, member=people.river)
    assert not RSVP.objects.filter(user=people.river).exists()
    assert selectors.going(people.river) == []
    body = client_for(people.outsider).get(f"/meetings/calendar/{feed.token}.ics").content
    assert Calendar.from_ical(body).walk("VEVENT") == []
    first = schedule.upcoming(meeting, datetime(2026, 10, 20, tzinfo=UTC))[0]
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_reminders(now=first.start - timedelta(minutes=30))
    assert not Notification.objects.filter(recipient=people.river).exists()


def test_leaving_keeps_rsvps_for_other_groups(lead, group, people):
    other = new_group(lead)
    Membership.objects.create(group=other, user=people.river)
    here, there = meet(lead, group), meet(lead, other, name="Morning circle")
    actions.rsvp(user=people.river, meeting=here, status="going")
    actions.rsvp(user=people.river, meeting=there, status="maybe")
    group_actions.leave_group(user=people.river, group=group)
    assert list(RSVP.objects.filter(user=people.river).values_list("meeting", flat=True)) == [
        there.pk
    ]


# cancellations


def test_a_cancelled_one_off_date_is_not_in_the_calendar_files(lead, group, people, client_for):
    once = meet(lead, group, repeat="once", name="Picnic")
    actions.rsvp(user=people.river, meeting=once, status="going")
    client = client_for(people.river)
    assert len(ics(client, once).walk("VEVENT")) == 1
    actions.cancel(user=lead, meeting=once, occurrence_date=once.start_date)
    assert ics(client, once).walk("VEVENT") == []
    feed = actions.calendar_feed(user=people.river)
    body = client.get(f"/meetings/calendar/{feed.token}.ics").content
    assert Calendar.from_ical(body).walk("VEVENT") == []


def test_the_facilitator_who_cancels_is_not_told_about_it(
    lead, group, people, django_capture_on_commit_callbacks
):
    meeting = meet(lead, group)
    actions.rsvp(user=lead, meeting=meeting, status="going")
    actions.rsvp(user=people.river, meeting=meeting, status="going")
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel(user=lead, meeting=meeting, occurrence_date=date(2026, 11, 3))
        actions.cancel(user=lead, meeting=meeting, occurrence_date=None)
    assert not Notification.objects.filter(recipient=lead).exists()
    assert set(
        Notification.objects.filter(recipient=people.river).values_list("verb", flat=True)
    ) == {"meeting.occurrence_cancelled", "meeting.cancelled"}


def test_the_group_page_marks_a_cancelled_date_and_leaves_out_a_cancelled_series(
    lead, group, people
):
    weekly = meet(lead, group)
    meet(lead, group, name="Gone")
    now = datetime(2026, 11, 1, 12, tzinfo=UTC)
    actions.cancel(user=lead, meeting=weekly, occurrence_date=date(2026, 11, 3))
    actions.cancel(user=lead, meeting=Meeting.objects.get(name="Gone"), occurrence_date=None)
    [upcoming] = selectors.upcoming_for_group(group, people.river, now=now)
    assert upcoming.meeting == weekly
    days = [(o.start.astimezone(LA).date(), o.cancelled) for o in upcoming.occurrences]
    assert days == [
        (date(2026, 11, 3), True),
        (date(2026, 11, 10), False),
        (date(2026, 11, 17), False),
    ]


# blocks


def test_rsvps_for_leaves_out_people_blocked_with_the_viewer(lead, group, people, client_for):
    Membership.objects.filter(group=group, user=people.river).update(role="facilitator")
    Membership.objects.create(group=group, user=people.drew)  # river blocked drew
    Membership.objects.create(group=group, user=people.sam)
    meeting = meet(lead, group)
    for member in (people.drew, people.sam):
        actions.rsvp(user=member, meeting=meeting, status="going")
    assert [r.user for r in selectors.rsvps_for(meeting, people.river)] == [people.sam]
    assert {r.user for r in selectors.rsvps_for(meeting, lead)} == {people.drew, people.sam}
    page = client_for(people.river).get(f"/meetings/{meeting.slug}/")
    assert page.status_code == 200 and "drew" not in page.text


# extreme dates


@pytest.mark.parametrize(
    "overrides",
    [
        {"start_date": "9999-12-31"},
        {"start_date": "0001-01-01"},
        {"repeat_until": "9999-12-31"},
        {"start_date": "9999-12-25", "repeat": "once"},
    ],
)
def test_extreme_dates_are_a_clear_400_not_a_crash(lead, group, client_for, overrides):
    response = client_for(lead).post(f"/groups/{group.slug}/meetings/new/", form_data(**overrides))
    assert response.status_code == 400
    assert escape(actions.date_range_message()) in response.text
    assert not Meeting.objects.exists()


def test_extreme_dates_in_the_action_raise_a_meeting_error(lead, group):
    with pytest.raises(actions.MeetingError):
        meet(lead, group, start_date=date(9999, 12, 31))
    assert not Meeting.objects.exists()


def test_extreme_dates_in_cancel_and_attendance_links_are_not_a_crash(lead, group, client_for):
    meeting = meet(lead, group)
    client = client_for(lead)
    for day in ["9999-12-31", "0001-01-01"]:
        cancel = client.post(f"/meetings/{meeting.slug}/cancel/", {"occurrence_date": day})
        assert cancel.status_code == 400
        assert client.get(f"/meetings/{meeting.slug}/attendance/{day}/").status_code == 404
    assert not meeting.cancellations.exists()


def test_extreme_dates_on_update_are_refused(lead, group, client_for):
    meeting = meet(lead, group)
    response = client_for(lead).post(
        f"/meetings/{meeting.slug}/edit/", form_data(start_date="9999-12-31")
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.start_date == date(2026, 10, 27)


# the video link and dial-in number


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("conference_url", "https://meet.example.org/abc?pwd=1", True),
        ("conference_url", "http://meet.example.org/abc", True),
        ("conference_url", "ftp://files.example.org/x", False),
        ("conference_url", "javascript:alert(1)", False),
        ("conference_url", "meet.example.org/abc", True),  # Django assumes https
        ("conference_phone", "+1 (555) 123-4567,,987654#", True),
        ("conference_phone", "0800 123 456 *2", True),
        ("conference_phone", "call 555-1234", False),
        ("conference_phone", "<script>alert(1)</script>", False),
        ("conference_phone", "+-()", False),
        ("conference_phone", "1" * 41, False),
    ],
)
def test_the_video_link_and_dial_in_number_are_checked(lead, group, client_for, field, value, ok):
    data = form_data(**{field: value})
    if field == "conference_phone":
        data["conference_url"] = ""
    response = client_for(lead).post(f"/groups/{group.slug}/meetings/new/", data)
    assert response.status_code == (302 if ok else 400)
    assert Meeting.objects.exists() == ok
    if ok:
        saved = getattr(Meeting.objects.get(), field)
        assert saved.startswith(("https://", "http://")) if field == "conference_url" else True


def test_the_action_checks_the_dial_in_number_too(lead, group):
    with pytest.raises(actions.MeetingError):
        meet(lead, group, conference_url="", conference_phone="dial 911 now!")


# lengths across DST


@pytest.mark.parametrize(
    ("day", "at"),
    [
        (date(2026, 11, 1), time(1, 0)),  # clocks go back at 02:00 that night
        (date(2026, 3, 8), time(1, 30)),  # clocks go forward at 02:00 that night
    ],
)
def test_a_meeting_over_a_dst_change_lasts_its_length_in_real_time(
    lead, group, people, client_for, day, at
):
    meeting = meet(lead, group, repeat="once", start_date=day, start_time=at, duration_minutes=120)
    [found] = schedule.occurrences(
        meeting, datetime.combine(day, time(), tzinfo=UTC) - timedelta(days=1),
        datetime.combine(day, time(), tzinfo=UTC) + timedelta(days=2),
    )  # fmt: skip
    assert found.end.astimezone(UTC) - found.start.astimezone(UTC) == timedelta(hours=2)
    [event] = ics(client_for(people.river), meeting).walk("VEVENT")
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)


def test_the_check_in_window_ends_with_the_real_end(lead, group, people):
    meeting = meet(
        lead, group, repeat="once", start_date=date(2026, 11, 1), start_time=time(1),
        duration_minutes=120,
    )  # fmt: skip
    start = datetime(2026, 11, 1, 1, tzinfo=LA).astimezone(UTC)  # 01:00 PDT
    actions.check_in(user=people.river, meeting=meeting, now=start + timedelta(minutes=110))
    with pytest.raises(actions.MeetingError):  # 2h10 later in real time: the meeting is over
        actions.check_in(user=people.sam, meeting=meeting, now=start + timedelta(minutes=130))
