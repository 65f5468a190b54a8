"""Quiet hours: a daily window in the member's own time zone when nothing outside the app reaches
them. Unit and property tests of `quiet_until` / `is_quiet` across IANA zones and DST days, then
deliveries held during quiet hours and released when they end."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo, available_timezones

import pytest
from django.core import mail
from django.utils.translation import gettext_lazy as _
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alongside.notifications import actions
from alongside.notifications.kinds import Kind, register_verb
from alongside.notifications.models import Delivery, PushSubscription
from alongside.notifications.quiet_hours import is_quiet, quiet_until

MESSAGE = register_verb(
    "test.quiet.message",
    kind=Kind.MESSAGES,
    text=_("%(actor)s sent you a message."),
    summary=_("You have a new message"),
).name
URGENT = register_verb(
    "test.quiet.urgent",
    kind=Kind.SUPPORT_NOW,
    text=_("%(actor)s asked for support right now."),
    summary=_("Someone asked for support"),
    urgent=True,
).name

LA = ZoneInfo("America/Los_Angeles")
LONDON = ZoneInfo("Europe/London")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
CHATHAM = ZoneInfo("Pacific/Chatham")
DST_ZONES = [LA, LONDON, LORD_HOWE, CHATHAM]
SLACK = timedelta(hours=25)  # a day, plus the biggest DST shift


def _loadable(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ValueError, OSError):
        return None


ALL_ZONES = [
    zone
    for name in sorted(available_timezones())
    if not name.startswith(("posix", "right")) and (zone := _loadable(name)) is not None
]


def _transitions(zone: ZoneInfo, year: int) -> list[datetime]:
    """The UTC instants, exact to the second, when `zone` changes its offset in `year`."""

    def offset(ts: int) -> timedelta | None:
        return datetime.fromtimestamp(ts, UTC).astimezone(zone).utcoffset()

    start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    found, previous = [], offset(start)
    for hour in range(start, end, 3600):
        if (current := offset(hour + 3600)) == previous:
            continue
        low, high = hour, hour + 3600
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if offset(middle) == previous else (low, middle)
        found.append(datetime.fromtimestamp(high, UTC))
        previous = current
    return found


TRANSITIONS = [
    (zone, moment)
    for zone in DST_ZONES
    for year in (2025, 2026)
    for moment in _transitions(zone, year)
]


def test_the_dst_zones_really_change_twice_a_year():
    # Guards the strategies below: they are only interesting if these are real DST days.
    assert len(TRANSITIONS) == 16
    assert len(ALL_ZONES) > 300


# Strategies

minutes = st.builds(time, st.integers(0, 23), st.integers(0, 59))
utc_moments = st.integers(
    int(datetime(2020, 1, 1, tzinfo=UTC).timestamp()),
    int(datetime(2031, 1, 1, tzinfo=UTC).timestamp()),
).map(lambda ts: datetime.fromtimestamp(ts, UTC))


@st.composite
def near_a_dst_change(draw: st.DrawFn) -> tuple[datetime, ZoneInfo, time, time]:
    """A moment within 30 hours of a DST change, with a window whose ends are near its wall time
    (so windows that start, end or sit inside the skipped or repeated hour are common)."""
    zone, change = draw(st.sampled_from(TRANSITIONS))
    now = change + timedelta(seconds=draw(st.integers(-30 * 3600, 30 * 3600)))
    wall = change.astimezone(zone)
    near = st.integers(-150, 150).map(
        lambda m: (datetime.combine(wall.date(), wall.time()) + timedelta(minutes=m)).time()
    )
    start = draw(st.one_of(near, minutes))
    end = draw(st.one_of(near, minutes).filter(lambda t: t != start))
    return now, zone, start.replace(second=0), end.replace(second=0)


@st.composite
def anywhere(draw: st.DrawFn) -> tuple[datetime, ZoneInfo, time, time]:
    start = draw(minutes)
    end = draw(minutes.filter(lambda t: t != start))
    return draw(utc_moments), draw(st.sampled_from(ALL_ZONES)), start, end


def _end_is_skipped_that_day(until: datetime, end: time, zone: ZoneInfo) -> bool:
    """The end's wall time does not exist on the day quiet hours end (the clock jumps over it)."""
    naive = datetime.combine(until.astimezone(zone).date(), end)
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive


