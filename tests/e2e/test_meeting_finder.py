"""The public meeting finder in a browser: a visitor (no login) searches near 97214 for a meeting
tonight, opens one, adds it to a calendar; phone width, an unknown place and the keyboard too.

The data is the bundled Portland demo feed (fictional meetings), imported as a real sync would.
"Tonight" is today in Portland by the real clock (the live server's can't be frozen): the feed
has an in-person evening meeting near 97214 and an online night meeting on every day."""

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import Page, expect

import alongside.meetings
from alongside.meetings.feed_import import sync
from alongside.meetings.models import DirectoryMeeting, FeedSource
from tests.e2e.conftest import MOBILE, OpenPage, check_accessibility, follow, label, visit

pytestmark = pytest.mark.browser

PORTLAND = ZoneInfo("America/Los_Angeles")
DEMO_FEED = Path(alongside.meetings.__file__).with_name("demo_feed.json")
# A meeting that began a few minutes ago is shown as in progress, with the start it just had.
IN_PROGRESS = timedelta(minutes=15)
WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def import_demo_feed() -> None:
    source = FeedSource.objects.create(
        name="Portland Area Intergroup (test)",
        slug="portland-test",
        location=str(DEMO_FEED),
        default_timezone="America/Los_Angeles",
    )
    result = sync(source)
    assert not result.error, result.error
    assert result.added > 0
    assert DirectoryMeeting.objects.filter(source=source).exists()


def tonight() -> int:
    """Today in Portland as the feeds count days (0 = Sunday)."""
    return (datetime.now(PORTLAND).weekday() + 1) % 7


def search(page: Page, *, near: str, day: int, time: str, how: str) -> None:
    page.get_by_label("Near (ZIP code or City, ST)").fill(near)
    page.get_by_label("Day", exact=True).select_option(str(day))
    page.get_by_label("Time", exact=True).select_option(time)
    page.get_by_label("How", exact=True).select_option(label=how)
    follow(page, page.get_by_role("button", name="Find meetings"))


def results(page: Page):
    return page.get_by_role("region", name=re.compile(r"^\d+ meetings?$")).get_by_role("listitem")


def download_ics(page: Page, tmp_path: Path, slug: str) -> Any:
    with page.expect_download() as info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    download = info.value
    assert download.suggested_filename == f"{slug}.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    calendar = icalendar.Calendar.from_ical(saved.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def check_calendar_event(event: Any, *, name: str, day: int, next_start: datetime) -> None:
    assert str(event["SUMMARY"]) == name
    dtstart = event["DTSTART"]
    assert dtstart.params["TZID"] == "America/Los_Angeles"
    assert dtstart.dt == next_start
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == [("SU", "MO", "TU", "WE", "TH", "FR", "SA")[day]]


def open_first_result(page: Page, day: int) -> tuple[str, str, datetime]:
    """Open the first result; check its When section; (its name, its slug, its next start)."""
    first = results(page).first
    link = first.get_by_role("link")
    name = link.inner_text().strip()
    listed = first.locator("time").get_attribute("datetime")
    assert listed is not None
    follow(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    when = page.get_by_role("region", name="When")
    expect(when).to_contain_text(f"Every {WEEKDAYS[day]}")
    expect(when).to_contain_text("America/Los_Angeles")
    expect(when).to_contain_text("Next:")
    next_time = when.locator("time")
    expect(next_time).to_have_attribute("datetime", listed)
    next_start = datetime.fromisoformat(listed)
    assert next_start > datetime.now(PORTLAND) - IN_PROGRESS
    assert (next_start.astimezone(PORTLAND).weekday() + 1) % 7 == day
    hour = next_start.hour % 12 or 12
    shown = f"{next_start:%A, %B} {next_start.day}, {hour}:{next_start:%M %p}"
    expect(next_time).to_have_text(shown)  # in the viewer's time zone, as the datetime says
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    return name, slug, next_start


def test_visitor_finds_an_in_person_meeting_tonight_and_adds_it_to_a_calendar(
    page: Page, site: str, tmp_path: Path
):
    import_demo_feed()
    day = tonight()
    visit(page, f"{site}/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a meeting")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()  # nobody is logged in

    search(page, near="97214", day=day, time="evening", how="In person or online")
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"^\d+ meetings?$"))
    ).to_be_visible()
    expect(results(page).first).to_be_visible()
    assert results(page).count() >= 1
    expect(page.get_by_text("Nearest first.")).to_be_visible()
    expect(results(page).first).to_contain_text(re.compile(r"In person|In person and online"))
    expect(results(page).first).to_contain_text(re.compile(r"\d+\.\d mi"))

    name, slug, next_start = open_first_result(page, day)
    where = page.get_by_role("region", name="Where")
    expect(where.get_by_role("link", name="Directions (OpenStreetMap)")).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/search\?query=")
    )

    event = download_ics(page, tmp_path, slug)
    check_calendar_event(event, name=name, day=day, next_start=next_start)
    assert str(event["LOCATION"])  # the address, for the calendar's map
    check_accessibility(page)  # the download leaves the page as it was


