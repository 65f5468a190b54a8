"""Support now in real browsers: river asks with one tap and sees the crisis lines first; sam,
a connection sitting on his home page, is alerted live, says "I'm here" and writes; river hears
it live, talks with sam, then says she's okay. /help/ works logged out."""

import re

import pytest
from playwright.sync_api import Page, expect

from alongside.accounts.actions import accept_connection, request_connection
from alongside.messaging.models import Conversation, Message
from alongside.support.models import SupportRecipient, SupportRequest
from tests.conftest import make_member
from tests.e2e.conftest import OpenPage, check_accessibility, follow, label, log_in, visit

pytestmark = pytest.mark.browser

LIVE_MS = 8_000  # what arrives in time without a reload came over the member's socket


def mark_page(page: Page) -> None:
    """A marker that a reload or a navigation would wipe out."""
    page.evaluate("window.alongsideNotReloaded = true")


def not_reloaded(page: Page, url: str) -> None:
    assert page.url == url
    assert page.evaluate("window.alongsideNotReloaded === true")


def expect_crisis_lines(page: Page) -> None:
    lines = page.get_by_role("main").get_by_role(
        "region", name="If you might not be safe, reach someone now"
    )
    expect(lines).to_be_visible()
    expect(lines.get_by_role("link", name="Call 988", exact=True)).to_have_attribute(
        "href", "tel:988"
    )
    expect(lines.get_by_role("link", name=re.compile(r"^Call 911"))).to_have_attribute(
        "href", "tel:911"
    )