def _check_quiet_until(now: datetime, zone: ZoneInfo, start: time, end: time) -> None:
    until = quiet_until(now, start, end, zone)
    quiet = is_quiet(now, start, end, zone)
    if until is None:
        assert not quiet, "quiet hours with no end"
        return
    assert quiet, "quiet_until gave an end although now is not in quiet hours"
    assert until.utcoffset() == timedelta(0), "the end is in UTC"
    assert not is_quiet(until, start, end, zone), "the end is itself quiet"
    first, last = now.astimezone(zone).date(), until.astimezone(zone).date()
    local_days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    noons = [datetime.combine(day, time(12), tzinfo=zone) for day in local_days]
    if any(_end_is_skipped_that_day(noon, end, zone) for noon in noons):
        # The clock skips the end (spring forward): quiet hours end when it jumps, or, for a
        # window of nearly a day, at the next day's end.
        assert now < until <= now + SLACK + timedelta(days=1, hours=1)
        return
    assert now < until <= now + SLACK
    # Quiet hours end when the member's own clock shows the end time...
    assert until.astimezone(zone).time() == end
    # ...and not later: a second earlier it was still quiet (unless that is before now).
    if until - timedelta(seconds=1) > now:
        assert is_quiet(until - timedelta(seconds=1), start, end, zone)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anywhere())
@example((datetime(2026, 1, 14, 23, 0, tzinfo=UTC), LONDON, time(22), time(7)))
@example((datetime(2026, 1, 15, 6, 59, 59, tzinfo=UTC), LONDON, time(22), time(7)))
@example((datetime(2026, 1, 15, 7, 0, tzinfo=UTC), LONDON, time(22), time(7)))
@example((datetime(2026, 1, 15, 12, 0, tzinfo=UTC), ZoneInfo("Asia/Kolkata"), time(17), time(18)))
def test_quiet_until_in_any_zone(case: tuple[datetime, ZoneInfo, time, time]):
    _check_quiet_until(*case)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_a_dst_change())
@example((datetime(2025, 3, 9, 9, 50, tzinfo=UTC), LA, time(1), time(4)))  # across the gap
@example((datetime(2025, 11, 2, 8, 30, tzinfo=UTC), LA, time(22), time(1, 30)))  # first pass
@example((datetime(2025, 10, 26, 0, 30, tzinfo=UTC), LONDON, time(23), time(1, 30)))
@example((datetime(2025, 9, 27, 13, 30, tzinfo=UTC), CHATHAM, time(22), time(4)))
def test_quiet_until_on_dst_days(case: tuple[datetime, ZoneInfo, time, time]):
    _check_quiet_until(*case)


# Unit tests


def test_a_window_within_one_day():
    at = lambda hour, minute=0: datetime(2026, 6, 1, hour, minute, tzinfo=UTC)  # noqa: E731
    window = (time(9), time(17), ZoneInfo("UTC"))
    assert not is_quiet(at(8, 59), *window)
    assert is_quiet(at(9), *window)  # the start is quiet
    assert is_quiet(at(16, 59), *window)
    assert not is_quiet(at(17), *window)  # the end is not
    assert quiet_until(at(12), *window) == at(17)
    assert quiet_until(at(8), *window) is None
    assert quiet_until(at(17), *window) is None


def test_a_window_crossing_midnight():
    window = (time(22), time(7), LONDON)  # winter: London is UTC
    evening = datetime(2026, 1, 14, 22, 0, tzinfo=UTC)
    morning = datetime(2026, 1, 15, 6, 30, tzinfo=UTC)
    assert is_quiet(evening, *window)
    assert is_quiet(morning, *window)
    assert not is_quiet(datetime(2026, 1, 14, 21, 59, tzinfo=UTC), *window)
    assert not is_quiet(datetime(2026, 1, 15, 7, 0, tzinfo=UTC), *window)
    # From the evening part they end tomorrow morning; from the morning part, this morning.
    assert quiet_until(evening, *window) == datetime(2026, 1, 15, 7, 0, tzinfo=UTC)
    assert quiet_until(morning, *window) == datetime(2026, 1, 15, 7, 0, tzinfo=UTC)
    assert quiet_until(datetime(2026, 1, 14, 12, 0, tzinfo=UTC), *window) is None


def test_the_window_is_in_the_members_zone_not_utc():
    moment = datetime(2026, 7, 1, 6, 0, tzinfo=UTC)  # 23:00 in Los Angeles, 07:00 in London
    assert is_quiet(moment, time(22), time(7), LA)
    assert not is_quiet(moment, time(22), time(7), LONDON)
    assert quiet_until(moment, time(22), time(7), LA) == datetime(2026, 7, 1, 14, 0, tzinfo=UTC)
    kolkata = ZoneInfo("Asia/Kolkata")  # a half-hour offset
    assert quiet_until(
        datetime(2026, 7, 1, 17, 0, tzinfo=UTC), time(22), time(7), kolkata
    ) == datetime(2026, 7, 2, 1, 30, tzinfo=UTC)


def test_equal_start_and_end_is_no_window():
    moment = datetime(2026, 7, 1, 6, 0, tzinfo=UTC)
    assert quiet_until(moment, time(6), time(6), ZoneInfo("UTC")) is None