def test_visitor_finds_an_online_meeting_tonight_and_adds_it_to_a_calendar(
    page: Page, site: str, tmp_path: Path
):
    import_demo_feed()
    day = tonight()
    visit(page, f"{site}/meetings/")
    search(page, near="97214", day=day, time="night", how="Online")
    expect(results(page).first).to_be_visible()
    assert results(page).count() >= 1
    expect(results(page).first).to_contain_text(re.compile(r"Online|In person and online"))

    name, slug, next_start = open_first_result(page, day)
    online = page.get_by_role("region", name="Joining online")
    expect(online.get_by_role("link", name="Join the meeting")).to_have_attribute(
        "href", re.compile(r"^https://")
    )

    event = download_ics(page, tmp_path, slug)
    check_calendar_event(event, name=name, day=day, next_start=next_start)


def test_the_finder_at_phone_width_is_accessible(open_page: OpenPage, site: str):
    import_demo_feed()
    page = open_page(viewport=MOBILE)
    visit(page, f"{site}/meetings/")
    visit(page, f"{site}/meetings/?near=97214&day={tonight()}&time=evening")
    expect(results(page).first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the finder is {overflow}px wider than a 390px phone"


def test_an_unknown_place_gets_a_friendly_message(page: Page, site: str):
    import_demo_feed()
    visit(page, f"{site}/meetings/")
    near = page.get_by_label("Near (ZIP code or City, ST)")
    near.fill("Nowhereville, ZZ")
    follow(page, page.get_by_role("button", name="Find meetings"))
    message = "We couldn't find that place. Try a 5-digit ZIP code or “Portland, OR”."
    expect(page.locator("#near-error")).to_have_text(message)
    near = page.get_by_label("Near (ZIP code or City, ST)")
    expect(near).to_have_value("Nowhereville, ZZ")
    expect(near).to_have_attribute("aria-invalid", "true")
    expect(near).to_have_accessible_description(message)


def test_the_search_form_works_from_the_keyboard(page: Page, site: str):
    import_demo_feed()
    day = tonight()
    visit(page, f"{site}/meetings/")
    near = page.get_by_label("Near (ZIP code or City, ST)")
    for _ in range(60):  # Tab from the top of the page to the first field
        page.keyboard.press("Tab")
        if near.evaluate("field => field === document.activeElement"):
            break
    expect(near).to_be_focused()
    page.keyboard.type("97214")

    def tab_to(name: str) -> None:
        field = page.get_by_label(label(name))
        for _ in range(5):
            page.keyboard.press("Tab")
            if field.evaluate("field => field === document.activeElement"):
                return
        expect(field).to_be_focused()

    tab_to("Day")
    page.keyboard.type(WEEKDAYS[day])
    expect(page.get_by_label(label("Day"))).to_have_value(str(day))
    tab_to("Time")
    page.keyboard.type("Evening")
    expect(page.get_by_label(label("Time"))).to_have_value("evening")
    tab_to("How")
    page.keyboard.press("ArrowDown")  # from "In person or online" to "In person"
    expect(page.get_by_label(label("How"))).to_have_value("in_person")

    submit = page.get_by_role("button", name="Find meetings")
    for _ in range(40):  # past the type checkboxes and the words field
        page.keyboard.press("Tab")
        if submit.evaluate("button => button === document.activeElement"):
            break
    expect(submit).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_accessibility(page)
    assert f"day={day}" in page.url and "near=97214" in page.url
    expect(page.get_by_label(label("Day"))).to_have_value(str(day))
    expect(results(page).first).to_be_visible()
