"""Reminders before a meeting, and word when one is cancelled, for members who replied."""

from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from alongside.core.events import subscribe
from alongside.meetings.models import RSVP, Meeting
from alongside.notifications.actions import notify_many
from alongside.notifications.kinds import Kind, register_verb


def describe_date(params: dict) -> dict:
    raw = params.get("date") or ""
    try:
        return {**params, "date": date_format(date.fromisoformat(raw), "DATE_FORMAT")}
    except ValueError:
        return params


register_verb(
    "meeting.reminder",
    kind=Kind.MEETINGS,
    text=_("%(meeting)s starts within the hour."),
    summary=_("A meeting you're going to starts soon"),
)
register_verb(
    "meeting.occurrence_cancelled",
    kind=Kind.MEETINGS,
    text=_("%(meeting)s on %(date)s is cancelled."),
    summary=_("A meeting you're going to is cancelled"),
    describe=describe_date,
)
register_verb(
    "meeting.cancelled",
    kind=Kind.MEETINGS,
    text=_("%(meeting)s is cancelled from now on."),
    summary=_("A meeting you're going to is cancelled"),
)


@subscribe("meeting.cancelled")
def tell_those_who_replied(*, meeting_id: int, occurrence_date: str, cancelled_by: int = 0) -> None:
    """Everyone going or maybe going, except the facilitator who cancelled (they know)."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return
    verb = "meeting.occurrence_cancelled" if occurrence_date else "meeting.cancelled"
    answers = (
        RSVP.objects.filter(meeting=meeting, status__in=[RSVP.Status.GOING, RSVP.Status.MAYBE])
        .exclude(user_id=cancelled_by)
        .select_related("user")
    )
    notify_many(
        recipients=[answer.user for answer in answers],
        verb=verb,
        params={"meeting": meeting.name, "date": occurrence_date},
        url=reverse("meetings:detail", args=[meeting.slug]),
        key=lambda user: f"{verb}:{meeting.pk}:{occurrence_date}:{user.pk}",
    )


@subscribe("meeting.starting_soon")
def remind(*, meeting_id: int, occurrence_date: str) -> None:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return
    going = RSVP.objects.filter(meeting=meeting, status=RSVP.Status.GOING).select_related("user")
    notify_many(
        recipients=[answer.user for answer in going],
        verb="meeting.reminder",
        params={"meeting": meeting.name},
        url=reverse("meetings:detail", args=[meeting.slug]),
        key=lambda user: f"meeting.reminder:{meeting.pk}:{occurrence_date}:{user.pk}",
    )
