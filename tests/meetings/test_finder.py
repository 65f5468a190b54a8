"""Searching the finder: places offline, great-circle distance, filters, order and timing
("in progress", "starting soon") in each meeting's own time zone."""

import itertools
import math
from datetime import UTC, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict
from django.test import Client

from alongside.meetings import finder, places, views_finder
from alongside.meetings.finder import Search, parse, search, timing
from alongside.meetings.models import DirectoryMeeting

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
_numbers = itertools.count(1)


def make_listing(**fields) -> DirectoryMeeting:
    """A finder row as the importer would write it (week_minute, types_text, search_text)."""
    n = next(_numbers)
    values = {
        "name": f"Meeting {n}",
        "slug": f"meeting-{n}",
        "feed_slug": f"meeting-{n}",
        "day": 1,
        "time": time(19),
        "duration_minutes": 60,
        "timezone": "America/Los_Angeles",
        "attendance": "in_person",
        "fingerprint": "x",
        "types": [],
    }
    values.update(fields)
    if values["day"] is not None and values["time"] is not None:
        values.setdefault(
            "week_minute", values["day"] * 1440 + values["time"].hour * 60 + values["time"].minute
        )
    types = values["types"]
    values.setdefault("types_text", "," + ",".join(types) + "," if types else "")
    values.setdefault(
        "search_text",
        " ".join(
            p
            for p in (
                values["name"],
                values.get("location", ""),
                values.get("formatted_address", ""),
                values.get("notes", ""),
            )
            if p
        ).casefold(),
    )
    return DirectoryMeeting.objects.create(**values)


def destination(start, miles, bearing_degrees):
    """The point `miles` along the great circle from `start` at the initial bearing."""
    lat1, lon1 = map(math.radians, start)
    d = miles * finder.KM_PER_MILE / finder.EARTH_KM
    b = math.radians(bearing_degrees)
    lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(b))
    lon2 = lon1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(lat1), math.cos(d) - math.sin(lat1) * math.sin(lat2)
    )
    return math.degrees(lat2), math.degrees(lon2)


def names(results):
    return [r.meeting.name for r in results]


NOW = datetime(2026, 6, 3, 12, tzinfo=UTC)  # a Wednesday


# Places, offline -----------------------------------------------------------------------


def test_a_zip_code_resolves_offline():
    lat, lon = places.resolve("97214")
    assert lat == pytest.approx(45.51, abs=0.05)
    assert lon == pytest.approx(-122.64, abs=0.05)
    assert places.resolve("97214-1234") == places.resolve("97214")


@pytest.mark.parametrize("query", ["Portland, OR", "portland, or", "  Portland ,  OR  "])
def test_city_and_state_resolves_offline(query):
    lat, lon = places.resolve(query)
    assert lat == pytest.approx(45.52, abs=0.2)
    assert lon == pytest.approx(-122.65, abs=0.2)


def test_a_city_outside_the_us_resolves_from_geonames():
    lat, lon = places.resolve("Edmonton")
    assert lat == pytest.approx(53.55, abs=0.2)
    assert lon == pytest.approx(-113.5, abs=0.3)


@pytest.mark.parametrize("query", ["", "00000", "1234", "Qwxzyville, ZZ", "<script>", "9" * 200])
def test_unknown_places_are_none(query):
    assert places.resolve(query) is None


