"""Members finding each other: connecting, and blocking someone who makes them feel unsafe."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_member
from tests.e2e.conftest import OpenPage, follow, log_in, visit

pytestmark = pytest.mark.browser

NOTE = "We met at the Tuesday evening group."


def search_people(page: Page, query: str) -> None:
    follow(page, page.get_by_role("banner").get_by_role("link", name="People"))
    page.get_by_role("searchbox", name="Search members").fill(query)
    follow(page, page.get_by_role("button", name="Search"))


def test_connect_with_a_note_and_accept(open_page: OpenPage, site: str):
    make_member("river")
    make_member("sam")

    river = open_page()
    log_in(river, site, "river")
    search_people(river, "sam")
    follow(river, river.get_by_role("main").get_by_role("link", name="sam", exact=True))
    river.get_by_label("Add a note (optional)").fill(NOTE)
    follow(river, river.get_by_role("button", name="Connect"))
    expect(river.get_by_role("status")).to_have_text("Request sent to sam.")
    expect(river.get_by_role("main")).to_contain_text("You'll be connected once they accept")

    sam = open_page()
    log_in(sam, site, "sam")
    expect(sam.get_by_role("main")).to_contain_text("1 request is waiting for you.")
    follow(sam, sam.get_by_role("banner").get_by_role("link", name="Connections"))
    assert sam.url == f"{site}/me/connections/"
    requests = sam.get_by_role("region", name="Requests for you")
    expect(requests.get_by_role("link", name="river")).to_be_visible()
    expect(requests).to_contain_text(NOTE)
    follow(sam, requests.get_by_role("button", name="Accept river"))

    expect(sam.get_by_role("status")).to_have_text("You're connected with river.")
    expect(sam.get_by_role("region", name="Requests for you")).to_have_count(0)
    connected = sam.get_by_role("region", name="Connected")
    expect(connected.get_by_role("link", name="river")).to_be_visible()

    visit(river, f"{site}/people/sam/")
    expect(river.get_by_role("main").get_by_text("Connected", exact=True)).to_be_visible()
    follow(river, river.get_by_role("banner").get_by_role("link", name="Connections"))
    connected = river.get_by_role("region", name="Connected")
    expect(connected.get_by_role("link", name="sam")).to_be_visible()


def test_block_hides_the_blocker_until_unblocked(open_page: OpenPage, site: str):
    make_member("river")
    make_member("sam")

    river = open_page()
    log_in(river, site, "river")
    visit(river, f"{site}/people/sam/")
    follow(river, river.get_by_role("link", name="Block sam"))
    expect(river.get_by_role("heading", level=1)).to_have_text("Block sam?")
    follow(river, river.get_by_role("button", name="Block", exact=True))
    assert river.url == f"{site}/settings/blocked/"
    expect(river.get_by_role("status")).to_contain_text("You blocked sam.")
    expect(river.get_by_role("button", name="Unblock sam")).to_be_visible()

    sam = open_page()
    log_in(sam, site, "sam")
    visit(sam, f"{site}/people/river/", status=404)
    expect(sam.get_by_role("heading", level=1)).to_have_text("We couldn't find that page")
    expect(sam.get_by_role("main")).not_to_contain_text("river")
    search_people(sam, "river")
    expect(sam.get_by_role("main")).to_contain_text("No one matches “river”")
    expect(sam.get_by_role("main").get_by_role("link", name="river")).to_have_count(0)

    follow(river, river.get_by_role("button", name="Unblock sam"))
    expect(river.get_by_role("status")).to_have_text("Unblocked.")
    expect(river.get_by_role("main")).to_contain_text("You haven't blocked anyone.")

    search_people(sam, "river")
    follow(sam, sam.get_by_role("main").get_by_role("link", name="river", exact=True))
    expect(sam.get_by_role("heading", level=1)).to_have_text("river")
