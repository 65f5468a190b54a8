"""iCalendar (RFC 5545) for one meeting or a member's subscription, with real VTIMEZONEs."""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from alongside.meetings import schedule
from alongside.meetings.models import DirectoryMeeting, Meeting


def _event(meeting: Meeting) -> Event:
    zone = ZoneInfo(meeting.timezone)
    start = schedule.place(meeting.start_date, meeting.start_time, zone)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{settings.SITE_URL.split('//')[-1].split('/')[0]}")
    event.add("summary", meeting.name)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", schedule.end_of(start, meeting.duration_minutes))  # real time, DST too
    if meeting.rrule:
        event.add("rrule", vRecur.from_ical(meeting.rrule))
        cancelled = [
            datetime.combine(c.occurrence_date, meeting.start_time, tzinfo=zone)
            for c in meeting.cancellations.all()
        ]
        if cancelled:
            event.add("exdate", cancelled)
    place = ", ".join(p for p in [meeting.location_name, meeting.address] if p)
    if meeting.is_in_person and place:
        event.add("location", place)
    elif meeting.conference_url:
        event.add("location", meeting.conference_url)
    details = [meeting.notes, meeting.location_notes]
    if meeting.is_online:
        details += [meeting.conference_url, meeting.conference_phone, meeting.conference_notes]
    event.add("description", "\n".join(d for d in details if d))
    event.add(
        "url", settings.SITE_URL.rstrip("/") + reverse("meetings:detail", args=[meeting.slug])
    )
    return event


def _only_date_cancelled(meeting: Meeting) -> bool:
    """A one-off meeting whose date was cancelled has nothing left to put in a calendar."""
    if meeting.rrule:
        return False
    return any(c.occurrence_date == meeting.start_date for c in meeting.cancellations.all())


def calendar(meetings: Iterable[Meeting], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Alongside//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        if meeting.cancelled_at is None and not _only_date_cancelled(meeting):
            cal.add_component(_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()


DAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


def directory_calendar(listing: "DirectoryMeeting", now: datetime | None = None) -> bytes:
    """A finder meeting as a weekly event in its own time zone (VTIMEZONE included), so it
    lands at the right time in any calendar, DST or not, and after midnight too."""
    from alongside.meetings.finder import timing

    cal = Calendar()
    cal.add("prodid", "-//Alongside//Meeting finder//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", listing.name)
    _until, _now, next_start = timing(listing, now or timezone.now())
    if next_start is not None and listing.day is not None:
        event = Event()
        event.add(
            "uid", f"directory-{listing.slug}@{settings.SITE_URL.split('//')[-1].split('/')[0]}"
        )
        event.add("summary", listing.name)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", next_start)
        event.add("dtend", schedule.end_of(next_start, listing.duration_minutes))
        event.add("rrule", {"freq": "weekly", "byday": DAY_CODES[listing.day]})
        place = ", ".join(p for p in [listing.location, listing.formatted_address] if p)
        if listing.attendance in ("in_person", "hybrid") and place:
            event.add("location", place)
        elif listing.conference_url:
            event.add("location", listing.conference_url)
        details = [listing.notes, listing.location_notes, listing.conference_url,
                   listing.conference_url_notes, listing.conference_phone]  # fmt: skip
        event.add("description", "\n".join(d for d in details if d))
        event.add(
            "url",
            settings.SITE_URL.rstrip("/") + reverse("meetings:detail", args=[listing.slug]),
        )
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
