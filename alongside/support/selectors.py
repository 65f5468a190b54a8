"""Reads for support now: a request's status, the roster's coverage and the crisis queue."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from alongside.accounts.models import User
from alongside.mentoring.choices import Day
from alongside.mentoring.matching import weekly_hours
from alongside.mentoring.selectors import week_of
from alongside.support.models import OnCallVolunteer, SupportRecipient, SupportRequest


def groups_of(user: User) -> list[tuple[int, str]]:
    from alongside.groups.models import Membership

    return list(
        Membership.objects.filter(user=user)
        .order_by("group__name")
        .values_list("group_id", "group__name")
    )


def has_mentor(user: User) -> bool:
    from alongside.mentoring.models import Mentorship

    return Mentorship.objects.filter(mentee=user, status=Mentorship.Status.ACTIVE).exists()


def open_requests_of(user: User) -> list[SupportRequest]:
    return list(
        SupportRequest.objects.filter(requester=user, status=SupportRequest.Status.OPEN).order_by(
            "-created_at"
        )[:3]
    )


@dataclass(frozen=True)
class RequestStatus:
    alerted: int
    responders: list[User]
    widened: bool
    lines_again: bool


def request_status(request: SupportRequest) -> RequestStatus:
    rows = list(request.recipients.select_related("user").order_by("responded_at", "pk"))
    return RequestStatus(
        alerted=len(rows),
        responders=[r.user for r in rows if r.responded_at is not None],
        widened=request.widened_at is not None,
        lines_again=request.lines_reshown_at is not None,
    )


def volunteer_of(user: User) -> OnCallVolunteer | None:
    return OnCallVolunteer.objects.filter(user=user).first()


@dataclass(frozen=True)
class Roster:
    zone: str
    days: list[tuple[str, list[int]]]  # (day label, volunteers on call for each local hour)
    gaps: int  # hours of the week nobody covers
    volunteers: int
    pending: list[OnCallVolunteer]


def roster(now: datetime | None = None) -> Roster:
    """How many peers are on call in each hour of the week, in the organisation's time zone;
    counts only (who is on call when stays with each volunteer)."""
    now = now or timezone.now()
    zone = ZoneInfo(settings.TIME_ZONE)
    monday = week_of(now.astimezone(zone).date())
    counts = [0] * (7 * 24)
    volunteers = OnCallVolunteer.objects.filter(
        active=True, approved_at__isnull=False, user__is_active=True
    ).values_list("slots", "user__timezone")
    total = 0
    for slots, user_zone in volunteers:
        total += 1
        mask = weekly_hours(slots, user_zone, monday)
        for hour in range(7 * 24):
            if mask >> hour & 1:
                counts[hour] += 1
    # Shift UTC hours of the week to the organisation's local hours.
    start = datetime.combine(monday, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    offset = start.weekday() * 24 + start.hour
    local = [counts[(hour + offset) % (7 * 24)] for hour in range(7 * 24)]
    labels = [str(label) for label in Day.labels]
    return Roster(
        zone=settings.TIME_ZONE,
        days=[(labels[d], local[d * 24 : (d + 1) * 24]) for d in range(7)],
        gaps=sum(1 for n in local if n == 0),
        volunteers=total,
        pending=list(
            OnCallVolunteer.objects.filter(active=True, approved_at__isnull=True)
            .select_related("user")
            .order_by("created_at")[:50]
        ),
    )


def recent_alerts(user: User) -> list[SupportRecipient]:
    since = timezone.now() - timedelta(hours=6)
    return list(
        SupportRecipient.objects.filter(
            user=user, alerted_at__gte=since, request__status=SupportRequest.Status.OPEN
        )
        .select_related("request__requester")
        .order_by("-alerted_at")[:5]
    )
