"""The finder at scale: ranking from plain rows and the covering indexes must find the same
meetings in the same order as the straightforward search it replaced (kept here as the
oracle), and the page's query count must not grow with the data."""

import itertools
import math
import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client

from alongside.meetings import finder, places
from alongside.meetings.finder import Search
from alongside.meetings.models import DirectoryMeeting
from tests.helpers import assert_queries_do_not_grow
from tests.meetings.test_finder import destination, make_listing

PORTLAND = places.resolve("97214")
ZONES = ["America/Los_Angeles", "America/New_York", "America/Denver"]
WORDS = ["serenity", "sunrise", "hope", "big book", "women", "step", "lunch"]


# The search as it was before ranking moved to plain rows: model instances, timing() per
# meeting and a stable sort over the candidates in id order. ---------------------------------


def oracle_timing(meeting, now, local):
    if meeting.week_minute is None:
        return None, False, None
    current = finder.week_minute(local)
    since = (current - meeting.week_minute) % finder.WEEK
    in_progress = since <= finder.IN_PROGRESS_MINUTES and since < meeting.duration_minutes
    until = (meeting.week_minute - current) % finder.WEEK
    wall = local.replace(tzinfo=None, second=0, microsecond=0)
    start_wall = wall - timedelta(minutes=since) if in_progress else wall + timedelta(minutes=until)
    return (
        (-since if in_progress else until),
        in_progress,
        start_wall.replace(tzinfo=ZoneInfo(meeting.timezone)),
    )


def oracle_search(search, now, *, limit=finder.PAGE):
    results = []
    for meeting in list(finder.candidates(search).order_by("pk"))[: finder.MAX_CANDIDATES]:
        distance = None
        if (
            search.point is not None
            and meeting.latitude is not None
            and meeting.longitude is not None
            and meeting.attendance != "online"
        ):
            km = finder.haversine_km(search.point, (meeting.latitude, meeting.longitude))
            if km > search.radius_km and search.attendance != "online":
                continue
            distance = km / finder.KM_PER_MILE if search.units == "mi" else km
        local = now.astimezone(ZoneInfo(meeting.timezone))
        until, in_progress, next_start = oracle_timing(meeting, now, local)
        results.append(
            finder.Result(
                meeting=meeting,
                distance=distance,
                minutes_until=until,
                in_progress=in_progress,
                starting_soon=until is not None and 0 <= until <= finder.SOON_MINUTES,
                next_start=next_start,
            )
        )
    by_distance = search.order == "distance" or (not search.order and search.point is not None)
    if by_distance and search.point is not None:
        results.sort(
            key=lambda r: (r.distance if r.distance is not None else math.inf, r.minutes_until or 0)
        )
    else:
        results.sort(
            key=lambda r: (
                r.minutes_until is None,
                r.minutes_until if r.minutes_until is not None else 0,
                r.meeting.name,
            )
        )
    return results[:limit], len(results)


def summary(results):
    return [
        (
            r.meeting.pk,
            r.meeting.slug,
            r.meeting.name,
            r.distance,
            r.minutes_until,
            r.in_progress,
            r.starting_soon,
            r.next_start,
            r.next_start.utcoffset() if r.next_start else None,
        )
        for r in results
    ]


