from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from alongside.accounts.models import Connection, User, Visibility
from alongside.accounts.selectors import blocks_with
from alongside.core.prepared import prepared
from alongside.recovery import counting
from alongside.recovery.models import (
    CheckIn,
    Congratulation,
    Journey,
    Milestone,
    RecoveryCapital,
    Setback,
    TrendSharing,
)


@dataclass(frozen=True)
class JourneySummary:
    journey: Journey
    days: int
    days_last_year: int
    longest: int
    next_milestone: counting.MilestoneKind
    days_to_next: int
    milestones: list[Milestone]
    setbacks: list[Setback]

    @property
    def had_setbacks(self) -> bool:
        return bool(self.setbacks)


def summarize(journey: Journey, today: date) -> JourneySummary:
    """Counts for one journey; expects `setbacks` and `milestones` prefetched."""
    setbacks = sorted(journey.setbacks.all(), key=lambda s: (s.new_start, s.pk))
    starts = [s.previous_start for s in setbacks] + [journey.start_date]
    parts = counting.stretches(starts, today)
    upcoming = counting.next_milestone(journey.start_date, today)
    milestones = sorted(
        (m for m in journey.milestones.all() if m.stretch_start == journey.start_date),
        key=lambda m: m.reached_on,
    )
    return JourneySummary(
        journey=journey,
        days=counting.days_since(journey.start_date, today),
        days_last_year=counting.days_in_last_year(parts, today),
        longest=counting.longest_stretch(parts),
        next_milestone=upcoming,
        days_to_next=(upcoming.reached_on(journey.start_date) - today).days,
        milestones=milestones,
        setbacks=setbacks,
    )


def _journeys() -> QuerySet[Journey]:
    return Journey.objects.prefetch_related(
        Prefetch("setbacks", queryset=Setback.objects.order_by("new_start", "pk")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("reached_on")),
    ).order_by("id")


def member_today(user: User, now: datetime | None = None) -> date:
    return counting.local_today(user.timezone, now or timezone.now())


def journeys_of(user: User, now: datetime | None = None) -> list[JourneySummary]:
    today = member_today(user, now)
    return [summarize(journey, today) for journey in _journeys().filter(user=user)]


@dataclass(frozen=True)
class JourneyCount:
    journey: Journey
    days: int


@prepared
def _journeys_to_count(*, user: User, today: date) -> QuerySet[Journey, Any]:
    fields = ("id", "substance", "substance_other", "start_date")
    return Journey.objects.filter(user=user).order_by("id").values(*fields)


def journey_counts(user: User, today: date) -> list[JourneyCount]:
    """Each journey's days, for the home page: no setbacks or milestones needed. One query,
    its SQL built once per process (core.prepared)."""
    return [
        JourneyCount(Journey(**row), counting.days_since(row["start_date"], today))
        for row in _journeys_to_count.rows(user=user)
    ]


def shared_journeys(viewer: User, member: User, *, is_connected: bool) -> list[JourneySummary]:
    """What `viewer` may see of `member`'s journeys (the caller already checked blocks)."""
    if viewer.pk == member.pk:
        levels = list(Visibility.values)
    elif is_connected:
        levels = [Visibility.CONNECTIONS, Visibility.MEMBERS]
    else:
        levels = [Visibility.MEMBERS]
    today = member_today(member)
    return [summarize(j, today) for j in _journeys().filter(user=member, sharing__in=levels)]


def celebrations_for(viewer: User, *, days: int = 14, limit: int = 10) -> list[Milestone]:
    """Recent milestones of the viewer's connections who chose to share them."""
    accepted = Connection.objects.filter(status=Connection.Status.ACCEPTED)
    friends = Q(journey__user__in=accepted.filter(requester=viewer).values("addressee_id")) | Q(
        journey__user__in=accepted.filter(addressee=viewer).values("requester_id")
    )
    blocked = blocks_with(viewer, "journey__user_id")
    mine = Congratulation.objects.filter(milestone=OuterRef("pk"), sender=viewer)
    since = timezone.now().date() - timedelta(days=days)
    return list(
        Milestone.objects.filter(
            friends,
            celebrated=True,
            reached_on__gte=since,
            journey__sharing__in=[Visibility.CONNECTIONS, Visibility.MEMBERS],
        )
        .exclude(Exists(blocked))
        .annotate(congratulated=Exists(mine))
        .select_related("journey__user")
        .order_by("-reached_on", "-id")[:limit]
    )


def congratulations_received(user: User, *, days: int = 30) -> list[Congratulation]:
    """Who cheered the member on lately (shown to the member only)."""
    blocked = blocks_with(user, "sender_id")
    since = timezone.now() - timedelta(days=days)
    return list(
        Congratulation.objects.filter(milestone__journey__user=user, created_at__gte=since)
        .exclude(Exists(blocked))
        .select_related("sender", "milestone")
        .order_by("-created_at")[:20]
    )


def check_in_on(user: User, day: date) -> CheckIn | None:
    return CheckIn.objects.filter(user=user, day=day).first()


def check_ins_between(user: User, start: date, end: date) -> list[CheckIn]:
    return list(CheckIn.objects.filter(user=user, day__gte=start, day__lte=end).order_by("day"))


def assessments(user: User) -> list[RecoveryCapital]:
    return list(RecoveryCapital.objects.filter(user=user).order_by("-taken_on", "-id"))


def shares_trends_with_mentor(user: User) -> bool:
    return TrendSharing.objects.filter(user=user, with_mentor=True).exists()
