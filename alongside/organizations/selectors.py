"""Reads for the alumni program: the aggregate dashboard (a fixed handful of queries whatever
the number of members), the outreach list (one query) and alumni's home feed."""

import statistics
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.meetings.models import Attendance
from alongside.mentoring.models import MentorProfile, Mentorship
from alongside.mentoring.selectors import _active_count
from alongside.organizations.models import (
    Announcement,
    CheckOnMe,
    Cohort,
    CohortMembership,
    Organization,
    OrganizationStaff,
    OutreachNote,
)
from alongside.organizations.suppression import Figure, suppress
from alongside.recovery.models import CheckIn
from alongside.support.models import SupportRecipient, SupportRequest

MONTHS = 6
HIGH_CRAVING = 7
SIGNAL_DAYS = 7


def measures() -> list[tuple[str, str]]:
    return [
        ("active", _("Active members")),
        ("check_ins", _("Check-ins")),
        ("attended", _("Meetings attended")),
        ("mentorships", _("Active mentorships")),
        ("requests", _("Support-now requests")),
        ("answered", _("Requests answered")),
        ("response_minutes", _("Median time to first response")),
    ]


def load_measures() -> list[tuple[str, str]]:
    return [
        ("members", _("Members")),
        ("mentors", _("Mentors")),
        ("mentees", _("Mentees of those mentors")),
        ("places", _("Free mentoring places")),
        ("at_capacity", _("Mentors at their capacity")),
    ]


@dataclass
class MonthRow:
    cohort: Cohort
    month: date
    figures: dict[str, Figure]

    @property
    def label(self) -> str:
        return date_format(self.month, "YEAR_MONTH_FORMAT")


@dataclass
class Dashboard:
    months: list[date]
    cohorts: list[Cohort]
    rows: list[MonthRow]
    load: dict[int, dict[str, Figure]] = field(default_factory=dict)

    def rows_of(self, cohort: Cohort) -> list[MonthRow]:
        return [row for row in self.rows if row.cohort.pk == cohort.pk]


