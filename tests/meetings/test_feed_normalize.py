"""Normalising one Meeting Guide meeting, as real feeds write it (pure: no database)."""

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from alongside.meetings.feed_import import rows_of
from alongside.meetings.feed_normalize import normalize

DEFAULT = "America/Los_Angeles"


def meeting(**fields):
    base = {"name": "Serenity Now", "slug": "serenity-now", "day": 1, "time": "19:00"}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not ...}


def one(**fields):
    rows, problems = normalize(meeting(**fields), default_timezone=DEFAULT)
    assert len(rows) == 1, (rows, problems)
    return rows[0], problems


def rejected(**fields):
    rows, problems = normalize(meeting(**fields), default_timezone=DEFAULT)
    assert rows == []
    assert problems
    return problems


def fields_of(problems):
    return [p.field for p in problems]


# Days ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        (0, 0),
        (6, 6),
        ("3", 3),
        (" 5 ", 5),
        ("Sunday", 0),
        ("monday", 1),
        ("TUESDAY", 2),
        ("Wed", 3),
        ("thurs", 4),
        ("Thu.", 4),
        ("fri", 5),
        ("SAT", 6),
        ("Domingo", 0),
        ("lunes", 1),
        ("Martes", 2),
        ("Miércoles", 3),
        ("MIERCOLES", 3),
        ("jueves", 4),
        ("Viernes", 5),
        ("sábado", 6),
    ],
)
def test_a_day_as_a_number_digit_or_name_in_either_language(raw, day):
    row, problems = one(day=raw)
    assert row.day == day
    assert row.time == time(19)
    assert problems == []


def test_a_list_of_days_gives_one_row_per_day_with_the_same_time():
    rows, problems = normalize(meeting(day=[1, "Wednesday", "5"]), default_timezone=DEFAULT)
    assert [r.day for r in rows] == [1, 3, 5]
    assert {r.time for r in rows} == {time(19)}
    assert {r.feed_slug for r in rows} == {"serenity-now"}
    assert [r.week_minute for r in rows] == [1 * 1440 + 1140, 3 * 1440 + 1140, 5 * 1440 + 1140]
    assert problems == []


def test_a_repeated_day_in_a_list_is_one_row():
    rows, _ = normalize(meeting(day=[2, "tue", "2"]), default_timezone=DEFAULT)
    assert [r.day for r in rows] == [2]


@pytest.mark.parametrize(
    "fields",
    [
        {"day": ..., "time": ...},
        {"day": None, "time": None},
        {"day": "", "time": ""},
        {"day": [], "time": ...},
    ],
)
def test_no_day_and_no_time_is_by_appointment(fields):
    row, problems = one(**fields)
    assert row.day is None and row.time is None and row.week_minute is None
    assert problems == []


def test_a_day_without_a_time_is_by_appointment_with_a_problem():
    row, problems = one(time=...)
    assert (row.day, row.time) == (None, None)
    assert fields_of(problems) == ["time"]


def test_a_time_without_a_day_is_by_appointment_with_a_problem():
    row, problems = one(day=...)
    assert (row.day, row.time) == (None, None)
    assert fields_of(problems) == ["day"]


@pytest.mark.parametrize("raw", [7, -1, "9", "Someday", True, 1.5, {"d": 1}, [1, "funday"]])
def test_an_invalid_day_rejects_the_meeting_with_a_problem(raw):
    problems = rejected(day=raw)
    assert fields_of(problems) == ["day"]
    assert problems[0].slug == "serenity-now"
    assert problems[0].name == "Serenity Now"
    assert "left out" in problems[0].message


# Times ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19:30", time(19, 30)),
        ("07:05", time(7, 5)),
        ("7:05", time(7, 5)),
        ("19:30:00", time(19, 30)),
        ("7:30 PM", time(19, 30)),
        ("7:30 pm", time(19, 30)),
        ("7:30PM", time(19, 30)),
        ("7pm", time(19)),
        ("7 p.m.", time(19)),
        ("11:00 AM", time(11)),
        ("12:00 AM", time(0)),
        ("12:00 PM", time(12)),
        ("12:30 am", time(0, 30)),
        ("noon", time(12)),
        ("Noon", time(12)),
        ("midnight", time(0)),
        ("24:00", time(0)),
    ],
)
def test_times_in_the_forms_real_feeds_use(raw, expected):
    row, problems = one(time=raw)
    assert row.time == expected
    assert problems == []