def test_a_night_that_loses_an_hour_still_ends_at_the_members_end_time():
    # Los Angeles springs forward at 02:00 -> 03:00 on 2026-03-08; quiet 22:00-07:00.
    evening = datetime(2026, 3, 8, 6, 0, tzinfo=UTC)  # 22:00 PST on the 7th
    until = quiet_until(evening, time(22), time(7), LA)
    assert until == datetime(2026, 3, 8, 14, 0, tzinfo=UTC)  # 07:00 PDT
    assert until - evening == timedelta(hours=8)  # the night is an hour shorter


def test_a_night_that_gains_an_hour_still_ends_at_the_members_end_time():
    # London falls back at 02:00 BST -> 01:00 GMT on 2026-10-25; quiet 22:00-07:00.
    evening = datetime(2026, 10, 24, 21, 0, tzinfo=UTC)  # 22:00 BST
    until = quiet_until(evening, time(22), time(7), LONDON)
    assert until == datetime(2026, 10, 25, 7, 0, tzinfo=UTC)  # 07:00 GMT
    assert until - evening == timedelta(hours=10)


@pytest.mark.parametrize(
    ("now", "zone", "end", "expected"),
    [
        # LA skips 02:00-03:00 on 2025-03-09: quiet until 02:30 ends at 03:00 PDT (10:00 UTC).
        (datetime(2025, 3, 9, 9, 50, tzinfo=UTC), LA, time(2, 30), datetime(2025, 3, 9, 10, 0)),
        # Lord Howe skips 02:00-02:30 on 2025-10-05: quiet until 02:15 ends at 02:30 (15:30 UTC).
        (
            datetime(2025, 10, 4, 15, 20, tzinfo=UTC),
            LORD_HOWE,
            time(2, 15),
            datetime(2025, 10, 4, 15, 30),
        ),
    ],
)
def test_an_end_in_the_skipped_hour_is_when_the_clock_jumps(now, zone, end, expected):
    assert quiet_until(now, time(22), end, zone) == expected.replace(tzinfo=UTC)


def test_the_end_of_quiet_hours_is_not_itself_quiet():
    # Quiet 03:00-02:59 in LA; at 01:59:59 PST on 2025-03-09 the clock then jumps to 03:00 PDT.
    now = datetime(2025, 3, 9, 9, 59, 59, tzinfo=UTC)
    until = quiet_until(now, time(3), time(2, 59), LA)
    assert until is not None
    assert not is_quiet(until, time(3), time(2, 59), LA)


@pytest.mark.parametrize(
    ("now", "zone", "start", "end"),
    [
        # 01:15 PST (second pass) on 2025-11-02, quiet 22:00-01:30: quiet until 01:30 PST.
        (datetime(2025, 11, 2, 9, 15, tzinfo=UTC), LA, time(22), time(1, 30)),
        # 01:10 GMT (second pass) on 2025-10-26, quiet 23:00-01:30: quiet until 01:30 GMT.
        (datetime(2025, 10, 26, 1, 10, tzinfo=UTC), LONDON, time(23), time(1, 30)),
    ],
)
def test_the_repeated_hour_is_still_quiet_on_the_members_clock(now, zone, start, end):
    assert is_quiet(now, start, end, zone)
    until = quiet_until(now, start, end, zone)
    assert until is not None
    assert until.astimezone(zone).time() == end
    assert now < until <= now + timedelta(hours=1)