def test_resolving_never_touches_the_network(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("a place lookup tried the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    places.zip_point.cache_clear()
    places.city_point.cache_clear()
    assert places.resolve("97214") is not None
    assert places.resolve("Portland, OR") is not None


# Distance ------------------------------------------------------------------------------


def test_haversine_matches_known_distances():
    portland, seattle = (45.5152, -122.6784), (47.6062, -122.3321)
    assert finder.haversine_km(portland, seattle) == pytest.approx(233.5, abs=2)
    assert finder.haversine_km(portland, portland) == 0


@pytest.mark.parametrize("bearing", [0, 90, 180, 270, 45])
def test_distance_is_on_the_great_circle(db, bearing):
    home = places.resolve("97214")
    make_listing(name="Inside", latitude=destination(home, 4.9, bearing)[0],
                 longitude=destination(home, 4.9, bearing)[1])  # fmt: skip
    make_listing(name="Outside", latitude=destination(home, 5.2, bearing)[0],
                 longitude=destination(home, 5.2, bearing)[1])  # fmt: skip
    results, total = search(Search(point=home, distance=5), NOW)
    assert names(results) == ["Inside"]
    assert total == 1
    assert results[0].distance == pytest.approx(4.9, abs=0.01)
    wider, _ = search(Search(point=home, distance=10), NOW)
    assert names(wider) == ["Inside", "Outside"]


def test_distance_in_kilometres(db):
    home = places.resolve("97214")
    lat, lon = destination(home, 4.5 / finder.KM_PER_MILE, 90)
    make_listing(name="4.5 km", latitude=lat, longitude=lon)
    lat, lon = destination(home, 5.5 / finder.KM_PER_MILE, 90)
    make_listing(name="5.5 km", latitude=lat, longitude=lon)
    results, _ = search(Search(point=home, distance=5, units="km"), NOW)
    assert names(results) == ["4.5 km"]
    assert results[0].distance == pytest.approx(4.5, abs=0.01)
    in_miles, _ = search(Search(point=home, distance=5, units="mi"), NOW)
    assert names(in_miles) == ["4.5 km", "5.5 km"]


def test_meetings_without_coordinates_are_not_near_anywhere(db):
    make_listing(name="Nowhere", latitude=None, longitude=None)
    assert search(Search(point=places.resolve("97214")), NOW)[0] == []
    assert names(search(Search(), NOW)[0]) == ["Nowhere"]


def test_near_a_place_is_ordered_by_distance(db):
    home = places.resolve("97214")
    for miles in (7, 1, 3):
        lat, lon = destination(home, miles, 30)
        make_listing(name=f"{miles} mi", latitude=lat, longitude=lon, day=(miles + 2) % 7)
    results, _ = search(Search(point=home, distance=10), NOW)
    assert names(results) == ["1 mi", "3 mi", "7 mi"]
    by_start, _ = search(Search(point=home, distance=10, order="start"), NOW)
    assert [r.minutes_until for r in by_start] == sorted(r.minutes_until for r in by_start)


# Filters -------------------------------------------------------------------------------


def test_the_day_filter(db):
    for day in range(7):
        make_listing(name=f"day {day}", day=day)
    make_listing(name="by appointment", day=None, time=None)
    assert names(search(Search(day=0), NOW)[0]) == ["day 0"]
    assert names(search(Search(day=6), NOW)[0]) == ["day 6"]
    assert len(search(Search(), NOW)[0]) == 8


@pytest.mark.parametrize(
    ("time_of_day", "expected"),
    [
        ("morning", ["04:00", "07:00", "11:30"]),
        ("midday", ["11:30", "12:00", "16:30"]),
        ("evening", ["16:30", "20:30"]),
        ("night", ["00:30", "03:00", "04:00", "20:30", "23:30"]),
        ("", ["00:30", "03:00", "04:00", "07:00", "11:30", "12:00", "16:30", "20:30", "23:30"]),
    ],
)
def test_time_of_day_ranges_with_night_wrapping_midnight(db, time_of_day, expected):
    for hhmm in ["00:30", "03:00", "04:00", "07:00", "11:30", "12:00", "16:30", "20:30", "23:30"]:
        h, m = map(int, hhmm.split(":"))
        make_listing(name=hhmm, time=time(h, m), day=3)
    found = search(Search(time_of_day=time_of_day), NOW)[0]
    assert sorted(names(found)) == expected


@pytest.fixture
def by_attendance(db):
    home = places.resolve("97214")
    lat, lon = destination(home, 1, 0)
    make_listing(name="In person", attendance="in_person", latitude=lat, longitude=lon)
    make_listing(name="Hybrid", attendance="hybrid", latitude=lat, longitude=lon)
    make_listing(name="Online", attendance="online")
    make_listing(name="Far online", attendance="online", latitude=40.7, longitude=-74)
    make_listing(name="Inactive", attendance="inactive", latitude=lat, longitude=lon)
    return home


@pytest.mark.parametrize(
    ("attendance", "expected"),
    [
        ("in_person", ["Hybrid", "In person"]),
        ("online", ["Far online", "Hybrid", "Online"]),
        ("hybrid", ["Hybrid"]),
        ("", ["Far online", "Hybrid", "In person", "Online"]),
    ],
)
def test_attendance_filters_include_hybrid_once(by_attendance, attendance, expected):
    results, total = search(Search(attendance=attendance), NOW)
    assert sorted(names(results)) == expected
    assert total == len(expected)
    assert len({r.meeting.pk for r in results}) == len(results)


def test_online_near_a_place_ignores_distance_and_in_person_keeps_it(by_attendance):
    home = by_attendance
    online, _ = search(Search(point=home, distance=5, attendance="online"), NOW)
    assert sorted(names(online)) == ["Far online", "Hybrid", "Online"]
    in_person, _ = search(Search(point=home, distance=5, attendance="in_person"), NOW)
    assert sorted(names(in_person)) == ["Hybrid", "In person"]
    near, total = search(Search(point=home, distance=5), NOW)
    assert sorted(names(near)) == ["Hybrid", "In person"]
    assert total == 2


def test_inactive_meetings_are_never_found(db):
    make_listing(name="Closed for now", attendance="inactive")
    assert search(Search(), NOW)[0] == []
    assert search(Search(query="closed"), NOW)[0] == []


def test_all_chosen_types_must_match(db):
    make_listing(name="Open discussion", types=["D", "O"])
    make_listing(name="Open women's discussion", types=["D", "O", "W"])
    make_listing(name="Closed women", types=["C", "W"])
    make_listing(name="Big Book", types=["B"])
    assert sorted(names(search(Search(types=("O",)), NOW)[0])) == [
        "Open discussion",
        "Open women's discussion",
    ]
    assert names(search(Search(types=("O", "W")), NOW)[0]) == ["Open women's discussion"]
    assert sorted(names(search(Search(types=("W",)), NOW)[0])) == [
        "Closed women",
        "Open women's discussion",
    ]
    assert search(Search(types=("B", "W")), NOW)[0] == []


def test_a_type_code_is_not_matched_inside_another(db):
    make_listing(name="Babysitting", types=["BA"])
    make_listing(name="Book", types=["B"])
    assert names(search(Search(types=("B",)), NOW)[0]) == ["Book"]


def test_free_text_matches_every_word_in_any_case(db):
    make_listing(name="Sunrise Serenity", location="St. Mark's Church", notes="Coffee")
    make_listing(name="Sunset Group", formatted_address="500 Magnolia Ave, Larkspur")
    assert names(search(Search(query="SERENITY"), NOW)[0]) == ["Sunrise Serenity"]
    assert names(search(Search(query="serenity church"), NOW)[0]) == ["Sunrise Serenity"]
    assert names(search(Search(query="magnolia"), NOW)[0]) == ["Sunset Group"]
    assert search(Search(query="serenity magnolia"), NOW)[0] == []
    assert names(search(Search(query="coffee"), NOW)[0]) == ["Sunrise Serenity"]


def test_without_a_place_the_soonest_comes_first(db):
    # NOW is Wednesday 05:00 in Los Angeles.
    make_listing(name="Thursday", day=4, time=time(7))
    make_listing(name="Wednesday later", day=3, time=time(6))
    make_listing(name="Tuesday (next week)", day=2, time=time(7))
    make_listing(name="In progress", day=3, time=time(4, 55))
    make_listing(name="By appointment", day=None, time=None)
    results, _ = search(Search(), NOW)
    assert names(results) == [
        "In progress",
        "Wednesday later",
        "Thursday",
        "Tuesday (next week)",
        "By appointment",
    ]
    assert [r.minutes_until for r in results] == [-5, 60, 1560, 6 * 1440 + 120, None]
    assert [r.starting_soon for r in results][:3] == [False, True, False]


def test_a_limit_shows_the_first_and_counts_them_all(db):
    for n in range(5):
        make_listing(name=f"m{n}", day=n)
    results, total = search(Search(), NOW, limit=2)
    assert (len(results), total) == (2, 5)


# Timing in each meeting's own time zone ------------------------------------------------


def at(zone, *args):
    return datetime(*args, tzinfo=zone).astimezone(UTC)


def test_in_progress_is_ten_minutes_at_most_and_not_after_the_end(db):
    meeting = make_listing(day=3, time=time(19), duration_minutes=60)
    assert timing(meeting, at(LA, 2026, 6, 3, 19, 0))[1] is True
    assert timing(meeting, at(LA, 2026, 6, 3, 19, 10))[1] is True
    assert timing(meeting, at(LA, 2026, 6, 3, 19, 11))[1] is False
    assert timing(meeting, at(LA, 2026, 6, 3, 18, 59))[1] is False
    short = make_listing(day=3, time=time(19), duration_minutes=5)
    assert timing(short, at(LA, 2026, 6, 3, 19, 4))[1] is True
    assert timing(short, at(LA, 2026, 6, 3, 19, 6))[1] is False  # over already


def test_in_progress_and_starting_soon_use_the_meetings_own_time_zone(db):
    new_york = make_listing(name="NY", day=3, time=time(19), timezone="America/New_York")
    los_angeles = make_listing(name="LA", day=3, time=time(19), timezone="America/Los_Angeles")
    now = at(NY, 2026, 6, 3, 19, 5)  # 16:05 in Los Angeles
    results = {r.meeting.name: r for r in search(Search(), now)[0]}
    assert results["NY"].in_progress and results["NY"].minutes_until == -5
    assert not results["LA"].in_progress and results["LA"].minutes_until == 175
    assert results["NY"].next_start == datetime(2026, 6, 3, 19, tzinfo=NY)
    assert results["LA"].next_start == datetime(2026, 6, 3, 19, tzinfo=LA)
    assert new_york.pk and los_angeles.pk


def test_timing_on_the_sunday_daylight_saving_time_starts(db):
    """2026-03-08: clocks in New York go from 02:00 EST to 03:00 EDT."""
    meeting = make_listing(day=0, time=time(19), timezone="America/New_York")
    until, in_progress, next_start = timing(meeting, datetime(2026, 3, 8, 23, 5, tzinfo=UTC))
    assert (until, in_progress) == (-5, True)  # 19:05 EDT (UTC-4), not 18:05 EST
    assert next_start == datetime(2026, 3, 8, 19, tzinfo=NY)
    assert next_start.utcoffset() == timedelta(hours=-4)
    until, in_progress, next_start = timing(meeting, datetime(2026, 3, 8, 22, 30, tzinfo=UTC))
    assert (until, in_progress) == (30, False)
    result = search(Search(), datetime(2026, 3, 8, 22, 30, tzinfo=UTC))[0][0]
    assert result.starting_soon
    # Saturday night, before the change: still 19:00 local on Sunday, 23:00 UTC.
    until, _, next_start = timing(meeting, datetime(2026, 3, 8, 5, 0, tzinfo=UTC))
    assert next_start.astimezone(UTC) == datetime(2026, 3, 8, 23, tzinfo=UTC)


def test_timing_across_the_hour_that_does_not_exist(db):
    meeting = make_listing(day=0, time=time(3, 30), timezone="America/New_York")
    # 01:50 EST on the day of the change: the meeting is at 03:30 EDT, 40 real minutes later.
    until, _, next_start = timing(meeting, datetime(2026, 3, 8, 6, 50, tzinfo=UTC))
    assert next_start.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert until in (40, 100)  # wall-clock minutes (100) or real ones (40); either is shown


def test_timing_on_the_sunday_daylight_saving_time_ends(db):
    meeting = make_listing(day=0, time=time(19), timezone="America/New_York")
    until, in_progress, next_start = timing(meeting, datetime(2026, 11, 2, 0, 5, tzinfo=UTC))
    assert (until, in_progress) == (-5, True)  # 19:05 EST (UTC-5)
    assert next_start.utcoffset() == timedelta(hours=-5)


def test_a_meeting_ending_after_midnight(db):
    late = make_listing(name="Late", day=5, time=time(23, 55), duration_minutes=90)
    until, in_progress, next_start = timing(late, at(LA, 2026, 6, 6, 0, 3))  # Saturday 00:03
    assert (until, in_progress) == (-8, True)
    assert next_start == datetime(2026, 6, 5, 23, 55, tzinfo=LA)
    _, in_progress, _ = timing(late, at(LA, 2026, 6, 6, 1, 0))
    assert in_progress is False  # still on, but more than ten minutes in
    until, _, next_start = timing(late, at(LA, 2026, 6, 6, 1, 0))
    assert until == 7 * 1440 - 65
    assert next_start == datetime(2026, 6, 12, 23, 55, tzinfo=LA)


def test_in_progress_at_the_week_wrap(db):
    saturday = make_listing(name="Saturday late", day=6, time=time(23, 55))
    sunday = make_listing(name="Sunday early", day=0, time=time(0, 30))
    now = at(LA, 2026, 6, 7, 0, 3)  # Sunday 00:03
    results = {r.meeting.name: r for r in search(Search(), now)[0]}
    assert results["Saturday late"].in_progress
    assert results["Saturday late"].minutes_until == -8
    assert results["Saturday late"].next_start == datetime(2026, 6, 6, 23, 55, tzinfo=LA)
    assert results["Sunday early"].starting_soon and results["Sunday early"].minutes_until == 27
    assert names(search(Search(), now)[0]) == ["Saturday late", "Sunday early"]
    # Saturday 23:50: the Sunday meeting is 40 minutes away, across the week's end.
    until, in_progress, next_start = timing(sunday, at(LA, 2026, 6, 6, 23, 50))
    assert (until, in_progress) == (40, False)
    assert next_start == datetime(2026, 6, 7, 0, 30, tzinfo=LA)
    assert saturday.pk


def test_a_meeting_by_appointment_has_no_timing(db):
    meeting = make_listing(day=None, time=None)
    assert timing(meeting, NOW) == (None, False, None)


# Parsing the query -------------------------------------------------------------------


def q(text):
    return QueryDict(text)


def test_parse_reads_the_page_and_tsml_names():
    parsed, problems = parse(
        q(
            "near=97214&distance=5&units=km&day=0&time=night&attendance=hybrid&type=O&type=W&query=x"
        ),
        resolve_place=places.resolve,
    )
    assert problems == []
    assert parsed.point == places.resolve("97214")
    assert (parsed.distance, parsed.units, parsed.day) == (5, "km", 0)
    assert (parsed.time_of_day, parsed.attendance, parsed.types, parsed.query) == (
        "night",
        "hybrid",
        ("O", "W"),
        "x",
    )
    tsml, _ = parse(
        q("latitude=45.5&longitude=-122.6&distance_units=km&attendance_option=online&type=O,C")
    )
    assert tsml.point == (45.5, -122.6)
    assert (tsml.units, tsml.attendance, tsml.types) == ("km", "online", ("C", "O"))


def test_an_unknown_place_is_a_problem():
    parsed, problems = parse(q("near=Qwxzyville"), resolve_place=places.resolve)
    assert parsed.point is None
    assert problems == ["place"]


@pytest.mark.parametrize(
    "junk",
    [
        "day=9",
        "day=-1",
        "day=%D9%A3",
        "day=1.5",
        "distance=abc",
        "distance=-5",
        "distance=1e308",
        "distance=nan",
        "distance=inf",
        "latitude=999&longitude=10",
        "latitude=nan&longitude=nan",
        "latitude=abc&longitude=",
        "type=%3Cscript%3E",
        "type=O&type=%00",
        "time=lunchtime",
        "attendance=teleport",
        "units=parsecs",
        "order=random",
        "near=" + "x" * 500,
        "query=" + "word+" * 100,
    ],
)
def test_junk_parameters_never_raise(junk):
    parsed, _ = parse(q(junk), resolve_place=places.resolve)
    assert parsed.day is None or 0 <= parsed.day <= 6
    assert 1 <= parsed.distance <= 100
    assert all(t.isalnum() or "-" in t for t in parsed.types)
    assert parsed.point is None or -90 <= parsed.point[0] <= 90


# The finder page ---------------------------------------------------------------------


def test_near_a_zip_on_the_page(db):
    home = places.resolve("97214")
    lat, lon = destination(home, 2, 90)
    make_listing(name="Hawthorne Group", latitude=lat, longitude=lon)
    make_listing(name="Seattle Group", latitude=47.6, longitude=-122.3)
    response = Client().get("/meetings/", {"near": "97214", "distance": "5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hawthorne Group" in html and "Seattle Group" not in html
    assert "2.0 mi" in html
    assert "1 meeting" in html
    response = Client().get("/meetings/", {"near": "Portland, OR", "distance": "25"})
    assert "Hawthorne Group" in response.content.decode()


def test_an_unknown_place_is_shown_on_the_page(db):
    response = Client().get("/meetings/", {"near": "Qwxzyville, ZZ"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We couldn't find that place" in html
    assert 'aria-invalid="true"' in html


def test_a_viewer_in_another_time_zone_sees_the_time_converted(people, client_for):
    make_listing(name="Brooklyn Sunrise", day=3, time=time(9), timezone="America/New_York")
    people.river.timezone = "Europe/London"
    people.river.save(update_fields=["timezone"])
    with mock.patch.object(views_finder.timezone, "now", return_value=NOW):
        html = client_for(people.river).get("/meetings/", {"day": "3"}).content.decode()
        assert "Times in Europe/London" in html
        assert "Wednesday, 2:00 PM" in html  # 09:00 EDT is 14:00 BST
        assert 'datetime="2026-06-03T14:00:00+01:00"' in html
        visitor = Client().get("/meetings/", {"day": "3"}).content.decode()
    assert "Wednesday, 6:00 AM" in visitor  # the site's zone, Los Angeles


def test_in_progress_and_starting_soon_badges_on_the_page(db):
    make_listing(name="Going now", day=3, time=time(4, 55))
    make_listing(name="Soon", day=3, time=time(5, 30))
    make_listing(name="Later", day=3, time=time(9))
    with mock.patch.object(views_finder.timezone, "now", return_value=NOW):
        html = Client().get("/meetings/", {"day": "3"}).content.decode()
    going, soon, later = (html.index(n) for n in ("Going now", "Soon<", "Later"))
    assert going < soon < later
    assert html[going : going + 200].count("In progress") == 1
    assert "Starting soon" in html[soon : soon + 200]
    assert "badge" not in html[later : later + 200]


JUNK_PAGES = [
    "day=9",
    "distance=abc",
    "latitude=999&longitude=999",
    "type=%3Cscript%3Ealert(1)%3C/script%3E",
    "near=%3Cscript%3Ealert(1)%3C/script%3E",
    "query=%3Cscript%3Ealert(1)%3C/script%3E",
    "distance=1e999&units=%00",
    "day=%00&time=%FF",
    "latitude=nan&longitude=inf&distance=-1",
    "order=%27%3B+DROP+TABLE",
    "type=O&type=C&type=W&type=M&type=S&type=X&type=B&type=D&type=SP&type=ST&type=A&type=Y",
]


@pytest.mark.parametrize("junk", JUNK_PAGES)
def test_junk_parameters_never_500_on_the_page_or_the_feed(db, junk):
    make_listing(name="Anything", latitude=45.5, longitude=-122.6)
    client = Client(raise_request_exception=True)
    for url in ("/meetings/", "/meetings/feed.json"):
        response = client.get(f"{url}?{junk}")
        assert response.status_code == 200, (url, junk)
        assert b"<script>alert(1)" not in response.content
