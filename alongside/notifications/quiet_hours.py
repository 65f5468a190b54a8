"""Quiet hours: a daily window, in the member's own time zone, when nothing reaches them."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def _instants(day: date, at: time, zone: ZoneInfo) -> list[datetime]:
    """Every moment the member's clock shows `at` on `day`: one, two in a repeated hour, or,
    when the clock skips it (spring forward), the first moment after the gap."""
    found = set()
    for fold in (0, 1):
        moment = datetime.combine(day, at, tzinfo=zone).replace(fold=fold)
        if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == moment.replace(
            tzinfo=None
        ):
            found.add(moment.astimezone(UTC))
    if found:
        return sorted(found)
    # Skipped: walk from the earlier reading to the first minute the clock is past `at`.
    moment = min(
        datetime.combine(day, at, tzinfo=zone).replace(fold=f).astimezone(UTC) for f in (0, 1)
    )
    wanted = datetime.combine(day, at)
    while moment.astimezone(zone).replace(tzinfo=None) < wanted:
        moment += timedelta(minutes=1)
    return [moment]


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
    candidates = [
        moment
        for day in (local.date(), local.date() + timedelta(days=1))
        for moment in _instants(day, end, zone)
        if moment > now
    ]
    if not candidates:
        return None
    until = min(candidates)
    # A window of nearly a day whose end the clock skips (spring forward) has no quiet-free
    # minute that day: the next one is at tomorrow's end.
    if is_quiet(until, start, end, zone) and until - now < timedelta(days=2):
        return quiet_until(until, start, end, zone)
    return until
