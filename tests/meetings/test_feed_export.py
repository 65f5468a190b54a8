"""Our own Meeting Guide feed (/meetings/feed.json): what is published, its filters (TSML
names), CORS, and a round trip through our own importer."""

import json
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from alongside.accounts.models import Role
from alongside.groups.actions import create_group, update_group
from alongside.meetings import actions
from alongside.meetings.feed_import import sync
from alongside.meetings.models import DirectoryMeeting, FeedSource
from tests.conftest import make_member

FEEDS = Path(__file__).parent / "feeds"
ZOOM = "https://us02web.zoom.us/j/123456789"


def new_group(lead, name, visibility="listed"):
    return create_group(
        user=lead, tags=[], name=name, description="d", guidelines="", language="en",
        timezone="America/Los_Angeles", visibility=visibility, join_policy="open",
        size_limit=None,
    )  # fmt: skip


def group_meeting(lead, group, name, *, in_finder=True, **overrides):
    fields = {
        "name": name, "start_date": date(2026, 6, 3), "start_time": time(19),
        "duration_minutes": 90, "repeat": "weekly", "repeat_until": None,
        "timezone": "America/Los_Angeles", "mode": "hybrid", "location_name": "Hawthorne Hall",
        "address": "1234 SE Hawthorne Blvd, Portland, OR 97214", "location_notes": "Side door",
        "conference_url": ZOOM, "conference_phone": "", "conference_notes": "Passcode 1",
        "notes": "All welcome", "types": ["O", "D"], "in_finder": in_finder,
        "latitude": Decimal("45.512"), "longitude": Decimal("-122.63"),
    }  # fmt: skip
    fields.update(overrides)
    return actions.schedule_meeting(user=lead, group=group, **fields)


@pytest.fixture
def lead(db):
    return make_member("lead", Role.FACILITATOR)


@pytest.fixture
def published(lead, tmp_path):
    """Listed and hidden group meetings, and two imported sources (one re-publishable)."""
    listed = new_group(lead, "Hawthorne circle")
    shown = group_meeting(lead, listed, "Hawthorne circle")
    group_meeting(lead, listed, "Not in the finder", in_finder=False)
    group_meeting(lead, new_group(lead, "Quiet room", "private"), "Private group meeting")
    group_meeting(lead, new_group(lead, "Side room", "unlisted"), "Unlisted group meeting")
    shared = FeedSource.objects.create(
        name="Shared", slug="shared", location=str(FEEDS / "oc_excerpt.json"), republish=True
    )
    kept = FeedSource.objects.create(
        name="Kept", slug="kept", location=str(FEEDS / "marin_excerpt.json"), republish=False
    )
    sync(shared)
    sync(kept)
    return shown, shared, kept


