"""The public finder pages: /meetings/, a listing's page and its .ics; group meetings that
aren't in the finder stay members-only; query counts stay flat."""

import itertools
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.test import Client
from icalendar import Calendar

from alongside.accounts.models import Role
from alongside.groups.actions import create_group
from alongside.groups.models import Membership
from alongside.meetings import actions, places, views_finder
from alongside.meetings.models import DirectoryMeeting, FeedSource
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow
from tests.meetings.test_finder import make_listing

NY = ZoneInfo("America/New_York")
ZOOM = "https://us02web.zoom.us/j/123456789"
NOW = datetime(2026, 6, 3, 12, tzinfo=UTC)  # Wednesday 08:00 in New York


def frozen(now=NOW):
    return mock.patch.object(views_finder.timezone, "now", return_value=now)


@pytest.fixture
def source(db):
    return FeedSource.objects.create(name="Brooklyn Intergroup", slug="bk", location="/x.json")


@pytest.fixture
def hybrid(source):
    return make_listing(
        name="Park Slope Big Book",
        slug="bk-park-slope",
        source=source,
        day=3,
        time=time(19),
        duration_minutes=90,
        timezone="America/New_York",
        attendance="hybrid",
        location="Old First Church",
        formatted_address="729 Carroll St, Brooklyn, NY 11215, USA",
        location_notes="Basement, side door",
        latitude=40.675,
        longitude=-73.977,
        conference_url=ZOOM,
        conference_url_notes="Passcode: 1234",
        conference_phone="+1 646 558 8656,,123456789#",
        types=["B", "O", "X"],
        notes="<script>alert('notes')</script> Bring a book & a friend",
        url="https://example.org/park-slope",
    )


# The finder page ---------------------------------------------------------------------


def test_the_finder_works_logged_out_and_logged_in(people, client_for, hybrid):
    for client in (Client(), client_for(people.river)):
        response = client.get("/meetings/")
        assert response.status_code == 200
        assert b"Find a meeting" in response.content
        assert b"Park Slope" not in response.content  # nothing searched yet
        found = client.get("/meetings/", {"query": "park slope"})
        assert found.status_code == 200
        assert b"Park Slope Big Book" in found.content
        assert b"/meetings/bk-park-slope/" in found.content


def test_the_finder_page_shows_no_notes_and_escapes_what_it_shows(db):
    make_listing(name="<b>Bold</b> group", location="<i>Hall</i>", notes="<script>x</script>")
    html = Client().get("/meetings/", {"query": "bold"}).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; group" in html
    assert "&lt;i&gt;Hall&lt;/i&gt;" in html
    assert "<script>x" not in html


def test_the_finder_page_keeps_the_chosen_filters(db):
    html = Client().get(
        "/meetings/",
        {"near": "97214", "distance": "25", "units": "km", "day": "2", "time": "night",
         "attendance": "hybrid", "type": ["W", "O"], "query": "dawn"},
    ).content.decode()  # fmt: skip
    assert 'value="97214"' in html
    assert '<option value="25" selected>' in html
    assert '<option value="km" selected>' in html
    assert '<option value="2" selected>' in html
    assert '<option value="night" selected>' in html
    assert '<option value="hybrid" selected>' in html
    assert 'value="W" checked' in html and 'value="O" checked' in html
    assert 'value="dawn"' in html
    assert "0 meetings" in html


# A listing's page --------------------------------------------------------------------


def test_a_listing_page_shows_when_where_how_to_join_and_types(hybrid):
    with frozen():
        response = Client().get("/meetings/bk-park-slope/")
    assert response.status_code == 200
    html = response.content.decode()
    # When: in the meeting's zone, and the next one in the viewer's (the site's: Los Angeles).
    assert "7:00 PM (America/New_York)" in html
    assert "90 minutes" in html
    assert "Wednesday, June 3, 4:00 PM" in html
    assert "(America/Los_Angeles)" in html
    assert 'datetime="2026-06-03T16:00:00-07:00"' in html
    # Where, with directions.
    assert "Old First Church" in html
    assert "729 Carroll St, Brooklyn, NY 11215, USA" in html
    assert "Basement, side door" in html
    assert (
        "https://www.openstreetmap.org/search?query=729%20Carroll%20St%2C%20Brooklyn%2C%20NY"
        in html
    )
    # How to join online.
    assert f'href="{ZOOM}"' in html
    assert "Passcode: 1234" in html
    assert 'href="tel:+1 646 558 8656,,123456789#"' in html
    # Types in words, not codes.
    assert "Big Book" in html and "Open" in html and "Wheelchair" in html
    assert "Brooklyn Intergroup" in html
    assert 'href="https://example.org/park-slope"' in html
    assert 'href="/meetings/bk-park-slope.ics"' in html


