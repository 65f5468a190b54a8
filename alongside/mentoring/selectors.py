"""Reads for mentoring pages: bounded queries, whatever the number of mentors."""

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from alongside.accounts.models import Block, Connection, User
from alongside.accounts.selectors import blocks_with
from alongside.mentoring import matching
from alongside.mentoring.cohort import Pairing, match_cohort
from alongside.mentoring.models import (
    CheckInCall,
    Goal,
    MenteePreferences,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    WellbeingCheck,
)
from alongside.recovery.counting import local_today
from alongside.recovery.selectors import member_today

NARROW_AFTER = timedelta(weeks=3)
WELLBEING_EVERY = timedelta(days=30)


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _default_preferences(user: User) -> MenteePreferences:
    pathways = user.profile.pathways if hasattr(user, "profile") else []
    return MenteePreferences(user=user, pathway=pathways[0] if pathways else "")


def preferences_of(user: User) -> MenteePreferences:
    """The member's preferences, or sensible ones from their profile if they never said."""
    found = MenteePreferences.objects.filter(user=user).first()
    return found if found is not None else _default_preferences(user)


def seeker_from(preferences: MenteePreferences, zone: str, monday: date) -> matching.Seeker:
    return matching.Seeker(
        pathway=preferences.pathway,
        languages=frozenset(preferences.languages),
        gender_preference=preferences.gender_preference,
        experiences=frozenset(preferences.experiences),
        help_with=frozenset(preferences.help_with),
        hours=matching.weekly_hours(preferences.availability, zone, monday),
    )


def _active_count() -> Coalesce:
    active = (
        Mentorship.objects.filter(mentor=OuterRef("user"), status=Mentorship.Status.ACTIVE)
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(active, output_field=IntegerField()), 0)


def listed_mentors(today: date) -> QuerySet[MentorProfile]:
    """Mentors accepting, not on a break, active, with room (their own cap and the hard one)."""
    return (
        MentorProfile.objects.filter(accepting=True, user__is_active=True)
        # A break lasts to the end of its day on the mentor's calendar, which may be a day
        # either side of `today`: the last two days are settled in `mentor_pool`.
        .filter(Q(paused_until__isnull=True) | Q(paused_until__lte=today + timedelta(days=1)))
        .annotate(active=_active_count())
        .filter(active__lt=F("capacity"))
        .filter(active__lt=settings.MENTOR_MAX_CAPACITY)
    )


def _candidate(row: dict, monday: date) -> matching.Candidate:
    return matching.Candidate(
        user_id=row["user_id"],
        pathways=frozenset(row["pathways"]),
        languages=frozenset(row["languages"]),
        gender=row["gender"],
        experiences=frozenset(row["experiences"]),
        help_with=frozenset(row["help_with"]),
        hours=matching.weekly_hours(row["availability"], row["user__timezone"], monday),
        free_places=min(row["capacity"], settings.MENTOR_MAX_CAPACITY) - row["active"],
        verified=row["verified_at"] is not None,
    )


CANDIDATE_FIELDS = (
    "user_id", "pathways", "languages", "gender", "experiences", "help_with", "availability",
    "capacity", "active", "verified_at", "user__timezone", "paused_until",
)  # fmt: skip


def _available(rows: Iterable[dict[str, Any]], now: datetime) -> Iterator[dict[str, Any]]:
    """Rows of mentors not on a break on their own calendar today."""
    for row in rows:
        paused = row["paused_until"]
        if paused is None or paused < local_today(row["user__timezone"], now):
            yield row


POOL_KEY = "mentoring:pool-version"
POOL_SECONDS = 300


def _pool_version() -> int:
    return int(cache.get_or_set(POOL_KEY, 1) or 1)


def refresh_pool() -> None:
    """Forget the cached pool of mentors with room. Actions call it when a profile, a break,
    a verification or a mentorship changes: now, and again once the change has committed,
    so no reader can cache the pool as it was in between."""

    def bump() -> None:
        try:
            cache.incr(POOL_KEY)
        except ValueError:
            cache.set(POOL_KEY, 2)

    bump()
    transaction.on_commit(bump)