def month_starts(today: date, count: int = MONTHS) -> list[date]:
    first = today.replace(day=1)
    months = [first]
    for _i in range(count - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def _month(value: date | datetime, zone: zoneinfo.ZoneInfo) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value, zone).date()
    return value.replace(day=1)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def dashboard(organization: Organization, *, now: datetime | None = None) -> Dashboard:
    """Engagement by cohort and month. Person-level rows stay inside this function: what
    leaves it is counts, each through `suppress`."""
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(organization.timezone)
    months = month_starts(timezone.localtime(now, zone).date())
    since = months[0]
    since_at = datetime.combine(since, datetime.min.time(), tzinfo=zone)
    cohorts: list[Cohort] = list(
        Cohort.objects.filter(organization=organization).annotate(size=Count("memberships"))
    )
    in_org = {"user__cohort_memberships__organization": organization}
    cohort_of = "user__cohort_memberships__cohort_id"

    active: dict[tuple[int, date], set[int]] = defaultdict(set)
    counts: dict[tuple[int, date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cohort_id, user_id, month, n in (
        CheckIn.objects.filter(day__gte=since, **in_org)
        .annotate(month=TruncMonth("day"))
        .values_list(cohort_of, "user_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        active[cohort_id, _month(month, zone)].add(user_id)
        counts[cohort_id, _month(month, zone)]["check_ins"] += n
    for cohort_id, user_id, month, n in (
        Attendance.objects.filter(occurrence_date__gte=since, confirmed_at__isnull=False, **in_org)
        .annotate(month=TruncMonth("occurrence_date"))
        .values_list(cohort_of, "user_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        active[cohort_id, _month(month, zone)].add(user_id)
        counts[cohort_id, _month(month, zone)]["attended"] += n
    for cohort_id, user_id, last_login in CohortMembership.objects.filter(
        organization=organization, user__last_login__gte=since_at
    ).values_list("cohort_id", "user_id", "user__last_login"):
        if last_login is not None:
            active[cohort_id, _month(last_login, zone)].add(user_id)

    for cohort_id, started, ended in Mentorship.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=since_at),
        mentee__cohort_memberships__organization=organization,
    ).values_list("mentee__cohort_memberships__cohort_id", "started_at", "ended_at"):
        for month in months:
            start = datetime.combine(month, datetime.min.time(), tzinfo=zone)
            end = datetime.combine(_next_month(month), datetime.min.time(), tzinfo=zone)
            if started < end and (ended is None or ended >= start):
                counts[cohort_id, month]["mentorships"] += 1

    waits: dict[tuple[int, date], list[float]] = defaultdict(list)
    for cohort_id, created, first in (
        SupportRequest.objects.filter(
            requester__cohort_memberships__organization=organization, created_at__gte=since_at
        )
        .annotate(first=Min("recipients__responded_at"))
        .values_list("requester__cohort_memberships__cohort_id", "created_at", "first")
    ):
        key = (cohort_id, _month(created, zone))
        counts[key]["requests"] += 1
        if first is not None:
            counts[key]["answered"] += 1
            waits[key].append((first - created).total_seconds() / 60)

    rows = []
    for cohort in cohorts:
        for month in reversed(months):
            key = (cohort.pk, month)
            figures = {
                name: suppress(counts[key][name])
                for name in ("check_ins", "attended", "mentorships", "requests", "answered")
            }
            figures["active"] = suppress(len(active[key]))
            answered = counts[key]["answered"]
            median = round(statistics.median(waits[key]), 1) if waits[key] else None
            figures["response_minutes"] = suppress(answered, shown=median, unit=_("min"))
            rows.append(MonthRow(cohort, month, figures))
    return Dashboard(months=months, cohorts=cohorts, rows=rows, load=_load(organization, cohorts))


def _load(organization: Organization, cohorts: list[Cohort]) -> dict[int, dict[str, Figure]]:
    """Mentor load of each cohort's mentors, now (mentoring.selectors.mentor_load's figures,
    for this organisation only)."""
    today = timezone.localdate()
    raw: dict[int, dict[str, int]] = {c.pk: defaultdict(int) for c in cohorts}
    for cohort_id, capacity, mentees in (
        MentorProfile.objects.filter(user__cohort_memberships__organization=organization)
        .exclude(paused_until__gte=today)
        .annotate(active=_active_count())
        .values_list("user__cohort_memberships__cohort_id", "capacity", "active")
    ):
        tally = raw[cohort_id]
        tally["mentors"] += 1
        tally["mentees"] += mentees
        tally["places"] += max(capacity - mentees, 0)
        tally["at_capacity"] += int(mentees >= capacity)
    load: dict[int, dict[str, Figure]] = {}
    for cohort in cohorts:
        figures: dict[str, Figure] = {name: suppress(n) for name, n in raw[cohort.pk].items()}
        for name, _label in load_measures():
            figures.setdefault(name, suppress(0))
        figures["members"] = suppress(getattr(cohort, "size", 0))
        load[cohort.pk] = figures
    return load


def csv_rows(board: Dashboard) -> list[list[str]]:
    """The dashboard's figures in long form: cohort, month, measure, value."""
    rows = [[_("Cohort"), _("Month"), _("Measure"), _("Value")]]
    for row in board.rows:
        for name, label in measures():
            rows.append(
                [row.cohort.name, row.month.strftime("%Y-%m"), label, row.figures[name].display]
            )
    for cohort in board.cohorts:
        for name, label in load_measures():
            rows.append([cohort.name, _("now"), label, board.load[cohort.pk][name].display])
    return rows


# --- Consented outreach ---------------------------------------------------------------


@dataclass(frozen=True)
class Signals:
    """What staff can see about one member who asked to be checked on: only the signals the
    member chose, each a yes/no (never a date, a score or a note of theirs)."""

    consent: CheckOnMe
    quiet: bool
    craving: bool
    unanswered: bool
    last_outreach: datetime | None

    @property
    def any(self) -> bool:
        return self.quiet or self.craving or self.unanswered

    def describe(self) -> list[str]:
        words = []
        if self.quiet:
            words.append(
                _("Hasn't checked in for more than %(n)d days") % {"n": self.consent.quiet_days}
            )
        if self.craving:
            words.append(_("A check-in with a high craving in the last 7 days"))
        if self.unanswered:
            words.append(_("A support-now request in the last 7 days that nobody answered"))
        return words


def _consents(organization: Organization, now: datetime) -> QuerySet[CheckOnMe]:
    """Each signal is computed in the database only for members who chose it."""
    week_ago = now - timedelta(days=SIGNAL_DAYS)
    responded = SupportRecipient.objects.filter(request=OuterRef("pk"), responded_at__isnull=False)
    unanswered = (
        SupportRequest.objects.filter(requester=OuterRef("user"), created_at__gte=week_ago)
        .filter(Q(status=SupportRequest.Status.CLOSED) | Q(lines_reshown_at__isnull=False))
        .exclude(Exists(responded))
    )
    craving = CheckIn.objects.filter(
        user=OuterRef("user"),
        day__gte=(now - timedelta(days=SIGNAL_DAYS)).date(),
        craving__gte=HIGH_CRAVING,
    )
    last_day = (
        CheckIn.objects.filter(user=OuterRef("user"))
        .order_by()
        .values("user")
        .annotate(d=Max("day"))
    )
    notes = OutreachNote.objects.filter(
        organization=organization, member=OuterRef("user")
    ).order_by("-created_at")
    return (
        CheckOnMe.objects.filter(
            organization=organization,
            user__is_active=True,
            user__cohort_memberships__organization=organization,
        )
        .select_related("user")
        .annotate(
            cohort_name=Subquery(
                CohortMembership.objects.filter(
                    organization=organization, user=OuterRef("user")
                ).values("cohort__name")[:1]
            ),
            last_day=Case(
                When(when_quiet=True, then=Subquery(last_day.values("d"))),
                default=Value(None),
                output_field=DateField(),
            ),
            high_craving=Case(
                When(when_craving=True, then=Exists(craving)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            went_unanswered=Case(
                When(when_unanswered=True, then=Exists(unanswered)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            last_outreach=Subquery(notes.values("created_at")[:1]),
        )
    )


def _signals(consent: CheckOnMe, now: datetime) -> Signals:
    today = timezone.localtime(now, zoneinfo.ZoneInfo(consent.user.timezone)).date()
    quiet = False
    if consent.when_quiet:
        since = (
            getattr(consent, "last_day", None)
            or timezone.localtime(
                consent.created_at, zoneinfo.ZoneInfo(consent.user.timezone)
            ).date()
        )
        quiet = (today - since).days > consent.quiet_days
    return Signals(
        consent=consent,
        quiet=quiet,
        craving=consent.when_craving and bool(getattr(consent, "high_craving", False)),
        unanswered=consent.when_unanswered and bool(getattr(consent, "went_unanswered", False)),
        last_outreach=getattr(consent, "last_outreach", None),
    )


def outreach_list(organization: Organization, *, now: datetime | None = None) -> list[Signals]:
    """Members who asked to be checked on and have a signal they chose, longest-waiting first."""
    now = now or timezone.now()
    found = [_signals(consent, now) for consent in _consents(organization, now)[:500]]
    return sorted(
        (s for s in found if s.any),
        key=lambda s: (s.last_outreach is not None, s.last_outreach or now, s.consent.user.handle),
    )


def signals_for(
    organization: Organization, user: User, *, now: datetime | None = None
) -> Signals | None:
    """What staff see about `user` right now (their own check-on-me page shows exactly this)."""
    now = now or timezone.now()
    consent = _consents(organization, now).filter(user=user).first()
    return _signals(consent, now) if consent else None


def outreach_notes(organization: Organization, user: User) -> list[OutreachNote]:
    return list(
        OutreachNote.objects.filter(organization=organization, member=user).select_related(
            "author"
        )[:50]
    )


# --- Alumni's home page ---------------------------------------------------------------


@dataclass(frozen=True)
class HomeOrganization:
    name: str
    slug: str
    staff_role: str | None
    cohort_id: int | None


@dataclass(frozen=True)
class HomeNews:
    organization: str
    kind: str
    title: str
    body: str
    starts_at: datetime | None
    location: str
    published_at: datetime
    meeting_slug: str | None
    meeting_name: str | None


@dataclass(frozen=True)
class AlumniHome:
    organizations: list[HomeOrganization]
    news: list[HomeNews]

    @property
    def alumni_of(self) -> list[HomeOrganization]:
        return [org for org in self.organizations if org.cohort_id]

    @property
    def staff_of(self) -> list[HomeOrganization]:
        return [org for org in self.organizations if org.staff_role]


def feed_for(user: User, *, now: datetime) -> QuerySet[Announcement]:
    """Recent news and upcoming events of the organisations whose cohorts `user` is in."""
    memberships = CohortMembership.objects.filter(user=user)
    return (
        Announcement.objects.filter(
            Q(cohort__isnull=True) | Q(cohort_id__in=memberships.values("cohort_id")),
            organization_id__in=memberships.values("organization_id"),
            published_at__lte=now,
            published_at__gte=now - timedelta(days=60),
        )
        .exclude(kind=Announcement.Kind.EVENT, starts_at__lt=now - timedelta(hours=6))
        .order_by("-published_at")
    )


def alumni_home(user: User, *, now: datetime | None = None) -> AlumniHome:
    """The organisations `user` is staff of or an alumnus of (five at most, by name), and their
    five latest pieces of news for alumni. One query, as the home page runs it: a UNION ALL of
    the news and the organisations, every row with the same columns (each part's NULLs in
    the other's)."""
    now = now or timezone.now()
    staff = OrganizationStaff.objects.filter(user=user, organization=OuterRef("pk"))
    alumni = CohortMembership.objects.filter(user=user, organization=OuterRef("pk"))
    mine = Organization.objects.filter(Exists(staff) | Exists(alumni)).order_by("name")
    text, number, moment = CharField(), IntegerField(), DateTimeField()
    news = (
        Announcement.objects.filter(pk__in=feed_for(user, now=now).values("pk")[:5])
        .order_by()
        .values(
            org_name=F("organization__name"),
            org_slug=F("organization__slug"),
            staff_role=Value(None, text),
            cohort_of=Value(None, number),
            news_kind=F("kind"),
            news_title=F("title"),
            news_body=F("body"),
            news_starts_at=F("starts_at"),
            news_location=F("location"),
            news_published_at=F("published_at"),
            meeting_slug=F("meeting__slug"),
            meeting_name=F("meeting__name"),
        )
    )
    organizations = (
        Organization.objects.filter(pk__in=mine.values("pk")[:5])
        .order_by()
        .values(
            org_name=F("name"),
            org_slug=F("slug"),
            staff_role=Subquery(staff.values("role")[:1]),
            cohort_of=Subquery(alumni.values("cohort_id")[:1]),
            news_kind=Value(None, text),
            news_title=Value(None, text),
            news_body=Value(None, text),
            news_starts_at=Value(None, moment),
            news_location=Value(None, text),
            news_published_at=Value(None, moment),
            meeting_slug=Value(None, text),
            meeting_name=Value(None, text),
        )
    )
    found_organizations: list[HomeOrganization] = []
    found_news: list[HomeNews] = []
    for row in news.union(organizations, all=True).order_by("org_name"):
        if row["news_title"] is None:
            found_organizations.append(
                HomeOrganization(
                    row["org_name"], row["org_slug"], row["staff_role"], row["cohort_of"]
                )
            )
        else:
            found_news.append(
                HomeNews(
                    organization=row["org_name"],
                    kind=row["news_kind"],
                    title=row["news_title"],
                    body=row["news_body"],
                    starts_at=row["news_starts_at"],
                    location=row["news_location"],
                    published_at=row["news_published_at"],
                    meeting_slug=row["meeting_slug"],
                    meeting_name=row["meeting_name"],
                )
            )
    found_news.sort(key=lambda item: item.published_at, reverse=True)
    return AlumniHome(found_organizations, found_news)