def test_a_listing_page_in_the_viewers_time_zone(hybrid, people, client_for):
    people.river.timezone = "Europe/London"
    people.river.save(update_fields=["timezone"])
    with frozen():
        html = client_for(people.river).get("/meetings/bk-park-slope/").content.decode()
    assert "7:00 PM (America/New_York)" in html
    assert "Thursday, June 4, 12:00 AM" in html
    assert "(Europe/London)" in html


def test_notes_with_html_are_shown_as_text(hybrid):
    html = Client().get("/meetings/bk-park-slope/").content.decode()
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert('notes')" not in html
    assert "Bring a book &amp; a friend" in html


def test_an_in_person_listing_has_no_join_section_and_an_online_one_no_place(source):
    make_listing(slug="in-person", source=source, attendance="in_person",
                 formatted_address="1 Main St, Portland, OR", conference_url="")  # fmt: skip
    make_listing(slug="online", source=source, attendance="online", conference_url=ZOOM,
                 formatted_address="Portland, OR", approximate=True)  # fmt: skip
    in_person = Client().get("/meetings/in-person/").content.decode()
    assert "Directions" in in_person and "Joining online" not in in_person
    online = Client().get("/meetings/online/").content.decode()
    assert "Joining online" in online and "Directions" not in online


def test_a_listing_by_appointment(source):
    make_listing(slug="anytime", source=source, day=None, time=None, attendance="online",
                 conference_phone="+1 503 555 0100")  # fmt: skip
    html = Client().get("/meetings/anytime/").content.decode()
    assert "By appointment" in html
    ics = Client().get("/meetings/anytime.ics")
    assert ics.status_code == 200
    assert Calendar.from_ical(ics.content).walk("VEVENT") == []


def test_an_unknown_listing_is_404(db):
    assert Client().get("/meetings/no-such-meeting/").status_code == 404
    assert Client().get("/meetings/no-such-meeting.ics").status_code == 404


# Its calendar ------------------------------------------------------------------------


def parse_ics(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_the_ics_is_a_weekly_event_in_the_meetings_time_zone(hybrid):
    with frozen():
        calendar, event = parse_ics(Client().get("/meetings/bk-park-slope.ics"))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert start == datetime(2026, 6, 3, 19, tzinfo=NY)
    assert start.replace(tzinfo=None) == datetime(2026, 6, 3, 19)
    assert end - start == timedelta(minutes=90)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["WE"]
    assert "Old First Church, 729 Carroll St" in str(event["LOCATION"])
    assert str(event["SUMMARY"]) == "Park Slope Big Book"
    assert str(event["URL"]) == "http://testserver/meetings/bk-park-slope/"
    # Months later, after DST ends, still 19:00 in New York.
    later = rrulestr(rule.to_ical().decode(), dtstart=start).after(datetime(2026, 11, 5, tzinfo=NY))
    assert later.astimezone(NY).time() == time(19)
    assert later.utcoffset() == timedelta(hours=-5)


def test_the_ics_of_a_meeting_past_midnight_ends_after_it_starts(source):
    make_listing(slug="late", source=source, day=6, time=time(23), duration_minutes=90,
                 timezone="America/New_York", attendance="online", conference_url=ZOOM)  # fmt: skip
    with frozen():
        _, event = parse_ics(Client().get("/meetings/late.ics"))
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert end > start
    assert end - start == timedelta(minutes=90)
    assert start.replace(tzinfo=None) == datetime(2026, 6, 6, 23)
    assert end.replace(tzinfo=None) == datetime(2026, 6, 7, 0, 30)
    assert event["RRULE"]["BYDAY"] == ["SA"]
    assert str(event["LOCATION"]) == ZOOM


def test_the_ics_on_the_day_dst_starts(source):
    make_listing(slug="dst", source=source, day=0, time=time(1, 30), duration_minutes=60,
                 timezone="America/New_York", attendance="online", conference_url=ZOOM)  # fmt: skip
    with frozen(datetime(2026, 3, 7, 12, tzinfo=UTC)):
        _, event = parse_ics(Client().get("/meetings/dst.ics"))
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert start.replace(tzinfo=None) == datetime(2026, 3, 8, 1, 30)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=60)
    assert end > start


