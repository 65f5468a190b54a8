"""Quiet hours: a daily window, in the member's own time zone, when nothing reaches them."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`at` on `day` in `zone`, moved past a DST gap if the clock skips it."""
    moment = datetime.combine(day, at, tzinfo=zone)
    # A wall time in a spring-forward gap does not exist: round-tripping it through UTC
    # lands after the gap, which is when the member's clock reaches the hour.
    return moment.astimezone(UTC).astimezone(zone)


def is_quiet(now: datetime, start: time, end: time, zone: ZoneInfo) -> bool:
    at = now.astimezone(zone).time()
    if start < end:
        return start <= at < end
    return at >= start or at < end  # the window crosses midnight, e.g. 22:00-07:00


def quiet_until(now: datetime, start: time, end: time, zone: ZoneInfo) -> datetime | None:
    """When quiet hours that cover `now` end (in UTC), or None if `now` is not in them."""
    if start == end or not is_quiet(now, start, end, zone):
        return None
    local = now.astimezone(zone)
    day = local.date()
    if start > end and local.time() >= start:
        day += timedelta(days=1)  # in the evening part: they end tomorrow morning
    until = _local(day, end, zone).astimezone(UTC)
    return until if until > now else None  # the second pass of a repeated DST hour