@pytest.fixture
def directory(db):
    """400 meetings around Portland (and a few far away): shared addresses, shared start
    times and names (ties to break), online homes inside the box, by appointment, inactive,
    no coordinates, three time zones."""
    rng = random.Random(7)
    rows = []

    def listing(**fields):
        n = len(rows)
        types = fields.pop("types")
        week_minute = None
        if fields["day"] is not None:
            week_minute = fields["day"] * 1440 + fields["time"].hour * 60 + fields["time"].minute
        rows.append(
            DirectoryMeeting(
                slug=f"meeting-{n}", feed_slug=f"meeting-{n}", fingerprint="x", types=types,
                types_text="," + ",".join(types) + ",", week_minute=week_minute,
                search_text=f"{fields['name']} {fields['location']}".casefold(), **fields,
            )
        )  # fmt: skip

    addresses = [destination(PORTLAND, rng.uniform(0, 30), rng.uniform(0, 360)) for _ in range(60)]
    for n in range(400):
        if n % 10 == 0:
            lat, lon = rng.choice(addresses)  # a church with several meetings
        elif n % 37 == 0:
            lat, lon = None, None
        elif n % 23 == 0:
            lat, lon = 40.7 + rng.gauss(0, 0.1), -74.0 + rng.gauss(0, 0.1)
        else:
            lat, lon = destination(PORTLAND, rng.uniform(0, 40), rng.uniform(0, 360))
        by_appointment = n % 41 == 0
        day = None if by_appointment else rng.randrange(7)
        hour, minute = rng.choice([6, 7, 12, 17, 18, 19, 20, 21, 23, 0, 3]), rng.choice([0, 30])
        listing(
            name=f"{rng.choice(WORDS).title()} Group",
            day=day,
            time=None if by_appointment else time(hour, minute),
            duration_minutes=rng.choice([60, 90, 5]),
            timezone=rng.choice(ZONES),
            attendance=rng.choice(["in_person", "in_person", "online", "hybrid", "inactive"]),
            latitude=lat,
            longitude=lon,
            types=sorted(rng.sample(["O", "C", "D", "W", "M", "B", "BE"], 2)),
            location=f"Hall {n % 60}",
            formatted_address=f"{n} SE Main St, Portland, OR",
        )
    DirectoryMeeting.objects.bulk_create(rows)


SEARCHES = [
    Search(point=PORTLAND),
    Search(point=PORTLAND, distance=5),
    Search(point=PORTLAND, distance=25),
    Search(point=PORTLAND, distance=100, units="km"),
    Search(point=PORTLAND, distance=25, order="start"),
    Search(point=PORTLAND, distance=50, day=3, time_of_day="evening", types=("O",)),
    Search(point=PORTLAND, distance=50, time_of_day="night"),
    Search(point=PORTLAND, distance=50, attendance="in_person"),
    Search(point=PORTLAND, distance=5, attendance="online"),
    Search(point=PORTLAND, distance=50, attendance="hybrid", types=("D", "O")),
    Search(point=PORTLAND, distance=50, query="serenity"),
    Search(),
    Search(attendance="online", time_of_day="evening"),
    Search(day=0),
    Search(order="distance"),
    Search(types=("W",), time_of_day="morning"),
]
MOMENTS = [
    datetime(2026, 6, 3, 12, tzinfo=UTC),  # Wednesday
    datetime(2026, 3, 8, 7, 5, tzinfo=UTC),  # the night clocks change in the US
    datetime(2026, 6, 7, 7, 2, tzinfo=UTC),  # Sunday just after midnight in Los Angeles
]


def test_the_same_meetings_in_the_same_order_as_before(directory):
    for search, now in itertools.product(SEARCHES, MOMENTS):
        for limit in (finder.PAGE, 1000):
            found, total = finder.search(search, now, limit=limit)
            expected, expected_total = oracle_search(search, now, limit=limit)
            assert (total, summary(found)) == (expected_total, summary(expected)), (search, now)
        all_ids = [r.meeting.pk for r in oracle_search(search, now, limit=1000)[0]]
        assert finder.matching_ids(search, now) == all_ids, (search, now)


def test_the_comparison_covers_ties_and_every_kind_of_row(directory):
    """The dataset really has what the comparison is meant to check."""
    near, total = oracle_search(Search(point=PORTLAND, distance=50), MOMENTS[0], limit=1000)
    distances = [r.distance for r in near if r.distance is not None]
    assert len(distances) > len(set(distances))  # meetings at the same address
    assert any(r.distance is None for r in near)  # online meetings whose home is nearby
    assert any(r.minutes_until is None for r in near)  # by appointment
    anywhere = oracle_search(Search(), MOMENTS[0], limit=1000)[0]
    starts = [(r.minutes_until, r.meeting.name) for r in anywhere]
    assert len(starts) > len(set(starts))  # same start and name: only the id tells them apart
    assert total > finder.PAGE