@pytest.mark.parametrize("raw", ["25:00", "19:75", "13:00 PM", "0:30 AM", "soon", "7:3", 1930])
def test_an_invalid_time_rejects_the_meeting_with_a_problem(raw):
    problems = rejected(time=raw)
    assert fields_of(problems) == ["time"]


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("19:00", "20:00", 60),
        ("19:30", "20:45", 75),
        ("23:00", "00:30", 90),
        ("11:00 PM", "1:00 AM", 120),
        ("23:30", "00:00", 30),
        ("19:00", None, 60),
        ("19:00", "", 60),
    ],
)
def test_duration_from_the_end_time_is_positive_even_past_midnight(start, end, minutes):
    row, problems = one(time=start, end_time=end)
    assert row.duration_minutes == minutes
    assert problems == []


def test_an_unreadable_end_time_means_sixty_minutes_with_a_problem():
    row, problems = one(end_time="later")
    assert row.duration_minutes == 60
    assert fields_of(problems) == ["end_time"]


# Time zones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "zone"),
    [
        ("America/New_York", "America/New_York"),
        ("Eastern", "America/New_York"),
        ("EST", "America/New_York"),
        ("est", "America/New_York"),
        ("PT", "America/Los_Angeles"),
        ("Pacific", "America/Los_Angeles"),
        ("Central", "America/Chicago"),
        ("Europe/Berlin", "Europe/Berlin"),
    ],
)
def test_time_zones_and_their_aliases(raw, zone):
    row, problems = one(timezone=raw)
    assert row.timezone == zone
    assert problems == []


def test_no_time_zone_uses_the_sources_default():
    row, problems = one(timezone=...)
    assert row.timezone == DEFAULT
    assert problems == []
    rows, _ = normalize(meeting(), default_timezone="America/Edmonton")
    assert rows[0].timezone == "America/Edmonton"


@pytest.mark.parametrize("raw", ["Mars/Olympus_Mons", "Eastern Standard", "../../etc/passwd"])
def test_an_invalid_time_zone_falls_back_to_the_default_with_a_problem(raw):
    row, problems = one(timezone=raw)
    assert row.timezone == DEFAULT
    assert fields_of(problems) == ["timezone"]
    assert DEFAULT in problems[0].message


# Coordinates ---------------------------------------------------------------------------


def test_coordinates_as_numbers_or_strings():
    row, problems = one(latitude=45.5, longitude=-122.6)
    assert (row.latitude, row.longitude) == (45.5, -122.6)
    row, problems = one(latitude="37.93662", longitude=" -122.5355 ")
    assert (row.latitude, row.longitude) == (37.93662, -122.5355)
    assert problems == []


@pytest.mark.parametrize(
    ("lat", "lon"), [(None, None), ("", ""), (45.5, None), (None, -122.6), (..., ...), (0, 0)]
)
def test_missing_partial_or_null_island_coordinates_are_left_out(lat, lon):
    row, problems = one(latitude=lat, longitude=lon)
    assert (row.latitude, row.longitude) == (None, None)
    assert problems == []


@pytest.mark.parametrize(
    ("lat", "lon"), [(91, 10), (-90.5, 10), (45, 181), (45, -200), ("north", "west"), ("nan", 1)]
)
def test_out_of_range_or_unreadable_coordinates_are_left_out_with_a_problem(lat, lon):
    row, problems = one(latitude=lat, longitude=lon)
    assert (row.latitude, row.longitude) == (None, None)
    assert fields_of(problems) == ["coordinates"]


# Types ---------------------------------------------------------------------------------


def test_types_as_codes_in_any_case_and_as_names():
    row, problems = one(types=["o", "12X12", "Big Book", "Open", "discussion", "Cerrada", "ONL"])
    # "Cerrada" is Spanish for closed: closed beats open.
    assert row.types == sorted(["12x12", "B", "C", "D", "ONL"])
    assert problems == []


