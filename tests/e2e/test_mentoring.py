"""Sober mentoring in a browser: river finds sam, asks, sam says yes, they agree, they check in."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alongside.mentoring import actions
from alongside.mentoring.models import CheckInCall, Mentorship
from alongside.recovery.actions import create_journey
from alongside.recovery.selectors import member_today
from tests.conftest import make_member
from tests.e2e.conftest import MOBILE, OpenPage, check_accessibility, follow, label, log_in, visit

pytestmark = pytest.mark.browser

SLOTS = ["mon-evening", "wed-evening", "sat-morning"]


def _go_to_mentoring(page: Page) -> None:
    follow(page, page.get_by_role("banner").get_by_role("link", name="Mentoring"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring")


def test_river_finds_sam_asks_they_agree_and_log_a_check_in(open_page: OpenPage, site: str):
    river = make_member("river")
    sam = make_member("sam")
    create_journey(
        user=sam,
        start_date=member_today(sam) - timedelta(days=6 * 365),
        substance="alcohol",
        pathway="12-step",
        sharing="members",
    )
    actions.become_mentor(
        user=sam,
        agreement=True,
        pathways=["12-step"],
        languages=["en"],
        availability=SLOTS,
        about="Six years sober. I like long walks and short meetings.",
    )
    actions.save_preferences(user=river, pathway="12-step", languages=["en"], availability=SLOTS)

    # river finds sam, with the reasons spelled out, and sends the suggested request.
    river_page = open_page()
    log_in(river_page, site, "river")
    _go_to_mentoring(river_page)
    follow(river_page, river_page.get_by_role("link", name="Find a mentor"))
    expect(river_page.get_by_role("heading", level=1)).to_have_text("Find a sober mentor")
    card = river_page.get_by_role("article", name="sam")
    expect(card).to_contain_text("Six years sober")
    expect(card).to_contain_text("both on a 12-step pathway")
    expect(card).to_contain_text("both speak English")
    follow(river_page, card.get_by_role("link", name="Ask sam"))
    expect(river_page.get_by_role("heading", level=1)).to_have_text("Ask sam to be your mentor")
    request_box = river_page.get_by_label(label("Your request"))
    expect(request_box).to_have_value(re.compile("would you consider being my sober mentor", re.I))
    expect(river_page.get_by_label(label("What you'll bring"))).to_have_value(
        re.compile("I own my recovery")
    )
    follow(river_page, river_page.get_by_role("button", name="Send my request"))
    expect(river_page.locator(".messages")).to_contain_text("Your request is on its way to sam")
    expect(river_page.get_by_role("heading", level=1)).to_have_text("Your request to sam")

    # sam reads it and says yes, kindly.
    sam_page = open_page()
    log_in(sam_page, site, "sam")
    _go_to_mentoring(sam_page)
    follow(sam_page, sam_page.get_by_role("link", name="Read and answer river's request"))
    expect(sam_page.get_by_role("heading", level=1)).to_have_text(
        "river would like you to be their mentor"
    )
    expect(sam_page.get_by_role("region", name="The request")).to_contain_text(
        "Would you consider being my sober mentor?"
    )
    sam_page.get_by_role("radio", name="Yes, I'll mentor them").check()
    sam_page.get_by_label(label("A kind message")).fill(
        "I'd be glad to walk beside you for a while. Let's agree how it will work."
    )
    follow(sam_page, sam_page.get_by_role("button", name="Send my answer"))
    expect(sam_page.locator(".messages")).to_contain_text("You're now mentoring river")
    expect(sam_page.get_by_role("heading", level=1)).to_have_text("Mentorship with river")

    # Accepting doesn't confirm the agreement: each of them confirms it.
    sam_agreement = sam_page.get_by_role("region", name="Your agreement")
    expect(sam_agreement).to_contain_text("Please read it and confirm")
    follow(sam_page, sam_agreement.get_by_role("button", name="Confirm the agreement"))
    expect(sam_page.locator(".messages")).to_contain_text("You confirmed the agreement")
    expect(sam_page.get_by_role("region", name="Your agreement")).to_contain_text(
        "You confirmed; waiting for river."
    )

    _go_to_mentoring(river_page)
    follow(river_page, river_page.get_by_role("link", name="Open your mentorship with sam"))
    expect(river_page.get_by_role("heading", level=1)).to_have_text("Mentorship with sam")
    agreement = river_page.get_by_role("region", name="Your agreement")
    follow(river_page, agreement.get_by_role("button", name="Confirm the agreement"))
    expect(river_page.locator(".messages")).to_contain_text("You both agreed")
    agreement = river_page.get_by_role("region", name="Your agreement")
    expect(agreement).to_contain_text("You both confirmed this")
    expect(agreement.get_by_role("button", name="Confirm the agreement")).to_have_count(0)

    # A check-in in the past can't be scheduled; one ahead can.
    check_ins = river_page.get_by_role("region", name="Check-ins")
    when = check_ins.get_by_label(label("When (your time zone)"))
    past = timezone.localtime() - timedelta(days=2)
    when.fill(past.strftime("%Y-%m-%dT10:00"))
    follow(river_page, check_ins.get_by_role("button", name="Schedule a check-in"))
    check_ins = river_page.get_by_role("region", name="Check-ins")
    expect(check_ins).to_contain_text("Choose a time that hasn't passed yet.")
    ahead = timezone.localtime() + timedelta(days=3)
    check_ins.get_by_label(label("When (your time zone)")).fill(ahead.strftime("%Y-%m-%dT18:30"))
    follow(river_page, check_ins.get_by_role("button", name="Schedule a check-in"))
    expect(river_page.locator(".messages")).to_contain_text("Check-in scheduled")
    expect(river_page.get_by_role("region", name="Check-ins")).to_contain_text("Next:")

    # The one they already had (created directly: the form only takes times ahead) is logged.
    mentorship = Mentorship.objects.get(mentor=sam, mentee=river)
    CheckInCall.objects.create(
        mentorship=mentorship, scheduled_for=timezone.now() - timedelta(hours=1)
    )
    river_page.reload()
    check_accessibility(river_page)
    check_ins = river_page.get_by_role("region", name="Check-ins")
    log_form = check_ins.get_by_role("group", name=re.compile("^How was the check-in on"))
    log_form.get_by_role("radio", name="We talked").check()
    log_form.get_by_label(label("How it went")).select_option(label="Good")
    log_form.get_by_label(label("A note for you both (optional)")).fill(
        "Talked about the first 90 days and a meeting to try."
    )
    follow(river_page, check_ins.get_by_role("button", name="Save to the log"))
    expect(river_page.locator(".messages")).to_contain_text("Logged")
    check_ins = river_page.get_by_role("region", name="Check-ins")
    log = check_ins.get_by_role("listitem").filter(has_text="We talked")
    expect(log).to_contain_text("Good")
    expect(log).to_contain_text("Talked about the first 90 days and a meeting to try.")
    expect(check_ins.get_by_role("button", name="Save to the log")).to_have_count(0)

    # sam sees the same log.
    visit(sam_page, f"{site}/mentoring/{mentorship.pk}/")
    expect(sam_page.get_by_role("region", name="Check-ins")).to_contain_text(
        "Talked about the first 90 days"
    )


def test_the_mentor_finder_is_accessible_on_a_phone(open_page: OpenPage, site: str):
    sam = make_member("sam")
    create_journey(
        user=sam,
        start_date=member_today(sam) - timedelta(days=6 * 365),
        substance="alcohol",
        pathway="12-step",
        sharing="members",
    )
    actions.become_mentor(
        user=sam,
        agreement=True,
        pathways=["12-step"],
        languages=["en"],
        availability=SLOTS,
        about="Six years sober.",
    )
    river = make_member("river")
    actions.save_preferences(user=river, pathway="12-step", languages=["en"], availability=SLOTS)

    phone = open_page(viewport=MOBILE)
    log_in(phone, site, "river")
    visit(phone, f"{site}/mentors/")
    card = phone.get_by_role("article", name="sam")
    expect(card).to_contain_text("both on a 12-step pathway")
    expect(card.get_by_role("link", name="Ask sam")).to_be_visible()
