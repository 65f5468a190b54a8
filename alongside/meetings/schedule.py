"""When a meeting happens: occurrences from its RFC 5545 rule, in its own time zone.

Recurrence is computed in the meeting's wall-clock time (a 19:00 weekly meeting stays at 19:00
across DST changes), then each occurrence is placed on the real timeline with zoneinfo.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils import timezone

from alongside.meetings.models import Meeting

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
CHECK_IN_EARLY = timedelta(minutes=15)


# Dates a meeting may have: beyond them, times fall off the end of the calendar (OverflowError)
# and nothing real is planned.
EARLIEST_DATE = date(2000, 1, 1)
YEARS_AHEAD = 10


def latest_date(today: date) -> date:
    return date(today.year + YEARS_AHEAD, 12, 31)


def in_range(day: date, today: date) -> bool:
    return EARLIEST_DATE <= day <= latest_date(today)


def rule_for(repeat: str, start_date: date, until: date | None, zone: str = "UTC") -> str:
    """The RRULE for the series. RFC 5545: with a DTSTART in a time zone (ours always is), UNTIL
    must be a UTC date-time; it is the end of the last day in the meeting's zone."""
    if repeat != Meeting.Repeat.WEEKLY:
        return ""
    rule = f"FREQ=WEEKLY;BYDAY={WEEKDAYS[start_date.weekday()]}"
    if until is not None:
        last = place(until, time(23, 59, 59), ZoneInfo(zone)).astimezone(UTC)
        rule += f";UNTIL={last:%Y%m%dT%H%M%S}Z"
    return rule


def place(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`at` on `day` in `zone`; a wall time skipped by DST moves past the gap."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC).astimezone(zone)


def end_of(begins: datetime, minutes: int) -> datetime:
    """The end in real time (across a DST change too), shown in the start's zone. Adding a
    timedelta to an aware datetime counts wall-clock time, so go through UTC."""
    return (begins.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(begins.tzinfo)


@dataclass(frozen=True)
class Occurrence:
    meeting: Meeting
    start: datetime  # aware, in the meeting's zone
    end: datetime
    cancelled: bool

    @property
    def date(self) -> date:
        return self.start.date()


def _local_starts(meeting: Meeting, first: date, last: date) -> list[date]:
    if not meeting.rrule:
        return [meeting.start_date] if first <= meeting.start_date <= last else []
    zone: ZoneInfo | None = ZoneInfo(meeting.timezone)
    # Expanded in wall time (dateutil keeps the clock time and the zone), bounded by UNTIL in UTC.
    start = datetime.combine(meeting.start_date, meeting.start_time, tzinfo=zone)
    try:
        rule = rrulestr(meeting.rrule, dtstart=start)
    except ValueError:  # saved before UNTIL was in UTC: a floating UNTIL needs a floating start
        rule = rrulestr(meeting.rrule, dtstart=start.replace(tzinfo=None))
        zone = None
    window = rule.between(
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last, time.max, tzinfo=zone),
        inc=True,
    )
    return [moment.date() for moment in window]


def occurrences(
    meeting: Meeting, start: datetime, end: datetime, *, cancelled: set[date] | None = None
) -> list[Occurrence]:
    """Occurrences that overlap [start, end) on the real timeline."""
    if meeting.cancelled_at is not None:
        return []
    zone = ZoneInfo(meeting.timezone)
    length = timedelta(minutes=meeting.duration_minutes)
    try:
        first = (start - length).astimezone(zone).date() - timedelta(days=1)
        last = end.astimezone(zone).date() + timedelta(days=1)
    except OverflowError:  # a window at the very ends of the calendar holds no meetings
        return []
    if cancelled is None:
        cancelled = set(meeting.cancellations.values_list("occurrence_date", flat=True))
    found = []
    for day in _local_starts(meeting, first, last):
        begins = place(day, meeting.start_time, zone)
        ends = end_of(begins, meeting.duration_minutes)
        if ends > start and begins < end:
            found.append(Occurrence(meeting, begins, ends, cancelled=day in cancelled))
    return found


def upcoming(
    meeting: Meeting, now: datetime, *, count: int = 4, horizon_days: int = 120
) -> list[Occurrence]:
    found = occurrences(meeting, now, now + timedelta(days=horizon_days))
    return found[:count]


def occurrence_on(meeting: Meeting, day: date) -> Occurrence | None:
    if not in_range(day, timezone.now().date()):
        return None
    zone = ZoneInfo(meeting.timezone)
    begins = place(day, meeting.start_time, zone)
    for occurrence in occurrences(
        meeting, begins - timedelta(minutes=1), begins + timedelta(minutes=1)
    ):
        if occurrence.date == day:
            return occurrence
    return None


def in_check_in_window(occurrence: Occurrence, now: datetime) -> bool:
    return not occurrence.cancelled and occurrence.start - CHECK_IN_EARLY <= now <= occurrence.end
