"""A member fills in their profile and decides, detail by detail, who sees it."""

import pytest
from playwright.sync_api import expect

from tests.conftest import make_member
from tests.e2e.conftest import MOBILE, OpenPage, follow, label, log_in, visit

pytestmark = pytest.mark.browser

BIO = "Two years into SMART Recovery. Mornings are the hard part."


def test_profile_details_show_only_to_whom_the_member_chose(open_page: OpenPage, site: str):
    make_member("river")
    make_member("sam")

    river = open_page(viewport=MOBILE)
    log_in(river, site, "river")
    follow(river, river.get_by_role("banner").get_by_role("link", name="Settings"))
    follow(river, river.get_by_role("link", name="Profile and who can see it"))

    river.get_by_label(label("Display name")).fill("River T.")
    river.get_by_label(label("About me")).fill(BIO)
    river.get_by_label("SMART Recovery").check()
    river.get_by_label("Secular").check()
    river.get_by_label("Who can see your display name").select_option(label="All members")
    river.get_by_label("Who can see your about me").select_option(label="Only me")
    follow(river, river.get_by_role("button", name="Save profile"))

    expect(river.get_by_role("status")).to_have_text("Your profile is saved.")
    expect(river.get_by_label(label("Display name"))).to_have_value("River T.")
    expect(river.get_by_label("Who can see your display name")).to_have_value("members")
    expect(river.get_by_label("Who can see your about me")).to_have_value("me")
    expect(river.get_by_label("SMART Recovery")).to_be_checked()

    # River's own view shows everything, each with who can see it.
    follow(river, river.get_by_role("link", name="See your profile as others do"))
    own = river.get_by_role("main")
    expect(own).to_contain_text("River T.")
    expect(own).to_contain_text(BIO)
    expect(own).to_contain_text("SMART Recovery, Secular")

    sam = open_page()
    log_in(sam, site, "sam")
    visit(sam, f"{site}/people/river/")
    theirs = sam.get_by_role("main")
    expect(theirs.get_by_role("heading", level=1)).to_have_text("river")
    expect(theirs).to_contain_text("River T.")
    expect(theirs).not_to_contain_text("Mornings are the hard part")
    expect(theirs).not_to_contain_text("SMART Recovery")

    # The display name is shown to all members, so it also finds river in the directory.
    follow(sam, sam.get_by_role("banner").get_by_role("link", name="People"))
    sam.get_by_role("searchbox", name="Search members").fill("River T")
    follow(sam, sam.get_by_role("button", name="Search"))
    expect(sam.get_by_role("main").get_by_role("link", name="river")).to_be_visible()
    expect(sam.get_by_role("main")).to_contain_text("River T.")