def feed(client=None, **params):
    response = (client or Client()).get("/meetings/feed.json", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_feed_lists_finder_group_meetings_and_republishable_imports_only(published):
    shown, shared, kept = published
    items = feed()
    names = [i["name"] for i in items]
    assert "Hawthorne circle" in names
    for hidden in ("Not in the finder", "Private group meeting", "Unlisted group meeting"):
        assert hidden not in names
    shared_names = set(
        DirectoryMeeting.objects.filter(source=shared).values_list("name", flat=True)
    )
    kept_names = set(DirectoryMeeting.objects.filter(source=kept).values_list("name", flat=True))
    assert shared_names <= set(names)
    assert not kept_names & set(names)
    assert len(items) == 1 + DirectoryMeeting.objects.filter(source=shared).count()
    assert len({i["slug"] for i in items}) == len(items)
    assert shown.pk


def test_a_group_meeting_in_the_feed_is_meeting_guide_shaped(published):
    [item] = [i for i in feed() if i["name"] == "Hawthorne circle"]
    assert item["day"] == 3
    assert item["time"] == "19:00"
    assert item["end_time"] == "20:30"
    assert item["timezone"] == "America/Los_Angeles"
    assert item["types"] == ["D", "O", "ONL"]
    assert item["attendance_option"] == "hybrid"
    assert item["formatted_address"] == "1234 SE Hawthorne Blvd, Portland, OR 97214"
    assert item["location"] == "Hawthorne Hall"
    assert item["conference_url"] == ZOOM
    assert item["group"] == "Hawthorne circle"
    assert (item["latitude"], item["longitude"], item["approximate"]) == (45.512, -122.63, "no")
    assert item["url"] == f"http://testserver/meetings/{item['slug']}/"
    assert "<" not in json.dumps(item)


def test_the_feed_allows_other_sites_to_read_it(published):
    response = Client().get("/meetings/feed.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response["Cache-Control"]
    assert Client().post("/meetings/feed.json").status_code == 405


def test_the_feed_is_the_same_for_members_and_visitors(published, client_for, people):
    assert feed(client_for(people.river)) == feed()


def test_feed_filters_with_tsml_names(published):
    everything = feed()

    def names(**params):
        return sorted(i["name"] for i in feed(**params))

    assert names(day=3) == sorted(i["name"] for i in everything if i.get("day") == 3)
    assert "Hawthorne circle" in names(day=3)
    assert "Hawthorne circle" not in names(day=4)
    assert "Hawthorne circle" in names(time="evening")
    assert "Hawthorne circle" not in names(time="morning")
    assert names(type="ONL") == sorted(i["name"] for i in everything if "ONL" in i["types"])
    both = sorted(i["name"] for i in everything if {"O", "ONL"} <= set(i["types"]))
    assert "Hawthorne circle" in both and len(both) < len(everything)
    assert names(type="O,ONL") == both
    assert names(type=["O", "ONL"]) == both
    assert names(query="hawthorne") == ["Hawthorne circle"]
    near = names(latitude="45.53", longitude="-122.63", distance="2", distance_units="mi")
    assert near == ["Hawthorne circle"]
    assert names(latitude="45.53", longitude="-122.63", distance="1", distance_units="km") == []
    assert "Hawthorne circle" in names(attendance_option="hybrid")
    assert "Hawthorne circle" in names(attendance_option="online")
    assert "Hawthorne circle" in names(attendance_option="in_person")
    online = names(attendance_option="online")
    assert online == sorted(
        i["name"] for i in everything if i["attendance_option"] in ("online", "hybrid")
    )
    # Costa Mesa, CA is far from Portland.
    assert "40 Minutes to Freedom" in names(latitude="33.685", longitude="-117.872", distance="1")


def test_the_feed_never_includes_inactive_meetings_when_filtered(published):
    inactive = [i["name"] for i in feed() if i["attendance_option"] == "inactive"]
    filtered = [i["name"] for i in feed(day="0")]
    assert not set(inactive) & set(filtered)


def test_cancelling_or_taking_a_meeting_out_of_the_finder_removes_it(published, lead):
    shown, _, _ = published
    actions.update_meeting(user=lead, meeting=shown, in_finder=False)
    assert "Hawthorne circle" not in [i["name"] for i in feed()]
    actions.update_meeting(user=lead, meeting=shown, in_finder=True)
    assert "Hawthorne circle" in [i["name"] for i in feed()]
    actions.cancel(user=lead, meeting=shown, occurrence_date=None)
    assert "Hawthorne circle" not in [i["name"] for i in feed()]


def test_a_group_that_becomes_private_leaves_the_feed(published, lead):
    shown, _, _ = published
    update_group(user=lead, group=shown.group, tags=[], visibility="private")
    assert "Hawthorne circle" not in [i["name"] for i in feed()]
    assert Client().get(f"/meetings/{shown.slug}/").status_code == 404


def test_a_weekly_meeting_on_several_days_is_one_feed_row_per_day(lead):
    group = new_group(lead, "Twice weekly")
    meeting = group_meeting(lead, group, "Twice weekly")
    meeting.rrule = "FREQ=WEEKLY;BYDAY=MO,WE"
    meeting.save(update_fields=["rrule"])
    from alongside.meetings.finder_sync import sync_group_meeting

    sync_group_meeting(meeting)
    items = [i for i in feed() if i["name"] == "Twice weekly"]
    assert sorted(i["day"] for i in items) == [1, 3]
    assert len({i["slug"] for i in items}) == 2


# Round trip ----------------------------------------------------------------------------

COMPARED = ("name", "day", "time", "timezone", "types", "attendance", "formatted_address")


def snapshot(rows):
    return sorted(
        tuple(str(getattr(m, f)) if f != "types" else tuple(m.types) for f in COMPARED)
        for m in rows
    )


def export_to(path: Path) -> str:
    path.write_text(json.dumps(feed()))
    return str(path)


def test_importing_our_own_export_gives_the_same_meetings(published, tmp_path):
    exported = DirectoryMeeting.objects.filter(source__republish=True) | (
        DirectoryMeeting.objects.filter(source__isnull=True)
    )
    location = export_to(tmp_path / "ours.json")
    copy = FeedSource.objects.create(
        name="Copy", slug="copy", location=location, default_timezone="Europe/Berlin"
    )
    result = sync(copy)
    assert result.rejected == 0
    assert result.added == exported.count()
    assert snapshot(DirectoryMeeting.objects.filter(source=copy)) == snapshot(exported)
    # The durations survive too (end_time), and notes and links as plain text.
    original = DirectoryMeeting.objects.get(source=None)
    copied = DirectoryMeeting.objects.get(source=copy, name="Hawthorne circle")
    assert copied.duration_minutes == original.duration_minutes == 90
    assert (copied.conference_url, copied.notes, copied.location) == (
        original.conference_url,
        original.notes,
        original.location,
    )
    # And again: nothing changes.
    assert sync(copy).unchanged == result.added


def test_a_meeting_past_midnight_and_one_by_appointment_survive_the_round_trip(db, tmp_path):
    data = [
        {"name": "Late", "slug": "late", "day": 5, "time": "23:00", "end_time": "00:30",
         "timezone": "America/New_York", "conference_url": ZOOM, "types": ["C", "ONL"]},
        {"name": "Anytime", "slug": "anytime", "conference_phone": "+1 503 555 0100"},
    ]  # fmt: skip
    (tmp_path / "in.json").write_text(json.dumps(data))
    first = FeedSource.objects.create(
        name="First", slug="first", location=str(tmp_path / "in.json"), republish=True
    )
    sync(first)
    items = {i["name"]: i for i in feed()}
    assert items["Late"]["end_time"] == "00:30"
    assert "day" not in items["Anytime"] and "time" not in items["Anytime"]
    copy = FeedSource.objects.create(name="Copy", slug="copy", location=export_to(tmp_path / "o"))
    sync(copy)
    assert snapshot(DirectoryMeeting.objects.filter(source=copy)) == snapshot(
        DirectoryMeeting.objects.filter(source=first)
    )
    late = DirectoryMeeting.objects.get(source=copy, name="Late")
    assert late.duration_minutes == 90


def test_meetings_without_coordinates_keep_their_attendance_in_a_round_trip(db, tmp_path):
    first = FeedSource.objects.create(
        name="Edmonton",
        slug="edmonton",
        location=str(FEEDS / "edmonton_excerpt.json"),
        default_timezone="America/Edmonton",
        republish=True,
    )
    sync(first)
    assert DirectoryMeeting.objects.filter(source=first, attendance="in_person").exists()
    copy = FeedSource.objects.create(name="Copy", slug="copy", location=export_to(tmp_path / "o"))
    sync(copy)
    assert snapshot(DirectoryMeeting.objects.filter(source=copy)) == snapshot(
        DirectoryMeeting.objects.filter(source=first)
    )


def test_a_group_meeting_can_be_listed_when_an_import_has_its_slug(lead, tmp_path):
    (tmp_path / "feed.json").write_text(json.dumps([{"name": "Circle", "slug": "circle"}]))
    evening = FeedSource.objects.create(
        name="Evening", slug="evening", location=str(tmp_path / "feed.json")
    )
    sync(evening)
    assert DirectoryMeeting.objects.filter(slug="evening-circle").exists()
    group = new_group(lead, "Evening circle")
    meeting = group_meeting(lead, group, "Evening circle")
    assert meeting.slug == "evening-circle"
    listed = DirectoryMeeting.objects.get(meeting=meeting)
    assert Client().get(f"/meetings/{listed.slug}/").content.decode().count("Evening circle")


def test_a_one_off_group_meeting_is_never_listed(lead):
    group = new_group(lead, "Once")
    once = group_meeting(lead, group, "Just once", repeat="once")
    assert not DirectoryMeeting.objects.filter(meeting=once).exists()
    assert "Just once" not in [i["name"] for i in feed()]
    assert Client().get(f"/meetings/{once.slug}/").status_code == 404
