"""Joining, confirming the email, logging in and out, and getting back in with a new password."""

import re

import pytest
from playwright.sync_api import Page, expect

from alongside.accounts import actions
from alongside.accounts.models import User
from tests.conftest import PASSWORD, make_member
from tests.e2e.conftest import (
    MOBILE,
    OpenPage,
    check_accessibility,
    follow,
    label,
    link_in_last_email,
    log_in,
    visit,
)

pytestmark = pytest.mark.browser

STRONG_PASSWORD = "lantern-harbor-meadow-42"


def test_sign_up_confirm_the_email_and_log_in(open_page: OpenPage, site: str):
    page = open_page(viewport=MOBILE, timezone_id="America/Chicago")
    visit(page, site + "/")
    follow(page, page.get_by_role("banner").get_by_role("link", name="Join"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Alongside")

    page.get_by_label("Handle").fill("quinn")
    page.get_by_label("Email").fill("quinn@example.org")
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    # alongside.js fills the time zone in from the browser.
    expect(page.get_by_label("Time zone")).to_have_value("America/Chicago")
    page.get_by_label("I've read the community guidelines and will follow them").check()
    follow(page, page.get_by_role("button", name="Create my account"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    user = User.objects.get(handle="quinn")
    assert user.timezone == "America/Chicago"
    assert not user.email_confirmed

    visit(page, link_in_last_email(site, to="quinn@example.org", path_contains="/confirm/"))
    assert page.url == f"{site}/accounts/login/"
    expect(page.get_by_role("status")).to_contain_text("Your email is confirmed")
    log_in(page, site, "quinn", STRONG_PASSWORD)
    assert page.url == f"{site}/"


def test_sign_up_with_a_weak_password_explains_what_to_fix(page: Page, site: str):
    visit(page, f"{site}/accounts/signup/")
    page.get_by_label("Handle").fill("quinn")
    page.get_by_label("Email").fill("quinn@example.org")
    page.get_by_label("Password").fill("short")
    follow(page, page.get_by_role("button", name="Create my account"))
    # The error is tied to the field, so a screen reader reads it out with the field.
    password = page.get_by_label(label("Password"))
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("must contain at least 10"))
    expect(page.get_by_label(label("Handle"))).to_have_value("quinn")
    assert not User.objects.filter(handle="quinn").exists()


def test_wrong_password_shows_a_clear_error(page: Page, site: str):
    make_member("river")
    visit(page, f"{site}/accounts/login/")
    page.get_by_label("Handle or email").fill("river")
    page.get_by_label("Password").fill("not-the-password")
    follow(page, page.get_by_role("button", name="Log in"))

    expect(page.get_by_role("alert")).to_contain_text(
        "That handle or email and password didn't match"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_role("banner").get_by_role("button", name="Log out")).to_have_count(0)


def test_unconfirmed_account_cannot_log_in_and_can_get_a_new_link(page: Page, site: str):
    actions.register_member(handle="wren", email="wren@example.org", password=PASSWORD)
    visit(page, f"{site}/accounts/login/")
    page.get_by_label("Handle or email").fill("wren")
    page.get_by_label("Password").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Log in"))

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Please confirm your email first")
    expect(page.get_by_role("banner").get_by_role("button", name="Log out")).to_have_count(0)

    follow(page, alert.get_by_role("link", name="Send a new link"))
    page.get_by_label("Email").fill("wren@example.org")
    follow(page, page.get_by_role("button", name="Send the link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    visit(page, link_in_last_email(site, to="wren@example.org", path_contains="/confirm/"))
    log_in(page, site, "wren")


def test_log_out_with_the_header_button(page: Page, site: str):
    make_member("river")
    log_in(page, site, "river")
    follow(page, page.get_by_role("banner").get_by_role("button", name="Log out"))

    banner = page.get_by_role("banner")
    expect(banner.get_by_role("link", name="Log in")).to_be_visible()
    expect(banner.get_by_role("button", name="Log out")).to_have_count(0)
    visit(page, f"{site}/settings/")
    assert page.url.startswith(f"{site}/accounts/login/?next=")


def test_password_reset_by_email_link_sets_a_password_that_works(page: Page, site: str):
    make_member("sam")
    visit(page, f"{site}/accounts/login/")
    follow(page, page.get_by_role("link", name="Forgot your password?"))
    page.get_by_label("Email").fill("sam@example.org")
    follow(page, page.get_by_role("button", name="Send the link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    visit(page, link_in_last_email(site, to="sam@example.org", path_contains="/password-reset/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label(label("New password")).fill(STRONG_PASSWORD)
    page.get_by_label(label("New password confirmation")).fill(STRONG_PASSWORD)
    follow(page, page.get_by_role("button", name="Save my new password"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new password is saved")

    follow(page, page.get_by_role("main").get_by_role("link", name="Log in"))
    page.get_by_label("Handle or email").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Log in"))
    expect(page.get_by_role("alert")).to_contain_text("didn't match")

    page.get_by_label("Password").fill(STRONG_PASSWORD)
    follow(page, page.get_by_role("button", name="Log in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back, sam")
    check_accessibility(page)