@dataclass(eq=False)
class _LocalPool:
    """This process's copy of the shared pool, with the token it was stored under, the pool
    prepared for ranking and the best indices per seeker already ranked."""

    token: str
    candidates: list[matching.Candidate]
    prepared: matching.Prepared | None = None
    prepared_yet: bool = False
    ranked: dict[matching.Seeker, list[int]] = field(default_factory=dict)


# Reading 10,000 candidates back from Redis and unpickling them cost more than scoring them:
# each process keeps the pools it last read (one per day: members' todays differ by zone).
_local_pool: dict[str, _LocalPool] = {}
LOCAL_POOLS = 4
RANKED_SEEKERS = 512
RANKED_SPARE = 24  # ranked beyond the limit, for the viewer's own exclusions


def _local(today: date) -> _LocalPool:
    key = f"mentoring:pool:{_pool_version()}:{today.isoformat()}"
    token = cache.get(key + ":token")
    held = _local_pool.get(key)
    if token is not None and held is not None and held.token == token:
        return held
    pool = cache.get(key) if token is not None else None
    if pool is None:
        monday = week_of(today)
        rows = listed_mentors(today).values(*CANDIDATE_FIELDS)
        pool = [_candidate(row, monday) for row in _available(rows, timezone.now())]
        token = uuid.uuid4().hex
        cache.set_many({key: pool, key + ":token": token}, POOL_SECONDS)
    version = key.split(":")[2]
    for stale in [k for k in _local_pool if k.split(":")[2] != version or k == key]:
        del _local_pool[stale]
    while len(_local_pool) >= LOCAL_POOLS:
        del _local_pool[next(iter(_local_pool))]
    local = _local_pool[key] = _LocalPool(str(token), pool)
    return local


def mentor_pool(today: date) -> list[matching.Candidate]:
    """Every mentor anyone could ask today (accepting, not on a break, with room), as the score
    sees them. The same for every mentee, so it is cached: ranking 10,000 mentors then costs
    only the scoring. Each process keeps the pool it last read and checks a small token in
    the shared cache, so a change anywhere (refresh_pool, expiry, a cleared cache) is seen."""
    return _local(today).candidates


def excluded_mentors(viewer: User) -> set[int]:
    """Mentors `viewer` can't be shown: themselves, anyone on either side of a block with
    them, and their current mentors (one query)."""
    blocked = Block.objects.filter(blocker=viewer).values_list("blocked_id")
    blockers = Block.objects.filter(blocked=viewer).values_list("blocker_id")
    mentors = Mentorship.objects.filter(mentee=viewer, status=Mentorship.Status.ACTIVE).values_list(
        "mentor_id"
    )
    return {viewer.pk, *(row[0] for row in blocked.union(blockers, mentors, all=True))}


def candidates_for(viewer: User, today: date) -> list[matching.Candidate]:
    """Every mentor `viewer` could ask now: the pool, minus `excluded_mentors`."""
    excluded = excluded_mentors(viewer)
    return [c for c in mentor_pool(today) if c.user_id not in excluded]


