"""Every write to meetings: scheduling, cancelling, RSVP, attendance and calendar feeds."""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.core.audit import log_action
from alongside.core.errors import ApplicationError
from alongside.core.events import publish
from alongside.groups.access import group_access
from alongside.groups.models import Group
from alongside.meetings import schedule
from alongside.meetings.access import may_run_meeting, may_see_meeting
from alongside.meetings.finder_sync import sync_group_meeting
from alongside.meetings.models import (
    RSVP,
    Attendance,
    CalendarFeed,
    CancelledOccurrence,
    Meeting,
    new_calendar_token,
)
from alongside.meetings.types import MEETING_TYPES

RESERVED_SLUGS = {"mine", "calendar", "verify", "attendance", "feed", "new"}


class MeetingError(ApplicationError):
    pass


def date_range_message() -> str:
    today = timezone.localdate()
    return _("Choose dates from %(first)s to %(last)s.") % {
        "first": schedule.EARLIEST_DATE.year,
        "last": schedule.latest_date(today).year,
    }


def _unique_slug(name: str) -> str:
    base = slugify(name)[:80] or "meeting"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Meeting.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean(meeting: Meeting) -> None:
    if any(code not in MEETING_TYPES for code in meeting.types):
        raise MeetingError(_("Choose meeting types from the list."))
    if meeting.is_online and not (meeting.conference_url or meeting.conference_phone):
        raise MeetingError(_("An online meeting needs a video link or a dial-in number."))
    if meeting.is_in_person and not (meeting.address or meeting.location_name):
        raise MeetingError(_("An in-person meeting needs a place or an address."))
    today = timezone.localdate()
    for day in (meeting.start_date, meeting.repeat_until):
        if isinstance(day, date) and not schedule.in_range(day, today):
            raise MeetingError(date_range_message())
    if meeting.repeat_until and meeting.repeat_until < meeting.start_date:
        raise MeetingError(_("The last date can't be before the first."))
    online_codes = {"ONL"} if meeting.is_online else set()
    meeting.types = sorted((set(meeting.types) - {"ONL"}) | online_codes)
    try:
        meeting.full_clean(exclude=["group", "created_by", "slug", "rrule"])
    except ValidationError as error:  # the form checks these first; this is for other callers
        raise MeetingError(" ".join(error.messages)) from error
    meeting.rrule = schedule.rule_for(
        meeting.repeat, meeting.start_date, meeting.repeat_until, meeting.timezone
    )


@transaction.atomic
def schedule_meeting(*, user: User, group: Group, **fields: Any) -> Meeting:
    found = group_access(user, group)
    if found is None or not found.is_facilitator:
        raise MeetingError(_("Only the group's facilitators can schedule meetings."))
    meeting = Meeting(
        group=group, created_by=user, slug=_unique_slug(fields.get("name", "")), **fields
    )
    _clean(meeting)
    meeting.save()
    sync_group_meeting(meeting)
    log_action(actor=user, action="meeting.scheduled", target=meeting)
    return meeting


@transaction.atomic
def update_meeting(*, user: User, meeting: Meeting, **fields: Any) -> Meeting:
    if not may_run_meeting(user, meeting):
        raise MeetingError(_("Only the group's facilitators can change meetings."))
    for name, value in fields.items():
        setattr(meeting, name, value)
    _clean(meeting)
    meeting.save()
    sync_group_meeting(meeting)
    return meeting


@transaction.atomic
def cancel(*, user: User, meeting: Meeting, occurrence_date: date | None, reason: str = "") -> None:
    """Cancel one occurrence (a date) or, with no date, the whole series. RSVPs are told."""
    if not may_run_meeting(user, meeting):
        raise MeetingError(_("Only the group's facilitators can cancel meetings."))
    reason = reason.strip()[:300]
    if occurrence_date is None:
        meeting.cancelled_at = timezone.now()
        meeting.cancel_reason = reason
        meeting.save(update_fields=["cancelled_at", "cancel_reason"])
        sync_group_meeting(meeting)
    else:
        if schedule.occurrence_on(meeting, occurrence_date) is None:
            raise MeetingError(_("The meeting doesn't happen on that date."))
        CancelledOccurrence.objects.get_or_create(
            meeting=meeting, occurrence_date=occurrence_date, defaults={"reason": reason}
        )
    log_action(
        actor=user, action="meeting.cancelled", target=meeting, date=str(occurrence_date or "")
    )
    publish(
        "meeting.cancelled",
        meeting_id=meeting.pk,
        occurrence_date=occurrence_date.isoformat() if occurrence_date else "",
        cancelled_by=user.pk,
    )


