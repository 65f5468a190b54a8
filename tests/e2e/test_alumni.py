"""The alumni program in a real browser: casey creates an invite for the November cohort, a
new member joins with it, confirms their email, opts into "check on me", goes quiet (their
last check-in moved far into the past in the database) and appears on casey's outreach list.
axe checks every page on the way."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import Role, User
from alongside.groups.actions import create_group
from alongside.organizations.models import (
    CheckOnMe,
    Cohort,
    CohortMembership,
    Organization,
    OrganizationStaff,
)
from alongside.recovery.models import CheckIn
from tests.conftest import make_member
from tests.e2e.conftest import MOBILE, OpenPage, follow, label, link_in_last_email, log_in, visit

pytestmark = pytest.mark.browser

PASSWORD = "a new start, every single day"


def test_casey_invites_a_new_member_who_asks_to_be_checked_on(open_page: OpenPage, site: str):
    casey_member = make_member("casey", Role.STAFF, Role.FACILITATOR)
    cedar = Organization.objects.create(name="Cedar Ridge Recovery", slug="cedar-ridge")
    OrganizationStaff.objects.create(
        organization=cedar, user=casey_member, role=OrganizationStaff.Role.COORDINATOR
    )
    Cohort.objects.create(
        organization=cedar, name="October 2026", slug="october-2026",
        discharge_month=date(2026, 10, 1),
    )  # fmt: skip
    november = Cohort.objects.create(
        organization=cedar, name="November 2026", slug="november-2026",
        discharge_month=date(2026, 11, 1),
    )  # fmt: skip
    circle = create_group(
        user=casey_member, tags=[], name="November alumni circle",
        description="For everyone who left Cedar Ridge in November.", visibility="private",
        join_policy="invite",
    )  # fmt: skip
    november.groups.add(circle)

    # casey: from the home page to the dashboard, then Invites.
    casey = open_page()
    log_in(casey, site, "casey")
    follow(casey, casey.get_by_role("link", name="Cedar Ridge Recovery: staff dashboard"))
    assert casey.url == f"{site}/org/cedar-ridge/"
    expect(casey.get_by_role("heading", level=1)).to_have_text(
        "Cedar Ridge Recovery: alumni engagement"
    )
    expect(casey.get_by_role("main")).to_contain_text("fewer than 5")
    follow(
        casey,
        casey.get_by_role("navigation", name="Alumni program").get_by_role("link", name="Invites"),
    )
    casey.get_by_label(label("Cohort")).select_option(label="November 2026")
    casey.get_by_label("November alumni circle").check()
    casey.get_by_label(label("How many people can use it")).fill("1")
    casey.get_by_label(label("Works until")).fill(
        (timezone.localdate() + timedelta(days=14)).isoformat()
    )
    casey.get_by_label(label("Label (only staff see it)")).fill("Discharge group, Nov 30")
    follow(casey, casey.get_by_role("button", name="Create the invite"))
    expect(casey.get_by_role("status")).to_contain_text("The invite is ready")
    code = casey.locator("[data-invite-code]").first.inner_text()
    assert re.fullmatch(r"[A-Z0-9]{10}", code)

    # A new member, on a phone, with the code casey gave them.
    wren = open_page(viewport=MOBILE)
    visit(wren, f"{site}/join/")
    wren.get_by_label(label("Invite code")).fill(code.lower())
    follow(wren, wren.get_by_role("button", name="Continue"))
    assert wren.url == f"{site}/join/{code}/"
    expect(wren.get_by_role("heading", level=1)).to_have_text(
        "Join Cedar Ridge Recovery's alumni network"
    )
    expect(wren.get_by_role("main")).to_contain_text("November 2026 cohort")
    expect(wren.get_by_role("main")).to_contain_text("November alumni circle")
    wren.get_by_label(label("Handle")).fill("wren")
    wren.get_by_label(label("Email")).fill("wren@example.org")
    wren.get_by_label(label("Password")).fill(PASSWORD)
    guidelines = wren.get_by_label(re.compile("community guidelines"))
    if guidelines.count():
        guidelines.check()
    follow(wren, wren.get_by_role("button", name="Create my account and join"))
    expect(wren.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    member = User.objects.get(handle="wren")
    assert not member.email_confirmed
    assert CohortMembership.objects.filter(user=member, cohort=november).exists()

    visit(wren, link_in_last_email(site, to="wren@example.org", path_contains="/confirm/"))
    log_in(wren, site, "wren", PASSWORD)
    alumni = wren.get_by_role("region", name="Your alumni network")
    follow(wren, alumni.get_by_role("link", name=re.compile("^Check on me")))
    assert wren.url == f"{site}/org/cedar-ridge/check-on-me/"
    expect(
        wren.get_by_role("region", name="What staff can see about you right now")
    ).to_contain_text("Nothing about you")
    wren.get_by_label(label("When I haven't checked in for a while")).check()
    wren.get_by_label(label("After how many days without a check-in")).fill("3")
    follow(wren, wren.get_by_role("button", name="Check on me"))
    expect(wren.get_by_role("status")).to_contain_text("Staff will see only what this page shows")
    consent = CheckOnMe.objects.get(user=member)
    assert consent.when_quiet and consent.quiet_days == 3 and not consent.when_craving

    # casey's list: nobody yet (wren asked today).
    follow(
        casey,
        casey.get_by_role("navigation", name="Alumni program").get_by_role(
            "link", name="Check on me"
        ),
    )
    expect(casey.get_by_role("main")).not_to_contain_text("wren")

    # wren goes quiet: their last check-in, far in the past.
    CheckIn.objects.create(
        user=member, day=timezone.localdate() - timedelta(days=40), mood=3, craving=2
    )
    visit(casey, f"{site}/org/cedar-ridge/outreach/")
    entry = casey.get_by_role("main").get_by_role("listitem").filter(has_text="wren")
    expect(entry).to_contain_text("Hasn't checked in for more than 3 days")
    expect(entry).not_to_contain_text("craving")

    # What casey sees is what wren sees about themself.
    visit(wren, f"{site}/org/cedar-ridge/check-on-me/")
    expect(
        wren.get_by_role("region", name="What staff can see about you right now")
    ).to_contain_text("Hasn't checked in for more than 3 days")

    follow(casey, entry.get_by_role("link", name="Record that you reached out to wren"))
    casey.get_by_label(label("How you reached out")).fill("Sent wren a message to say hi.")
    follow(casey, casey.get_by_role("button", name="Save the note"))
    expect(casey.get_by_role("status")).to_contain_text("Your note is saved")