def _best(
    seeker: matching.Seeker, today: date, excluded: set[int], limit: int
) -> list[tuple[matching.Candidate, matching.Match]]:
    """`matching.top(seeker, candidates, limit)` for the pool minus `excluded`. Rankings are
    the same for everyone with the same preferences (most members never set any), so each
    process keeps the best few per seeker for the pool it holds."""
    local = _local(today)
    if not local.prepared_yet:
        local.prepared, local.prepared_yet = matching.prepare(local.candidates), True
    pool, prepared = local.candidates, local.prepared
    if prepared is None:
        return matching.top(seeker, (c for c in pool if c.user_id not in excluded), limit)
    wanted = max(limit, 8) + RANKED_SPARE
    ranked = local.ranked.get(seeker)
    if ranked is None or len(ranked) < min(wanted, len(pool)):
        ranked = matching.best(seeker, prepared, wanted)
        if len(local.ranked) >= RANKED_SEEKERS:
            local.ranked.clear()
        local.ranked[seeker] = ranked
    chosen = [pool[i] for i in ranked if pool[i].user_id not in excluded][:limit]
    if len(chosen) < limit and len(ranked) < len(pool):  # more exclusions than spares
        more = matching.best(seeker, prepared, limit + len(excluded))
        chosen = [pool[i] for i in more if pool[i].user_id not in excluded][:limit]
    return [(candidate, matching.score(seeker, candidate)) for candidate in chosen]


@dataclass(frozen=True)
class Recommendation:
    profile: MentorProfile
    match: matching.Match
    requested: bool


def recommendations(
    viewer: User, *, limit: int = 8, preferences: MenteePreferences | None = None
) -> list[Recommendation]:
    today = member_today(viewer)
    preferences = preferences or preferences_of(viewer)
    seeker = seeker_from(preferences, viewer.timezone, week_of(today))
    ranked = _best(seeker, today, excluded_mentors(viewer), limit)
    ids = [candidate.user_id for candidate, _match in ranked]
    open_request = MentorshipRequest.objects.filter(
        mentee=viewer, mentor=OuterRef("user_id"), status=MentorshipRequest.Status.OPEN
    )
    profiles = {
        profile.user_id: profile
        for profile in MentorProfile.objects.filter(user_id__in=ids)
        .select_related("user")
        .annotate(requested=Exists(open_request))
    }
    return [
        Recommendation(profiles[c.user_id], m, profiles[c.user_id].requested)
        for c, m in ranked
        if c.user_id in profiles
    ]


@dataclass(frozen=True)
class FinderPage:
    preferences: MenteePreferences
    has_preferences: bool
    recommendations: list[Recommendation]
    is_mentor: bool


def finder_page(user: User) -> FinderPage:
    """The mentor finder: the member's preferences, profile and mentor profile in one query,
    then the recommendations (two more, whatever the number of mentors)."""
    me = (
        User.objects.select_related("profile", "mentee_preferences", "mentor_profile")
        .filter(pk=user.pk)
        .first()
    ) or user
    saved = getattr(me, "mentee_preferences", None)
    preferences = saved if saved is not None else _default_preferences(me)
    return FinderPage(
        preferences=preferences,
        has_preferences=saved is not None,
        recommendations=recommendations(me, preferences=preferences),
        is_mentor=getattr(me, "mentor_profile", None) is not None,
    )


def match_for(viewer: User, profile: MentorProfile) -> matching.Match:
    today = member_today(viewer)
    monday = week_of(today)
    seeker = seeker_from(preferences_of(viewer), viewer.timezone, monday)
    row = (
        MentorProfile.objects.filter(pk=profile.pk)
        .annotate(active=_active_count())
        .values(*CANDIDATE_FIELDS)
        .get()
    )
    return matching.score(seeker, _candidate(row, monday))


# The mentoring page


@dataclass(frozen=True)
class Dashboard:
    mentor_profile: MentorProfile | None
    as_mentee: list[Mentorship]
    as_mentor: list[Mentorship]
    requests_sent: list[MentorshipRequest]
    requests_received: list[MentorshipRequest]
    ended: list[Mentorship]
    wellbeing_due: bool
    narrow_network: bool
    active_mentees: int


def _visible_pair(viewer: User, field: str) -> Exists:
    return Exists(blocks_with(viewer, field))