def test_a_search_wider_than_the_cap_gives_the_same_meetings_every_time(directory, monkeypatch):
    monkeypatch.setattr(finder, "MAX_CANDIDATES", 50)
    first = summary(finder.search(Search(), MOMENTS[0])[0])
    assert first == summary(finder.search(Search(), MOMENTS[0])[0])
    assert first == summary(oracle_search(Search(), MOMENTS[0])[0])


def test_results_load_only_what_a_line_shows_in_one_query(directory, django_assert_num_queries):
    finder.search(Search(point=PORTLAND, distance=25), MOMENTS[0])  # the zones are known now
    with django_assert_num_queries(1):  # ranked, counted and loaded together
        results, total = finder.search(Search(point=PORTLAND, distance=25), MOMENTS[0])
        shown = [
            (m.slug, m.name, m.location, m.formatted_address, m.get_attendance_display())
            for m in (r.meeting for r in results)
        ]
    assert len(shown) == finder.PAGE < total
    assert "notes" in results[0].meeting.get_deferred_fields()
    with django_assert_num_queries(1):
        assert finder.search(Search(query="no such words anywhere"), MOMENTS[0]) == ([], 0)


def test_a_time_zone_the_ranking_has_not_met_is_learned_not_taken_for_by_appointment(
    directory, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(finder, "_zones", frozenset({"America/New_York"}))
    DirectoryMeeting.objects.filter(name__startswith="Hope").update(timezone="Pacific/Honolulu")
    search = Search(point=PORTLAND, distance=50, order="start")
    with django_assert_num_queries(3):  # ranked, a zone missing: the zones, ranked again
        found, total = finder.search(search, MOMENTS[1], limit=1000)
    assert (total, summary(found)) == (
        oracle_search(search, MOMENTS[1], limit=1000)[1],
        summary(oracle_search(search, MOMENTS[1], limit=1000)[0]),
    )
    assert {"Pacific/Honolulu", "America/Los_Angeles"} <= finder._zones
    with django_assert_num_queries(1):
        finder.search(search, MOMENTS[1])


def test_the_search_indexes_hold_every_column_the_ranking_reads():
    """What lets the database answer the ranking from the index alone."""
    indexes = {index.name: index.fields for index in DirectoryMeeting._meta.indexes}
    needed = set(finder.RANKED) | {"day", "time", "types_text"}
    for name in ("directory_near_idx", "directory_attendance_when_idx"):
        assert needed <= set(indexes[name]), needed - set(indexes[name])
    assert indexes["directory_near_idx"][:2] == ["latitude", "longitude"]
    assert indexes["directory_attendance_when_idx"][:3] == ["attendance", "day", "time"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan names covering indexes")
def test_sqlite_ranks_from_the_covering_index(directory):
    for search, index in [
        (Search(point=PORTLAND, distance=10), "directory_near_idx"),
        (Search(attendance="in_person", day=3), "directory_attendance_when_idx"),
    ]:
        query = finder.candidates(search).values_list(*finder.RANKED)[: finder.MAX_CANDIDATES]
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
        assert f"COVERING INDEX {index}" in plan, plan


# The page -------------------------------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_finder_page_runs_the_same_queries_with_ten_times_the_meetings(
    db, people, client_for, signed_in
):
    numbers = itertools.count()

    def grow(count=10):
        for _ in range(count):
            n = next(numbers)
            lat, lon = destination(PORTLAND, 1 + n % 9, n * 7 % 360)
            make_listing(name=f"Evening {n}", day=n % 7, time=time(17 + n % 4, 15),
                         latitude=lat, longitude=lon, types=["O", "D"],
                         attendance=["in_person", "hybrid", "online"][n % 3],
                         location=f"Hall {n}", formatted_address=f"{n} SE Main St")  # fmt: skip

    grow(10)
    client = client_for(people.river) if signed_in else Client()
    for url in (
        "/meetings/?near=97214&distance=10&type=O&time=evening",
        "/meetings/?attendance=online&time=evening",
        "/meetings/feed.json?near=97214&distance=10&type=O",
    ):
        assert_queries_do_not_grow(client, url, lambda: grow(90))
    page = client.get("/meetings/?near=97214&distance=10&type=O&time=evening")
    assert page.content.decode().count('class="stack stack--tight"') == finder.PAGE