def test_types_as_a_comma_separated_string():
    row, _ = one(types="O,D,SP")
    assert row.types == ["D", "O", "SP"]


def test_open_and_closed_together_is_closed():
    row, _ = one(types=["O", "C", "W"])
    assert row.types == ["C", "W"]


def test_unknown_type_codes_are_reported_and_left_out():
    row, problems = one(types=["O", "ZZZ", "Pizza night", "", None])
    assert row.types == ["O"]
    assert fields_of(problems) == ["types"]
    assert "ZZZ" in problems[0].message and "Pizza night" in problems[0].message


def test_no_types_is_an_empty_list():
    row, problems = one(types=...)
    assert row.types == []
    assert problems == []


# Attendance (inferred, never read) ----------------------------------------------------

ADDRESS = "123 Main St, Portland, OR 97214, USA"
ZOOM = "https://us02web.zoom.us/j/123456789"


@pytest.mark.parametrize(
    ("fields", "attendance"),
    [
        ({"formatted_address": ADDRESS}, "in_person"),
        ({"formatted_address": ADDRESS, "approximate": "no"}, "in_person"),
        ({"address": "500 Magnolia Ave", "city": "Larkspur", "state": "CA"}, "in_person"),
        ({"latitude": 45.5, "longitude": -122.6, "formatted_address": ADDRESS}, "in_person"),
        ({"conference_url": ZOOM}, "online"),
        ({"conference_url": "https://meet.google.com/abc-defg-hij"}, "online"),
        ({"conference_phone": "+1 669 900 9128,,530851127#"}, "online"),
        ({"conference_phone": "(503) 555-0100"}, "online"),
        ({"conference_url": ZOOM, "formatted_address": ADDRESS}, "hybrid"),
        ({"conference_phone": "+16699009128", "formatted_address": ADDRESS}, "hybrid"),
        # A conference link of an unknown provider, or a number too short to dial, is not online.
        ({"conference_url": "https://example.org/our-room"}, "inactive"),
        ({"conference_phone": "555-0100"}, "inactive"),
        # Temporarily closed: no longer in person; still online when it has a link.
        ({"formatted_address": ADDRESS, "types": ["TC"]}, "inactive"),
        ({"formatted_address": ADDRESS, "types": ["TC"], "conference_url": ZOOM}, "online"),
        # An approximate address (just a city) marks an online meeting's home, not a place.
        ({"formatted_address": "Portland, OR, USA", "approximate": "yes"}, "inactive"),
        ({"formatted_address": "Portland, OR, USA"}, "inactive"),
        ({"city": "Marin", "state": "CA", "country": "USA"}, "inactive"),
        (
            {
                "formatted_address": "Portland, OR, USA",
                "approximate": "yes",
                "conference_url": ZOOM,
            },
            "online",
        ),
        ({}, "inactive"),
    ],
)
def test_attendance_is_inferred(fields, attendance):
    row, _ = one(**fields)
    assert row.attendance == attendance


def test_an_attendance_option_in_the_feed_is_not_trusted():
    row, _ = one(attendance_option="in_person", conference_url=ZOOM)
    assert row.attendance == "online"


def test_a_conference_url_that_isnt_a_web_address_is_left_out_with_a_problem():
    row, problems = one(conference_url="javascript:alert(1)", formatted_address=ADDRESS)
    assert row.conference_url == ""
    assert row.attendance == "in_person"
    assert fields_of(problems) == ["conference_url"]


def test_address_parts_make_the_formatted_address():
    row, _ = one(address="500 Magnolia Ave", city="Larkspur", state="CA", country="USA")
    assert row.formatted_address == "500 Magnolia Ave, Larkspur, CA, USA"
    assert (row.city, row.state) == ("Larkspur", "CA")


# Plain text ----------------------------------------------------------------------------


def test_text_fields_are_kept_as_plain_text_never_html():
    script = "<script>alert('x')</script> <b>bold</b> & more"
    row, problems = one(
        name="<i>Hi</i>", notes=script, location="<img src=x onerror=alert(1)>", group=script
    )
    assert row.notes == script
    assert row.name == "<i>Hi</i>"
    assert row.location == "<img src=x onerror=alert(1)>"
    assert row.group_name == script
    assert problems == []