# Group meetings stay members-only unless listed in the finder ----------------------------


@pytest.fixture
def group_meetings(people):
    lead = make_member("lead", Role.FACILITATOR)
    group = create_group(
        user=lead, tags=[], name="Alumni circle", description="d", guidelines="",
        language="en", timezone="America/Los_Angeles", visibility="listed", join_policy="open",
        size_limit=None,
    )  # fmt: skip
    Membership.objects.create(group=group, user=people.river)

    def schedule(name, in_finder):
        return actions.schedule_meeting(
            user=lead, group=group, name=name, start_date=date(2026, 6, 3),
            start_time=time(19), duration_minutes=60, repeat="weekly", repeat_until=None,
            timezone="America/Los_Angeles", mode="online", location_name="", address="",
            location_notes="", conference_url=ZOOM, conference_phone="",
            conference_notes="Members: passcode in the group", notes="", types=["O"],
            in_finder=in_finder,
        )  # fmt: skip

    return schedule("Members only", False), schedule("Open to all", True)


def test_a_group_meeting_not_in_the_finder_is_404_for_visitors_and_non_members(
    group_meetings, people, client_for
):
    hidden, _listed = group_meetings
    assert not DirectoryMeeting.objects.filter(meeting=hidden).exists()
    for url in (f"/meetings/{hidden.slug}/", f"/meetings/{hidden.slug}.ics"):
        assert Client().get(url).status_code == 404, url
        assert client_for(people.outsider).get(url).status_code == 404, url
        assert client_for(people.river).get(url).status_code == 200, url
    found = Client().get("/meetings/", {"query": "members only"}).content.decode()
    assert "Members only" not in found


def test_a_group_meeting_in_the_finder_is_public_as_a_listing(group_meetings, people, client_for):
    _hidden, listed = group_meetings
    for client in (Client(), client_for(people.outsider)):
        response = client.get(f"/meetings/{listed.slug}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Open to all" in html
        assert "Alumni circle on Alongside" in html
        assert "rsvp" not in html.lower()
        assert client.get(f"/meetings/{listed.slug}.ics").status_code == 200
    # Members still get the group's own page, with RSVP.
    member = client_for(people.river).get(f"/meetings/{listed.slug}/").content.decode()
    assert "rsvp" in member.lower()
    assert "Open to all" in Client().get("/meetings/", {"query": "open to all"}).content.decode()


# Query counts ------------------------------------------------------------------------


def test_the_finder_near_a_zip_runs_a_flat_number_of_queries(db, source):
    home = places.resolve("97214")
    numbers = itertools.count()

    def grow():
        for _ in range(15):
            n = next(numbers)
            make_listing(name=f"Extra {n}", source=source, day=n % 7, latitude=home[0] + 0.001 * n,
                         longitude=home[1], types=["O", "D"], attendance="hybrid",
                         conference_url=ZOOM, formatted_address=f"{n} SE Main St")  # fmt: skip

    grow()
    queries = assert_queries_do_not_grow(Client(), "/meetings/?near=97214", grow)
    assert queries <= 6
    assert DirectoryMeeting.objects.count() == 30


def test_the_listing_page_and_feed_run_a_flat_number_of_queries(db, source, hybrid):
    numbers = itertools.count()

    def grow():
        for _ in range(10):
            make_listing(name=f"More {next(numbers)}", source=source, attendance="online",
                         conference_url=ZOOM)  # fmt: skip
        FeedSource.objects.filter(pk=source.pk).update(republish=True)

    client = Client()
    assert_queries_do_not_grow(client, "/meetings/bk-park-slope/", grow)
    assert_queries_do_not_grow(client, "/meetings/feed.json", grow)
    assert_queries_do_not_grow(client, "/meetings/feed.json?day=3&type=O", grow)
