"""The numbers behind /me/trends/: mood, craving, check-ins and recovery capital over time."""

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.recovery import charts, selectors

RANGES = (30, 90, 365)


@dataclass(frozen=True)
class Trends:
    days: int
    check_in_count: int
    mood: charts.Chart
    craving: charts.Chart
    check_ins: charts.Chart
    capital: charts.Chart


def _average(values: list[float]) -> str:
    return f"{mean(values):.1f}" if values else "-"


def weeks_ending(today: date, days: int) -> list[tuple[date, date]]:
    """The `days` days up to `today`, in weeks (first day, last day) counted back from today, so
    the latest bar is the last seven days; the oldest may be shorter. Every day is in one week."""
    start = today - timedelta(days=days - 1)
    weeks = []
    last = today
    while last >= start:
        first = max(last - timedelta(days=6), start)
        weeks.append((first, last))
        last = first - timedelta(days=1)
    return weeks[::-1]


def _week_label(first: date, last: date) -> str:
    if first == last:
        return date_format(first, "M j")
    return _("%(first)s – %(last)s") % {  # noqa: RUF001  (a date range)
        "first": date_format(first, "M j"),
        "last": date_format(last, "M j"),
    }


def trends_for(user: User, days: int) -> Trends:
    today = selectors.member_today(user)
    start = today - timedelta(days=days - 1)
    check_ins = selectors.check_ins_between(user, start, today)
    moods = {c.day: float(c.mood) for c in check_ins}
    cravings = {c.day: float(c.craving) for c in check_ins}
    mood = charts.line_chart(
        title=_("Mood"),
        description=_(
            "Mood from 1 (very low) to 5 (very good) on the days you checked in; average %(avg)s."
        )
        % {"avg": _average(list(moods.values()))},
        start=start,
        days=days,
        values=moods,
        low=1,
        high=5,
        ticks=(1, 3, 5),
    )
    craving = charts.line_chart(
        title=_("Cravings"),
        description=_(
            "Craving from 0 (none) to 10 (very strong) on the days you checked in; average %(avg)s."
        )
        % {"avg": _average(list(cravings.values()))},
        start=start,
        days=days,
        values=cravings,
        low=0,
        high=10,
        ticks=(0, 5, 10),
    )
    weeks = weeks_ending(today, days)
    counts = [sum(1 for c in check_ins if first <= c.day <= last) for first, last in weeks]
    check_in_chart = charts.bar_chart(
        title=_("Check-ins each week"),
        description=_("%(n)d check-ins in these %(days)d days.")
        % {"n": len(check_ins), "days": days},
        labels=[date_format(first, "M j") for first, _last in weeks],
        row_labels=[_week_label(first, last) for first, last in weeks],
        values=counts,
        high=7,
    )
    assessments = [
        a
        for a in selectors.assessments(user)
        if a.taken_on >= today - timedelta(days=max(days, 365) - 1)
    ]
    capital_start = min([a.taken_on for a in assessments], default=start)
    capital_days = (today - capital_start).days + 1
    capital = charts.line_chart(
        title=_("Recovery capital (BARC-10)"),
        description=_(
            "Your BARC-10 totals from 10 to 60; 47 or more is associated with lasting recovery."
        ),
        start=capital_start,
        days=max(capital_days, 2),
        values={a.taken_on: float(a.total) for a in assessments},
        low=10,
        high=60,
        ticks=(10, 35, 47, 60),
    )
    return Trends(days, len(check_ins), mood, craving, check_in_chart, capital)


def parse_range(raw: str | None) -> int:
    try:
        days = int(raw or 30)
    except ValueError:
        return 30
    return days if days in RANGES else 30