def test_control_characters_are_removed_and_text_is_trimmed():
    row, _ = one(name="  Serenity\x00 Now\x1b  ", notes="line one\nline two\t!\x07")
    assert row.name == "Serenity Now"
    assert row.notes == "line one\nline two\t!"


def test_non_string_text_fields_are_handled():
    row, _ = one(notes=["first", None, "second"], location=12, location_notes={"x": 1})
    assert row.notes == "first, second"
    assert row.location == "12"
    assert row.location_notes == ""


def test_regions_are_joined_general_to_specific():
    row, _ = one(regions=["Marin", "Sausalito"])
    assert row.region == "Marin > Sausalito"
    row, _ = one(region="Marin", sub_region="Sausalito")
    assert row.region == "Marin > Sausalito"


# Updated -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-08-29 15:56:59", datetime(2023, 8, 29, 15, 56, 59, tzinfo=UTC)),
        ("2023-08-29T15:56:59", datetime(2023, 8, 29, 15, 56, 59, tzinfo=UTC)),
        ("2023-08-29T15:56:59Z", datetime(2023, 8, 29, 15, 56, 59, tzinfo=UTC)),
        ("2023-08-29", datetime(2023, 8, 29, tzinfo=UTC)),
        ("8/25/2022 11:17:07 AM", datetime(2022, 8, 25, 11, 17, 7, tzinfo=UTC)),
        ("8/25/2022 1:17:07 PM", datetime(2022, 8, 25, 13, 17, 7, tzinfo=UTC)),
        ("08/25/2022", datetime(2022, 8, 25, tzinfo=UTC)),
        (
            "2023-08-29T17:56:59+02:00",
            datetime(2023, 8, 29, 17, 56, 59, tzinfo=timezone(timedelta(hours=2))),
        ),
    ],
)
def test_updated_in_several_formats(raw, expected):
    row, problems = one(updated=raw)
    assert row.updated == expected
    assert row.updated.tzinfo is not None
    assert problems == []


def test_an_unreadable_updated_is_a_problem_not_a_rejection():
    row, problems = one(updated="last Tuesday")
    assert row.updated is None
    assert fields_of(problems) == ["updated"]


# Names and slugs -----------------------------------------------------------------------


@pytest.mark.parametrize("name", [..., None, "", "   ", "\x00"])
def test_a_meeting_without_a_name_is_rejected(name):
    problems = rejected(name=name)
    assert fields_of(problems) == ["name"]


def test_a_missing_slug_is_made_from_the_name_with_a_problem():
    row, problems = one(slug=..., name="Sunrise Serenity!")
    assert row.feed_slug == "sunrise-serenity"
    assert fields_of(problems) == ["slug"]


def test_slugs_are_made_url_safe_and_short():
    row, _ = one(slug="Weird Slug/With Spaces & Ümlauts " + "x" * 100)
    assert len(row.feed_slug) <= 64
    assert row.feed_slug.startswith("weird-slugwith-spaces-umlauts")


def test_not_an_object_is_rejected():
    rows, problems = normalize(["a", "list"], default_timezone=DEFAULT)
    assert rows == [] and fields_of(problems) == ["meeting"]


def test_duplicate_slugs_get_numbered_with_a_problem():
    data = [meeting(name=f"Meeting {n}", slug="same") for n in range(3)]
    rows, result = rows_of(data, DEFAULT)
    assert [r.feed_slug for r in rows] == ["same", "same-2", "same-3"]
    slug_problems = [p for p in result.problems if p.field == "slug"]
    assert [p.message for p in slug_problems] == [
        "used twice: this one is same-2",
        "used twice: this one is same-3",
    ]
    assert result.rejected == 0


def test_rejected_meetings_are_counted_and_the_rest_kept():
    data = [meeting(), meeting(name="", slug="x"), meeting(slug="bad", day="Funday"), "junk"]
    rows, result = rows_of(data, DEFAULT)
    assert [r.feed_slug for r in rows] == ["serenity-now"]
    assert result.rejected == 3


def test_the_fingerprint_changes_with_any_field_and_only_then():
    a, _ = one()
    b, _ = one()
    c, _ = one(notes="changed")
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()