# Deliveries during quiet hours


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Make `django.utils.timezone.now()` return `moment` (freezegun is not installed)."""
    with patch("django.utils.timezone.now", return_value=moment):
        yield


NIGHT = datetime(2026, 1, 14, 23, 30, tzinfo=UTC)  # 23:30 in London (winter: UTC)
MORNING = datetime(2026, 1, 15, 7, 0, tzinfo=UTC)  # quiet hours 22:00-07:00 end here


@pytest.fixture
def river_sleeps(people):
    river = people.river
    river.timezone = "Europe/London"
    river.save(update_fields=["timezone"])
    actions.update_settings(
        user=river, preferences={}, quiet_hours_start=time(22), quiet_hours_end=time(7)
    )
    return river


@pytest.fixture
def fake_push():
    with patch("alongside.notifications.webpush.send_push", return_value=1) as send_push:
        yield send_push


def _deliveries(notification) -> dict[str, Delivery]:
    return {d.channel: d for d in Delivery.objects.filter(notification=notification)}


def test_a_notification_in_quiet_hours_waits_and_is_released_when_they_end(
    people, river_sleeps, fake_push, django_capture_on_commit_callbacks
):
    PushSubscription.objects.create(
        user=river_sleeps,
        endpoint="https://fcm.googleapis.com/fcm/send/river",
        p256dh="k",
        auth="a",
    )
    with at(NIGHT), django_capture_on_commit_callbacks(execute=True):
        notification = actions.notify(recipient=river_sleeps, verb=MESSAGE, actor=people.sam)
    assert notification is not None

    # In the app at once; by email and push only when quiet hours end.
    held = _deliveries(notification)
    assert set(held) == {Delivery.Channel.EMAIL, Delivery.Channel.PUSH}
    for delivery in held.values():
        assert delivery.status == Delivery.Status.PENDING
        assert delivery.deliver_after == MORNING
        assert delivery.attempts == 0
    assert mail.outbox == []
    fake_push.assert_not_called()

    # The sweep a minute before the end finds nothing due.
    with at(MORNING - timedelta(minutes=1)):
        assert actions.release_due_deliveries() == 0
    assert mail.outbox == []

    # The sweep after the end sends both (the ImmediateBackend runs the task at once).
    with at(MORNING + timedelta(minutes=1)):
        assert actions.release_due_deliveries() == 2
    assert [m.to for m in mail.outbox] == [[river_sleeps.email]]
    fake_push.assert_called_once()
    for delivery in _deliveries(notification).values():
        assert delivery.status == Delivery.Status.SENT
        assert delivery.sent_at == MORNING + timedelta(minutes=1)


def test_release_uses_its_now_argument_to_pick_what_is_due(people, river_sleeps):
    with at(NIGHT):
        notification = actions.notify(recipient=river_sleeps, verb=MESSAGE, actor=people.sam)
    with patch("alongside.notifications.actions._enqueue_delivery") as enqueue:
        assert actions.release_due_deliveries(now=MORNING - timedelta(seconds=1)) == 0
        enqueue.assert_not_called()
        assert actions.release_due_deliveries(now=MORNING) == 1
    email = _deliveries(notification)[Delivery.Channel.EMAIL]
    enqueue.assert_called_once_with(email.pk)


def test_a_delivery_that_falls_due_inside_quiet_hours_is_held_again(people, river_sleeps):
    # Planned before quiet hours began, tried once they had: put back, not counted as a try.
    evening = datetime(2026, 1, 14, 21, 50, tzinfo=UTC)
    with at(evening):
        notification = actions.notify(recipient=river_sleeps, verb=MESSAGE, actor=people.sam)
    email = _deliveries(notification)[Delivery.Channel.EMAIL]
    assert email.deliver_after == evening  # not quiet yet: due at once

    with at(evening + timedelta(minutes=20)):
        assert actions.deliver(delivery_id=email.pk) == "held for quiet hours"
    email.refresh_from_db()
    assert email.status == Delivery.Status.PENDING
    assert email.deliver_after == MORNING
    assert email.attempts == 0
    assert mail.outbox == []


def test_urgent_requests_reach_members_who_allowed_them(
    people, river_sleeps, django_capture_on_commit_callbacks
):
    actions.update_settings(user=river_sleeps, preferences={}, urgent_in_quiet_hours=True)
    with at(NIGHT), django_capture_on_commit_callbacks(execute=True):
        urgent = actions.notify(recipient=river_sleeps, verb=URGENT, actor=people.sam)
        ordinary = actions.notify(recipient=river_sleeps, verb=MESSAGE, actor=people.sam)
    assert urgent is not None and urgent.urgent
    assert _deliveries(urgent)[Delivery.Channel.EMAIL].status == Delivery.Status.SENT
    assert len(mail.outbox) == 1
    # Only urgent ones: an ordinary message still waits for the morning.
    waiting = _deliveries(ordinary)[Delivery.Channel.EMAIL]
    assert waiting.status == Delivery.Status.PENDING
    assert waiting.deliver_after == MORNING


def test_urgent_requests_wait_too_unless_the_member_allowed_them(
    people, river_sleeps, django_capture_on_commit_callbacks
):
    assert actions.settings_for(river_sleeps).urgent_in_quiet_hours is False
    with at(NIGHT), django_capture_on_commit_callbacks(execute=True):
        urgent = actions.notify(recipient=river_sleeps, verb=URGENT, actor=people.sam)
    email = _deliveries(urgent)[Delivery.Channel.EMAIL]
    assert email.status == Delivery.Status.PENDING
    assert email.deliver_after == MORNING
    assert mail.outbox == []


def test_outside_quiet_hours_nothing_waits(
    people, river_sleeps, django_capture_on_commit_callbacks
):
    noon = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    with at(noon), django_capture_on_commit_callbacks(execute=True):
        notification = actions.notify(recipient=river_sleeps, verb=MESSAGE, actor=people.sam)
    email = _deliveries(notification)[Delivery.Channel.EMAIL]
    assert email.deliver_after == noon
    assert email.status == Delivery.Status.SENT
    assert len(mail.outbox) == 1
