"""Structured peer support in a browser: a private group, a request, a meeting, a calendar."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from alongside.accounts.models import Role
from tests.conftest import make_member
from tests.e2e.conftest import OpenPage, follow, label, log_in, visit

pytestmark = pytest.mark.browser


def test_a_private_group_a_request_a_weekly_meeting_and_a_calendar(open_page: OpenPage, site: str):
    make_member("jordan", Role.FACILITATOR)
    make_member("river")

    jordan = open_page()
    log_in(jordan, site, "jordan")
    follow(jordan, jordan.get_by_role("banner").get_by_role("link", name="Groups"))
    follow(jordan, jordan.get_by_role("link", name="Start a group"))
    jordan.get_by_label(label("Name")).fill("Parents in recovery")
    jordan.get_by_label(label("What this group is about")).fill("Raising kids while rebuilding.")
    jordan.get_by_label(label("Topics")).fill("parents, family")
    jordan.get_by_role("radio", name=re.compile("^Private")).check()
    jordan.get_by_role("radio", name=re.compile("^Ask to join")).check()
    follow(jordan, jordan.get_by_role("button", name="Start the group"))
    expect(jordan.get_by_role("heading", level=1)).to_have_text("Parents in recovery")

    follow(jordan, jordan.get_by_role("link", name="Manage group"))
    private_link = jordan.get_by_label(re.compile("^Private link")).input_value()
    assert "key=" in private_link

    # river can't find it without the link...
    river = open_page()
    log_in(river, site, "river")
    visit(river, f"{site}/groups/parents-in-recovery/", status=404)
    # ...and with it, asks to join.
    visit(river, private_link.replace("http://testserver", site))
    river.get_by_label("A note for the facilitators (optional)").fill("My kids are 4 and 7.")
    follow(river, river.get_by_role("button", name="Ask to join"))
    expect(river.locator(".messages")).to_contain_text("Request sent")

    visit(jordan, f"{site}/groups/parents-in-recovery/manage/")
    expect(jordan.get_by_role("main")).to_contain_text("My kids are 4 and 7.")
    follow(jordan, jordan.get_by_role("button", name="Welcome river"))
    expect(jordan.locator(".messages")).to_contain_text("river is now a member")

    visit(jordan, f"{site}/groups/parents-in-recovery/")
    follow(jordan, jordan.get_by_role("link", name="Schedule a meeting"))
    jordan.get_by_label(label("Name")).fill("Parents' evening circle")
    start = timezone.localdate() + timedelta(days=2)
    jordan.get_by_label(label("Date")).fill(start.isoformat())
    jordan.get_by_label(label("Starts at")).fill("19:00")
    jordan.get_by_role("radio", name="Every week").check()
    jordan.get_by_role("radio", name="Online", exact=True).check()
    jordan.get_by_label(label("Video link")).fill("https://meet.example.org/parents")
    follow(jordan, jordan.get_by_role("button", name="Schedule it"))
    expect(jordan.get_by_role("heading", level=1)).to_have_text("Parents' evening circle")

    visit(river, f"{site}/groups/parents-in-recovery/")
    follow(river, river.get_by_role("link", name="Parents' evening circle"))
    follow(river, river.get_by_role("button", name="Going", exact=True))
    expect(river.get_by_role("button", name="Going", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    follow(river, river.get_by_role("link", name="Subscribe to all your meetings"))
    follow(river, river.get_by_role("button", name="Get my calendar address"))
    feed = river.get_by_label("Your private calendar address").input_value()
    response = river.request.get(feed.replace("http://testserver", site))
    assert response.status == 200
    calendar = Calendar.from_ical(response.body())
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Parents' evening circle"
    assert "FREQ=WEEKLY" in event["rrule"].to_ical().decode()
    assert calendar.walk("VTIMEZONE")