def test_river_asks_for_support_and_sam_is_there(open_page: OpenPage, asgi_site: str):
    site = asgi_site
    river_member = make_member("river")
    sam_member = make_member("sam")
    accept_connection(
        user=sam_member,
        connection=request_connection(requester=river_member, addressee=sam_member),
    )

    # sam is logged in and sitting on his home page, listening.
    sam = open_page()
    log_in(sam, site, "sam")
    assert sam.url == f"{site}/"
    expect(sam.locator("body[data-live-connected=true]")).to_have_count(1, timeout=LIVE_MS)
    alert = sam.locator("[data-live-alert]")
    expect(alert).to_be_hidden()
    sam_url = sam.url
    mark_page(sam)

    # river: the header button, then the crisis lines before anything else on the screen.
    river = open_page()
    log_in(river, site, "river")
    follow(river, river.get_by_role("banner").get_by_role("link", name="Support now"))
    assert river.url == f"{site}/support-now/"
    expect(river.get_by_role("heading", level=1)).to_have_text("I need support now")
    expect_crisis_lines(river)
    lines = river.locator("main section.card--help").first
    ask = river.get_by_role("button", name="Ask for support now")
    expect(ask).to_have_count(1)  # the second one is folded away in "Add a few words"
    expect(lines).to_be_in_viewport()
    lines_box, ask_box = lines.bounding_box(), ask.bounding_box()
    assert lines_box is not None and ask_box is not None
    assert lines_box["y"] < ask_box["y"], "the crisis lines come before the ask button"
    assert river.evaluate(
        """() => {
          const main = document.querySelector("main");
          const lines = main.querySelector("section.card--help");
          const form = main.querySelector("form");
          return Boolean(lines.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )

    follow(river, ask)
    support_request = SupportRequest.objects.get(requester=river_member)
    request_url = f"{site}/support-now/{support_request.pk}/"
    assert river.url == request_url
    expect(river.get_by_role("heading", level=1)).to_have_text("We've let people know")
    expect_crisis_lines(river)
    status = river.get_by_role("region", name="Who's coming")
    expect(status).to_contain_text("1 person has been alerted.")
    assert list(support_request.recipients.values_list("user__handle", flat=True)) == ["sam"]
    expect(river.locator("body[data-live-connected=true]")).to_have_count(1, timeout=LIVE_MS)
    mark_page(river)

    # sam's page tells him at once, without a reload.
    expect(alert).to_be_visible(timeout=LIVE_MS)
    expect(alert).to_have_text("river needs support now. Be there")
    be_there = alert.get_by_role("link", name="Be there")
    expect(be_there).to_have_attribute("href", f"/support-now/{support_request.pk}/")
    not_reloaded(sam, sam_url)
    check_accessibility(sam)

    follow(sam, be_there)
    assert sam.url == request_url
    expect(sam.get_by_role("heading", level=1)).to_have_text("river needs support now")
    expect(sam.get_by_role("region", name="Being there")).to_contain_text("988")

    follow(sam, sam.get_by_role("button", name="I'm here"))
    conversation = Conversation.objects.get(
        pair_key=Conversation.key_for(river_member.pk, sam_member.pk)
    )
    assert sam.url == f"{site}/messages/{conversation.pk}/"
    expect(sam.get_by_role("heading", level=1)).to_have_text("Conversation with river")
    expect(sam.locator(".messages")).to_contain_text("Thank you for being there. river knows")
    assert SupportRecipient.objects.get(request=support_request).responded_at is not None
    expect(sam.locator("[data-conversation][data-live=true]")).to_have_count(1, timeout=LIVE_MS)
    sam.get_by_label(label("Message")).fill("I'm here. Want to talk?")
    sam.get_by_role("button", name="Send").click()
    sent = sam.locator("[data-message-list] [data-message-id]").filter(
        has_text="I'm here. Want to talk?"
    )
    expect(sent).to_have_count(1)
    check_accessibility(sam)

    # river hears it live on her request page: the alert says sam is here.
    river_alert = river.locator("[data-live-alert]")
    expect(river_alert).to_be_visible(timeout=LIVE_MS)
    expect(river_alert).to_have_text("sam is here for you. Talk now")
    expect(river_alert.get_by_role("link", name="Talk now")).to_have_attribute(
        "href", "/messages/with/sam/"
    )
    not_reloaded(river, request_url)
    check_accessibility(river)

    # Reloaded, the status says so too, with the lines still there.
    visit(river, request_url)
    expect(status).to_contain_text("sam is here for you.")
    expect_crisis_lines(river)

    follow(river, status.get_by_role("link", name="Talk with sam"))
    assert river.url == f"{site}/messages/{conversation.pk}/"
    expect(river.get_by_role("heading", level=1)).to_have_text("Conversation with sam")
    theirs = river.locator("[data-message-list] [data-message-id]").filter(
        has_text="I'm here. Want to talk?"
    )
    expect(theirs).to_have_count(1)
    expect(theirs).to_contain_text("sam")

    # river is okay now, and says what helped.
    visit(river, request_url)
    river.get_by_label(label("What helped? (optional)")).fill("Talking with sam.")
    follow(river, river.get_by_role("button", name="I'm okay now"))
    assert river.url == f"{site}/support-now/"
    expect(river.locator(".messages")).to_contain_text("We're glad you're okay.")
    expect(river.get_by_role("region", name="Your request is open")).to_have_count(0)
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.CLOSED
    assert support_request.what_helped == "Talking with sam."
    assert Message.objects.filter(conversation=conversation).count() == 1

    # sam, looking again, sees that river is okay.
    visit(sam, request_url)
    expect(sam.get_by_role("main")).to_contain_text("They've said they're okay now.")
    expect(sam.get_by_role("button", name="I'm here")).to_have_count(0)

    # Logged out, the crisis lines are there for anyone.
    stranger = open_page()
    visit(stranger, f"{site}/help/")
    expect(stranger.get_by_role("main")).to_contain_text("988")
    expect(stranger.get_by_role("main").get_by_role("link", name="Call 911")).to_have_attribute(
        "href", "tel:911"
    )
    expect(stranger.get_by_role("banner").get_by_role("link", name="Support now")).to_have_count(0)
