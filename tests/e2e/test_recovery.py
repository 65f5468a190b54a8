"""River's recovery journey in a browser: count, check-in, trends, a setback met with kindness."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from alongside.recovery import actions, selectors
from tests.conftest import make_member
from tests.e2e.conftest import follow, log_in, visit

pytestmark = pytest.mark.browser


def test_river_checks_in_sees_trends_and_records_a_setback(page: Page, site: str):
    river = make_member("river")
    actions.create_journey(
        user=river,
        start_date=selectors.member_today(river) - timedelta(days=47),
        substance="alcohol",
        pathway="12-step",
        sharing="connections",
    )
    log_in(page, site, "river")
    main = page.get_by_role("main")
    expect(main.get_by_role("region", name="Your journey")).to_contain_text("47")

    follow(page, page.get_by_role("link", name="Check in for today"))
    page.get_by_role("radio", name="4 · Good").check()
    page.get_by_role(
        "group", name="How strong are cravings today? (0 none, 10 very strong)"
    ).get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("checkbox", name="Boredom").check()
    page.get_by_label("Something you're grateful for (optional)").fill("A walk by the river.")
    follow(page, page.get_by_role("button", name="Check in"))
    expect(page.locator(".messages")).to_contain_text("Checked in")
    expect(
        page.get_by_role("region", name="Today sounds hard. Would one of these help?")
    ).to_have_count(0)

    follow(page, page.get_by_role("link", name="See your trends"))
    mood = page.get_by_role("figure", name="Mood")
    expect(mood.locator("svg circle")).to_have_count(1)
    mood.get_by_text("Show as a table").click()
    expect(mood.get_by_role("table")).to_contain_text("4")

    visit(page, f"{site}/me/journey/")
    follow(page, page.get_by_role("link", name="I had a setback"))
    expect(main).to_contain_text("your earlier days stay in your history")
    page.get_by_label("A private reflection (optional)").fill("A hard night after the funeral.")
    follow(page, page.get_by_role("button", name="Save my new start"))
    expect(page.locator(".messages")).to_contain_text("Thank you for being honest with yourself")
    journey = page.get_by_role("region", name="Alcohol")
    expect(journey).to_contain_text("Day one")
    expect(journey).to_contain_text("Days in recovery this year")
    expect(journey).to_contain_text("47")  # the longest stretch still counts
    expect(journey).not_to_contain_text(re.compile(r"(^|\D)0 days"))  # never a zero
