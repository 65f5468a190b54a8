"""Accessibility bugs the browser tests once found, kept as regression tests."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_member
from tests.e2e.conftest import check_accessibility, follow, label, log_in, visit

pytestmark = pytest.mark.browser


def test_flash_messages_pass_axe(page: Page, site: str):
    make_member("river")
    log_in(page, site, "river")
    visit(page, f"{site}/settings/profile/")
    follow(page, page.get_by_role("button", name="Save profile"))
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    check_accessibility(page)


def test_password_rules_are_read_out_with_the_new_password_field(page: Page, site: str):
    make_member("river")
    log_in(page, site, "river")
    visit(page, f"{site}/settings/password/")
    new_password = page.get_by_label(label("New password"))
    expect(new_password).to_have_accessible_description(
        re.compile("must contain at least 10 characters"), timeout=1000
    )
