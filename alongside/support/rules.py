"""Support-now timings, limits and who is on call now."""

from datetime import UTC, datetime, timedelta

from django.conf import settings

from alongside.mentoring.matching import weekly_hours
from alongside.mentoring.selectors import week_of

REQUESTS_PER_HOUR = 3
REQUESTS_PER_DAY = 8


def widen_after() -> timedelta:
    return timedelta(minutes=settings.SUPPORT_WIDEN_MINUTES)


def hour_of_week(now: datetime) -> int:
    """The UTC hour of the week (Monday 00:00 UTC is 0), matching `weekly_hours`' bits."""
    utc = now.astimezone(UTC)
    return utc.weekday() * 24 + utc.hour


def on_shift(slots: list[str], zone: str, now: datetime) -> bool:
    """Whether weekly on-call slots (in `zone`) cover this moment."""
    monday = week_of(now.astimezone(UTC).date())
    return bool(weekly_hours(slots, zone, monday) >> hour_of_week(now) & 1)
