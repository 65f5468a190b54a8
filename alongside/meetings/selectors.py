from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, Prefetch, QuerySet
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.selectors import blocks_with
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


def upcoming_for_group(
    group: Group, viewer: User, *, now: datetime | None = None
) -> list[UpcomingMeeting]:
    now = now or timezone.now()
    meetings = list(
        _meetings_with_cancellations()
        .filter(group=group, cancelled_at__isnull=True)
        .order_by("start_time")
    )
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


def next_meetings(user: User, *, now: datetime, limit: int = 3) -> list[UpcomingMeeting]:
    """The next dates of meetings the member said they're going to, soonest first."""
    meetings = going(user)
    found = [UpcomingMeeting(m, _occurrences(m, now, 1), RSVP.Status.GOING) for m in meetings]
    found = [u for u in found if u.occurrences and not u.occurrences[0].cancelled]
    return sorted(found, key=lambda u: u.occurrences[0].start)[:limit]
