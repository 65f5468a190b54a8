"""The forum in a browser: an anonymous post behind a content warning, support from a peer."""

import re

import pytest
from playwright.sync_api import expect

from alongside.discussions.models import Board
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category
from tests.conftest import make_member
from tests.e2e.conftest import OpenPage, follow, label, log_in, visit

pytestmark = pytest.mark.browser


def test_river_posts_anonymously_sam_reacts_and_river_sees_it_at_home(
    open_page: OpenPage, site: str
):
    ensure_categories(Board, Category)  # browser tests flush the tables the migration seeded
    make_member("river")
    make_member("sam")

    river = open_page()
    log_in(river, site, "river")
    follow(river, river.get_by_role("banner").get_by_role("link", name="Forum"))
    follow(river, river.get_by_role("link", name="Cravings and triggers"))
    follow(river, river.get_by_role("link", name="Start a thread"))
    river.get_by_label(label("Title")).fill("A hard weekend")
    river.get_by_label(label("What's on your mind?")).fill(
        "I slipped on Saturday. Back at day one."
    )
    river.get_by_label(label("Post anonymously")).check()
    river.get_by_label(label("Content warning (optional)")).select_option("relapse")
    follow(river, river.get_by_role("button", name="Post thread"))
    thread_url = river.url

    sam = open_page()
    log_in(sam, site, "sam")
    visit(sam, f"{site}/forum/cravings-and-triggers/")
    expect(sam.get_by_role("main")).to_contain_text("A member")
    expect(sam.get_by_role("main")).not_to_contain_text("river")
    follow(sam, sam.get_by_role("link", name=re.compile("A hard weekend")))
    warning = sam.get_by_text(re.compile("Content warning: Details of a relapse"))
    expect(warning).to_be_visible()
    expect(sam.get_by_text("I slipped on Saturday")).to_be_hidden()  # until sam chooses to open it
    warning.click()
    expect(sam.get_by_text("I slipped on Saturday")).to_be_visible()
    follow(sam, sam.get_by_role("button", name="Sending strength"))
    assert sam.url.startswith(thread_url.split("#")[0])

    visit(river, f"{site}/")
    mine = river.get_by_role("region", name="Your threads")
    expect(mine).to_contain_text("A hard weekend")
    expect(mine).to_contain_text("1 supportive reaction")
    expect(mine).to_contain_text("posted anonymously")