def rsvp(*, user: User, meeting: Meeting, status: str) -> RSVP:
    if status not in RSVP.Status.values:
        raise MeetingError(_("Choose going, maybe or not going."))
    if not may_see_meeting(user, meeting) or meeting.cancelled_at is not None:
        raise MeetingError(_("That meeting isn't open for replies."))
    answer, _created = RSVP.objects.update_or_create(
        meeting=meeting, user=user, defaults={"status": status, "updated_at": timezone.now()}
    )
    return answer


def check_in(*, user: User, meeting: Meeting, now: datetime | None = None) -> Attendance:
    """A member marks themselves present while the meeting is on (from 15 minutes before)."""
    now = now or timezone.now()
    current = [
        o
        for o in schedule.occurrences(meeting, now - timedelta(hours=13), now + timedelta(hours=1))
        if schedule.in_check_in_window(o, now)
    ]
    if not current:
        raise MeetingError(_("You can check in from 15 minutes before the meeting until it ends."))
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                meeting=meeting, occurrence_date=current[0].date, user=user, checked_in_at=now
            )
    except IntegrityError:
        return Attendance.objects.get(meeting=meeting, occurrence_date=current[0].date, user=user)


@transaction.atomic
def mark_attendance(
    *, user: User, meeting: Meeting, occurrence_date: date, member: User, present: bool
) -> Attendance | None:
    """A facilitator confirms who was there (which is what a proof of attendance rests on)."""
    if not may_run_meeting(user, meeting):
        raise MeetingError(_("Only the group's facilitators can confirm attendance."))
    occurrence = schedule.occurrence_on(meeting, occurrence_date)
    if occurrence is None or occurrence.cancelled:
        raise MeetingError(_("The meeting didn't happen on that date."))
    if occurrence.start > timezone.now() + schedule.CHECK_IN_EARLY:
        raise MeetingError(_("Attendance can be confirmed once the meeting has started."))
    if member.pk != user.pk and not may_see_meeting(member, meeting):
        raise MeetingError(_("%(handle)s isn't in this group.") % {"handle": member.handle})
    if not present:
        Attendance.objects.filter(
            meeting=meeting, occurrence_date=occurrence_date, user=member
        ).delete()
        return None
    attendance, _created = Attendance.objects.get_or_create(
        meeting=meeting,
        occurrence_date=occurrence_date,
        user=member,
        defaults={"checked_in_at": occurrence.start},
    )
    if attendance.confirmed_at is None:
        attendance.confirmed_by = user
        attendance.confirmed_at = timezone.now()
        attendance.save(update_fields=["confirmed_by", "confirmed_at"])
        log_action(actor=user, action="attendance.confirmed", target=attendance)
    return attendance


def calendar_feed(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def renew_calendar_feed(*, user: User) -> CalendarFeed:
    """A new secret address; apps subscribed to the old one stop getting updates."""
    feed = calendar_feed(user=user)
    feed.token = new_calendar_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


def send_reminders(*, now: datetime | None = None, ahead: timedelta = timedelta(hours=1)) -> int:
    """Tell members who are going about meetings starting within the hour (once each)."""
    now = now or timezone.now()
    sent = 0
    meetings = Meeting.objects.filter(
        cancelled_at__isnull=True, rsvps__status=RSVP.Status.GOING
    ).distinct()
    for meeting in meetings:
        for occurrence in schedule.occurrences(meeting, now, now + ahead):
            if occurrence.cancelled or occurrence.start < now:
                continue
            publish(
                "meeting.starting_soon",
                meeting_id=meeting.pk,
                occurrence_date=occurrence.date.isoformat(),
            )
            sent += 1
    return sent