def dashboard(user: User) -> Dashboard:
    mentorships = list(
        Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user))
        .exclude(Q(mentor=user) & _visible_pair(user, "mentee_id"))
        .exclude(Q(mentee=user) & _visible_pair(user, "mentor_id"))
        .select_related("mentor__profile", "mentee__profile", "mentor__mentor_profile")
        .order_by("-started_at")[:30]
    )
    active = [m for m in mentorships if m.is_active]
    requests = list(
        MentorshipRequest.objects.filter(Q(mentor=user) | Q(mentee=user))
        .exclude(_visible_pair(user, "mentor_id"))
        .exclude(_visible_pair(user, "mentee_id"))
        .filter(
            Q(status=MentorshipRequest.Status.OPEN)
            | Q(created_at__gte=timezone.now() - timedelta(days=30))
        )
        .select_related("mentor__profile", "mentee__profile")
        .order_by("-created_at")[:30]
    )
    profile = MentorProfile.objects.filter(user=user).first()
    as_mentee = [m for m in active if m.mentee_id == user.pk]
    return Dashboard(
        mentor_profile=profile,
        as_mentee=as_mentee,
        as_mentor=[m for m in active if m.mentor_id == user.pk],
        requests_sent=[r for r in requests if r.mentee_id == user.pk],
        requests_received=[
            r
            for r in requests
            if r.mentor_id == user.pk and r.status == MentorshipRequest.Status.OPEN
        ],
        ended=[m for m in mentorships if not m.is_active][:5],
        wellbeing_due=profile is not None and wellbeing_due(user),
        narrow_network=bool(as_mentee) and network_is_narrow(user, as_mentee),
        active_mentees=sum(1 for m in active if m.mentor_id == user.pk),
    )


