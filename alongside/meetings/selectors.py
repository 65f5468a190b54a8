from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    CharField,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.selectors import blocks_with
from alongside.core.prepared import prepared
from alongside.groups.models import Group
from alongside.meetings import schedule
from alongside.meetings.models import RSVP, Attendance, CancelledOccurrence, Meeting


@dataclass(frozen=True)
class UpcomingMeeting:
    meeting: Meeting
    occurrences: list[schedule.Occurrence]
    my_rsvp: str

    @property
    def next(self) -> schedule.Occurrence | None:
        return self.occurrences[0] if self.occurrences else None


def _meetings_with_cancellations() -> QuerySet[Meeting]:
    return Meeting.objects.prefetch_related(
        Prefetch("cancellations", queryset=CancelledOccurrence.objects.all())
    )


def _occurrences(meeting: Meeting, now: datetime, count: int) -> list[schedule.Occurrence]:
    cancelled = {c.occurrence_date for c in meeting.cancellations.all()}
    found = schedule.occurrences(meeting, now, now + timedelta(days=120), cancelled=cancelled)
    return found[:count]


@prepared
def _group_meetings(*, group_id: int) -> QuerySet[Meeting, Meeting]:
    """The group's meetings that are not cancelled, its SQL built once per process."""
    return Meeting.objects.filter(group_id=group_id, cancelled_at__isnull=True).order_by(
        "start_time"
    )


def upcoming_for_group(
    group: Group, viewer: User, *, now: datetime | None = None
) -> list[UpcomingMeeting]:
    now = now or timezone.now()
    meetings = _group_meetings.rows(group_id=group.pk)
    prefetch_related_objects(meetings, "cancellations")
    mine = dict(
        RSVP.objects.filter(meeting__in=meetings, user=viewer).values_list("meeting_id", "status")
    )
    found = [UpcomingMeeting(m, _occurrences(m, now, 3), mine.get(m.pk, "")) for m in meetings]
    found = [u for u in found if u.occurrences]
    return sorted(found, key=lambda u: u.occurrences[0].start)


def meeting_detail(
    meeting: Meeting, viewer: User, *, now: datetime | None = None
) -> UpcomingMeeting:
    now = now or timezone.now()
    mine = (
        RSVP.objects.filter(meeting=meeting, user=viewer).values_list("status", flat=True).first()
    )
    return UpcomingMeeting(meeting, _occurrences(meeting, now, 6), mine or "")


def rsvps_for(meeting: Meeting, viewer: User) -> list[RSVP]:
    """Who replied (facilitators only see this), minus anyone across a block with the viewer."""
    return list(
        RSVP.objects.filter(meeting=meeting)
        .exclude(Exists(blocks_with(viewer, "user_id")))
        .select_related("user")
        .order_by("status", "user__handle")
    )


def attendance_on(meeting: Meeting, occurrence_date: date) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting, occurrence_date=occurrence_date)
        .select_related("user", "confirmed_by")
        .order_by("user__handle")
    )


def going(user: User) -> list[Meeting]:
    """The meetings a member said they're going to: their calendar."""
    return list(
        _meetings_with_cancellations()
        .filter(rsvps__user=user, rsvps__status=RSVP.Status.GOING, cancelled_at__isnull=True)
        .select_related("group")
        .order_by("name")
    )


def my_attendance(user: User, *, limit: int = 50) -> list[Attendance]:
    return list(
        Attendance.objects.filter(user=user)
        .select_related("meeting", "confirmed_by")
        .order_by("-occurrence_date")[:limit]
    )


def _first_after(
    meeting: Meeting, now: datetime, cancelled: set[date]
) -> schedule.Occurrence | None:
    """The meeting's first occurrence in the next 120 days. A weekly meeting has one within 8:
    look there first, so a typical meeting expands one week of its rule, not seventeen."""
    for days in (8, 120):
        found = schedule.occurrences(meeting, now, now + timedelta(days=days), cancelled=cancelled)
        if found:
            return found[0]
    return None


# What schedule.occurrences and the home page's list need of a meeting.
_SCHEDULED = (
    *("id", "slug", "name", "mode", "timezone", "start_date", "start_time"),
    *("duration_minutes", "rrule"),
)


@prepared
def _going_to(*, user: User, today: date) -> QuerySet[Meeting, Any]:
    """The meetings the member is going to that may still happen (past one-off meetings and
    ended series stay behind), each with its upcoming cancelled dates as "YYYYMMDD,...": text
    made of numbers, so it reads the same on every database and date style."""
    recent = today - timedelta(days=2)  # and then some: a meeting's zone may be a day away
    day = ExtractYear("occurrence_date") * 10000 + ExtractMonth("occurrence_date") * 100
    day = day + ExtractDay("occurrence_date")
    cancelled = (
        CancelledOccurrence.objects.filter(meeting=OuterRef("pk"), occurrence_date__gte=recent)
        .order_by()
        .values("meeting")
        .annotate(dates=StringAgg(Cast(day, CharField()), Value(",")))
        .values("dates")
    )
    return (
        Meeting.objects.filter(
            rsvps__user=user, rsvps__status=RSVP.Status.GOING, cancelled_at__isnull=True
        )
        .exclude(rrule="", start_date__lt=recent)
        .exclude(repeat_until__lt=recent)
        .values(*_SCHEDULED, cancelled_dates=Subquery(cancelled))
    )


def _dates(found: str | None) -> set[date]:
    numbers = [int(text) for text in (found or "").split(",") if text]
    return {date(n // 10000, n // 100 % 100, n % 100) for n in numbers}


def next_meetings(
    user: User, *, now: datetime, today: date, limit: int = 3
) -> list[UpcomingMeeting]:
    """The next dates of meetings the member said they're going to, soonest first (a meeting
    whose next date is cancelled is left out). One query, its SQL built once per process
    (core.prepared); `today` is the member's."""
    found = []
    for row in _going_to.rows(user=user, today=today):
        cancelled_on = _dates(row.pop("cancelled_dates"))
        meeting = Meeting(**row)
        first = _first_after(meeting, now, cancelled_on)
        if first is not None and not first.cancelled:
            found.append(UpcomingMeeting(meeting, [first], RSVP.Status.GOING))
    return sorted(found, key=lambda u: u.occurrences[0].start)[:limit]
