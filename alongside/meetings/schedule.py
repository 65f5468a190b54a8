"""When a meeting happens: occurrences from its RFC 5545 rule, in its own time zone.

Recurrence is computed in the meeting's wall-clock time (a 19:00 weekly meeting stays at 19:00
across DST changes), then each occurrence is placed on the real timeline with zoneinfo.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from alongside.meetings.models import Meeting

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
CHECK_IN_EARLY = timedelta(minutes=15)


def rule_for(repeat: str, start_date: date, until: date | None) -> str:
    if repeat != Meeting.Repeat.WEEKLY:
        return ""
    rule = f"FREQ=WEEKLY;BYDAY={WEEKDAYS[start_date.weekday()]}"
    if until is not None:
        rule += f";UNTIL={until:%Y%m%d}T235959"
    return rule


def place(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`at` on `day` in `zone`; a wall time skipped by DST moves past the gap."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC).astimezone(zone)


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
    rule = rrulestr(meeting.rrule, dtstart=datetime.combine(meeting.start_date, meeting.start_time))
    window = rule.between(
        datetime.combine(first, time.min), datetime.combine(last, time.max), inc=True
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
    first = (start - length).astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    if cancelled is None:
        cancelled = set(meeting.cancellations.values_list("occurrence_date", flat=True))
    found = []
    for day in _local_starts(meeting, first, last):
        begins = place(day, meeting.start_time, zone)
        ends = begins + length
        if ends > start and begins < end:
            found.append(Occurrence(meeting, begins, ends, cancelled=day in cancelled))
    return found


def upcoming(
    meeting: Meeting, now: datetime, *, count: int = 4, horizon_days: int = 120
) -> list[Occurrence]:
    found = occurrences(meeting, now, now + timedelta(days=horizon_days))
    return found[:count]


def occurrence_on(meeting: Meeting, day: date) -> Occurrence | None:
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