def wellbeing_due(mentor: User, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    last = WellbeingCheck.objects.filter(mentor=mentor).order_by("-taken_on").first()
    return last is None or last.taken_on <= (now - WELLBEING_EVERY).date()


def latest_wellbeing(mentor: User) -> WellbeingCheck | None:
    return WellbeingCheck.objects.filter(mentor=mentor).order_by("-taken_on", "-id").first()


def network_is_narrow(
    mentee: User, mentorships: list[Mentorship], now: datetime | None = None
) -> bool:
    """A mentee whose whole support network has been one mentor for three weeks or more:
    no groups, no meetings, no other connections."""
    from alongside.groups.models import Membership
    from alongside.meetings.models import RSVP

    now = now or timezone.now()
    if not any(m.started_at <= now - NARROW_AFTER for m in mentorships):
        return False
    mentor_ids = {m.mentor_id for m in mentorships}
    other_connections = (
        Connection.objects.filter(
            Q(requester=mentee) | Q(addressee=mentee), status=Connection.Status.ACCEPTED
        )
        .exclude(requester_id__in=mentor_ids)
        .exclude(addressee_id__in=mentor_ids)
    )
    return not (
        other_connections.exists()
        or Membership.objects.filter(user=mentee).exists()
        or RSVP.objects.filter(user=mentee).exists()
    )


# One mentorship


@dataclass(frozen=True)
class MentorshipPage:
    upcoming: list[CheckInCall]
    past: list[CheckInCall]
    goals: list[Goal]
    mentor_paused_until: date | None
    pause_note: str
    shares_trends: bool


def mentorship_page(mentorship: Mentorship) -> MentorshipPage:
    from alongside.recovery.selectors import shares_trends_with_mentor

    now = timezone.now()
    calls = list(mentorship.check_ins.order_by("-scheduled_for")[:40])
    profile = MentorProfile.objects.filter(user_id=mentorship.mentor_id).first()
    today = member_today(mentorship.mentor)
    return MentorshipPage(
        upcoming=sorted(
            (
                c
                for c in calls
                if c.status == CheckInCall.Status.SCHEDULED and c.scheduled_for > now
            ),
            key=lambda c: c.scheduled_for,
        ),
        past=[
            c
            for c in calls
            if not (c.status == CheckInCall.Status.SCHEDULED and c.scheduled_for > now)
        ],
        goals=list(mentorship.goals.order_by("done_at", "id")),
        mentor_paused_until=(
            profile.paused_until if profile is not None and profile.is_paused(today) else None
        ),
        pause_note=profile.pause_note if profile is not None and profile.is_paused(today) else "",
        shares_trends=mentorship.is_active and shares_trends_with_mentor(mentorship.mentee),
    )


def mentors_of(mentee: User) -> list[User]:
    return [
        m.mentor
        for m in Mentorship.objects.filter(mentee=mentee, status=Mentorship.Status.ACTIVE)
        .select_related("mentor")
        .order_by("pk")
    ]


# Staff: aggregates only, and cohort matching


@dataclass(frozen=True)
class MentorLoad:
    mentors: int
    accepting: int
    paused: int
    at_capacity: int
    active_mentorships: int
    places: int
    open_requests: int
    wellbeing_worrying: int  # mentors whose latest self-check was worrying, counted only


def mentor_load(today: date | None = None) -> MentorLoad:
    today = today or timezone.localdate()
    rows = list(
        MentorProfile.objects.annotate(active=_active_count()).values(
            "accepting", "paused_until", "capacity", "active", "user_id"
        )
    )
    latest = {}
    for check in WellbeingCheck.objects.filter(taken_on__gte=today - timedelta(days=60)).order_by(
        "mentor_id", "taken_on"
    ):
        latest[check.mentor_id] = check
    paused = sum(1 for r in rows if r["paused_until"] and r["paused_until"] >= today)
    return MentorLoad(
        mentors=len(rows),
        accepting=sum(1 for r in rows if r["accepting"]),
        paused=paused,
        at_capacity=sum(1 for r in rows if r["active"] >= r["capacity"]),
        active_mentorships=sum(r["active"] for r in rows),
        places=sum(max(r["capacity"] - r["active"], 0) for r in rows),
        open_requests=MentorshipRequest.objects.filter(
            status=MentorshipRequest.Status.OPEN
        ).count(),
        wellbeing_worrying=sum(1 for c in latest.values() if c.worrying),
    )


def cohort_mentees(joined_within_days: int) -> QuerySet[User]:
    """Members who asked for an introduction, have no mentor and no request waiting."""
    since = timezone.now() - timedelta(days=joined_within_days)
    return (
        User.objects.filter(
            is_active=True,
            date_joined__gte=since,
            mentee_preferences__open_to_introductions=True,
        )
        .exclude(
            Exists(
                Mentorship.objects.filter(mentee=OuterRef("pk"), status=Mentorship.Status.ACTIVE)
            )
        )
        .exclude(
            Exists(
                MentorshipRequest.objects.filter(
                    mentee=OuterRef("pk"), status=MentorshipRequest.Status.OPEN
                )
            )
        )
        .select_related("mentee_preferences")
        .order_by("pk")
    )


@dataclass(frozen=True)
class CohortPreview:
    pairings: list[Pairing]
    unmatched: list[User]
    people: dict[int, User]


def cohort_preview(joined_within_days: int, today: date | None = None) -> CohortPreview:
    today = today or timezone.localdate()
    monday = week_of(today)
    mentees = list(cohort_mentees(joined_within_days)[:500])
    seekers = {m.pk: seeker_from(m.mentee_preferences, m.timezone, monday) for m in mentees}
    candidates = mentor_pool(today)
    mentor_ids = {c.user_id for c in candidates}
    blocks = Block.objects.filter(
        Q(blocker_id__in=seekers, blocked_id__in=mentor_ids)
        | Q(blocker_id__in=mentor_ids, blocked_id__in=seekers)
    ).values_list("blocker_id", "blocked_id")
    forbidden = {(a, b) for a, b in blocks} | {(b, a) for a, b in blocks}
    pairings = match_cohort(seekers, candidates, forbidden)
    matched = {p.mentee_id for p in pairings}
    people = User.objects.in_bulk([*seekers, *(p.mentor_id for p in pairings)])
    return CohortPreview(
        pairings=pairings,
        unmatched=[m for m in mentees if m.pk not in matched],
        people=people,
    )
