"""Notifications as a member lives them: settings, a live unread count, the notification centre."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from alongside.accounts.models import Role
from alongside.discussions.actions import start_thread
from alongside.groups.actions import create_group
from alongside.groups.models import Membership
from alongside.notifications.models import NotificationSettings
from tests.conftest import make_member
from tests.e2e.conftest import OpenPage, follow, log_in, visit

pytestmark = pytest.mark.browser


def test_river_turns_on_emails_and_sees_the_live_unread_count(open_page: OpenPage, asgi_site: str):
    site = asgi_site
    river_member = make_member("river")
    sam_member = make_member("sam", Role.FACILITATOR)
    group = create_group(
        user=sam_member,
        tags=[],
        name="Alumni",
        description="Alumni of Cedar Ridge.",
        guidelines="",
        language="en",
        timezone="America/Los_Angeles",
        visibility="listed",
        join_policy="open",
        size_limit=None,
    )
    Membership.objects.create(group=group, user=river_member)
    thread = start_thread(
        user=river_member, board=group.board, title="First week back at work", body="Any tips?"
    )

    river = open_page()
    log_in(river, site, "river")
    visit(river, f"{site}/settings/notifications/")
    river.get_by_label("Email for Replies to your posts").select_option("instant")
    river.get_by_label("Quiet from").fill("")
    follow(river, river.get_by_role("button", name="Save notification settings"))
    expect(river.locator(".messages")).to_have_text("Your notification settings are saved.")
    prefs = NotificationSettings.objects.get(user=river_member)
    assert prefs.email_for("replies") == "instant"

    visit(river, f"{site}/")
    badge = river.get_by_role("banner").locator("[data-unread-count]")
    expect(badge).to_be_hidden()
    expect(river.locator("body[data-live-connected=true]")).to_have_count(1)

    sam = open_page()
    log_in(sam, site, "sam")
    visit(sam, f"{site}/discussions/threads/{thread.pk}/")
    sam.get_by_label("Your reply").fill("Pack your lunch the night before. You've got this.")
    follow(sam, sam.get_by_role("button", name="Reply"))

    # No reload: the count arrives over river's websocket.
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1")
    river.wait_for_timeout(100)

    notifications = river.get_by_role("banner").get_by_role("link", name="Notifications")
    follow(river, notifications)
    item = river.get_by_role("main").get_by_role(
        "link", name="sam replied in “First week back at work”."
    )
    expect(item).to_be_visible()
    follow(river, item)
    assert river.url.startswith(f"{site}/discussions/threads/{thread.pk}/")
    expect(river.get_by_role("main")).to_contain_text("Pack your lunch")
    expect(river.get_by_role("banner").locator("[data-unread-count]")).to_be_hidden()

    # The email said only that something happened, not who or what.
    [email] = [
        m
        for m in mail.outbox
        if m.to == ["river@example.org"]
        and "Welcome" not in m.subject
        and "confirm" not in m.subject.lower()
    ]
    assert "sam" not in email.subject and "sam" not in str(email.body)
