"""Day counts and milestones, in the member's own calendar.

A start date is a date on the member's calendar, so counts are whole calendar days between two
local dates: they change at the member's midnight, never at UTC's, and a DST day or a leap day
is one day like any other.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


def local_today(zone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


def days_since(start: date, today: date) -> int:
    """Whole days from the start date to today: 0 on the first day, 1 after 24 hours."""
    return max((today - start).days, 0)


@dataclass(frozen=True)
class MilestoneKind:
    key: str  # stable: d1, d7, d30, d60, d90, m6, m9, y1, m18, y2, y3, ...
    label: Promise | str
    days: int = 0
    months: int = 0

    def reached_on(self, start: date) -> date:
        return start + timedelta(days=self.days) + relativedelta(months=self.months)


FIRST_MILESTONES = [
    MilestoneKind("d1", _("24 hours"), days=1),
    MilestoneKind("d7", _("7 days"), days=7),
    MilestoneKind("d30", _("30 days"), days=30),
    MilestoneKind("d60", _("60 days"), days=60),
    MilestoneKind("d90", _("90 days"), days=90),
    MilestoneKind("m6", _("6 months"), months=6),
    MilestoneKind("m9", _("9 months"), months=9),
    MilestoneKind("y1", _("1 year"), months=12),
    MilestoneKind("m18", _("18 months"), months=18),
]


def year_milestone(years: int) -> MilestoneKind:
    label = ngettext_lazy("%(count)d year", "%(count)d years", years) % {"count": years}
    return MilestoneKind(f"y{years}", label, months=12 * years)


def milestone_by_key(key: str) -> MilestoneKind | None:
    for kind in FIRST_MILESTONES:
        if kind.key == key:
            return kind
    if key.startswith("y") and key[1:].isdigit() and int(key[1:]) >= 2:
        return year_milestone(int(key[1:]))
    return None


def milestones_reached(start: date, today: date) -> list[MilestoneKind]:
    """Every milestone reached by `today` for a stretch that began on `start`, in order."""
    reached = [m for m in FIRST_MILESTONES if m.reached_on(start) <= today]
    years = 2
    while (kind := year_milestone(years)).reached_on(start) <= today:
        reached.append(kind)
        years += 1
    return reached


def next_milestone(start: date, today: date) -> MilestoneKind:
    for kind in FIRST_MILESTONES:
        if kind.reached_on(start) > today:
            return kind
    years = 2
    while (kind := year_milestone(years)).reached_on(start) <= today:
        years += 1
    return kind


@dataclass(frozen=True)
class Stretch:
    start: date
    end: date  # exclusive: the day of the setback, or tomorrow for the current stretch

    @property
    def days(self) -> int:
        return max((self.end - self.start).days, 0)


def stretches(starts: Sequence[date], today: date) -> list[Stretch]:
    """Stretches of recovery: each start date runs until the next one (a setback), the last
    one until today. `starts` is every start date of one journey, oldest first."""
    ordered = sorted(starts)
    ends = [*ordered[1:], max(today, ordered[-1])]
    return [Stretch(start, max(end, start)) for start, end in zip(ordered, ends, strict=True)]


def longest_stretch(parts: Iterable[Stretch]) -> int:
    return max((part.days for part in parts), default=0)


def days_in_last_year(parts: Iterable[Stretch], today: date) -> int:
    """Days in recovery among the last 365 days (today not yet counted, like the day count)."""
    window_start = today - timedelta(days=365)
    total = 0
    for part in parts:
        start, end = max(part.start, window_start), min(part.end, today)
        total += max((end - start).days, 0)
    return total
