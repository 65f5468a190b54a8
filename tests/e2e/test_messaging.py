"""Conversations in real browsers: two members write to each other and see it live, the header
counts conversations with something new, and the plain form works without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from alongside.accounts.actions import accept_connection, request_connection
from alongside.messaging.models import Conversation, Message
from tests.conftest import make_member
from tests.e2e.conftest import OpenPage, check_accessibility, follow, label, log_in, visit

pytestmark = pytest.mark.browser

LIVE_MS = 8_000  # well under the 10 s polling interval: what arrives in time came by socket


def connected_pair() -> None:
    river = make_member("river")
    sam = make_member("sam")
    accept_connection(user=sam, connection=request_connection(requester=river, addressee=sam))


def messages_badge(page: Page):
    return page.get_by_role("banner").locator("[data-messages-count]")


def wait_until_live(page: Page) -> None:
    """The conversation's own socket is open (alongside.js marks the section)."""
    expect(page.locator("[data-conversation][data-live=true]")).to_have_count(1, timeout=LIVE_MS)


def mark_page(page: Page) -> None:
    """A marker that a reload or a navigation would wipe out."""
    page.evaluate("window.alongsideNotReloaded = true")


def not_reloaded(page: Page, url: str) -> None:
    assert page.url == url
    assert page.evaluate("window.alongsideNotReloaded === true")


def test_river_and_sam_write_to_each_other_live(open_page: OpenPage, asgi_site: str):
    site = asgi_site
    connected_pair()

    sam = open_page()
    log_in(sam, site, "sam")
    badge = messages_badge(sam)
    expect(badge).to_be_hidden()
    expect(sam.locator("body[data-live-connected=true]")).to_have_count(1)

    # river writes first, from sam's profile.
    river = open_page()
    log_in(river, site, "river")
    visit(river, f"{site}/people/sam/")
    follow(river, river.get_by_role("link", name="Message sam"))
    expect(river.get_by_role("heading", level=1)).to_have_text("Write to sam")
    river.get_by_label(label("Message")).fill("Hi Sam, are you going to the **Thursday** meeting?")
    follow(river, river.get_by_role("button", name="Send"))
    expect(river.get_by_role("heading", level=1)).to_have_text("Conversation with sam")
    conversation = Conversation.objects.get()
    assert river.url.startswith(f"{site}/messages/{conversation.pk}/")
    expect(river.locator("[data-message-list]")).to_contain_text("Thursday")

    # sam's header counts the conversation without a reload.
    expect(badge).to_be_visible(timeout=LIVE_MS)
    expect(badge).to_contain_text("1")
    check_accessibility(sam)

    follow(sam, sam.get_by_role("banner").get_by_role("link", name=re.compile(r"^Messages")))
    expect(sam.get_by_role("heading", level=1)).to_have_text("Messages")
    follow(sam, sam.get_by_role("main").get_by_role("link", name="river"))
    expect(sam.get_by_role("heading", level=1)).to_have_text("Conversation with river")
    expect(sam.locator("[data-message-list]")).to_contain_text("Thursday")
    expect(sam.locator("[data-message-list] strong").filter(has_text="Thursday")).to_have_count(1)
    expect(messages_badge(sam)).to_be_hidden()  # opening it read it

    visit(river, f"{site}/messages/with/sam/")  # an existing conversation: straight to it
    assert river.url == f"{site}/messages/{conversation.pk}/"
    wait_until_live(river)
    wait_until_live(sam)
    river_url, sam_url = river.url, sam.url
    mark_page(river)
    mark_page(sam)

    # river sends from the page (no navigation); sam's page shows it by itself.
    river.get_by_label(label("Message")).fill("I'll save you a seat by the window.")
    river.get_by_role("button", name="Send").click()
    mine = river.locator("[data-message-list] [data-message-id]").filter(has_text="save you a seat")
    expect(mine).to_have_count(1)
    expect(river.get_by_label(label("Message"))).to_have_value("")
    theirs = sam.locator("[data-message-list] [data-message-id]").filter(has_text="save you a seat")
    expect(theirs).to_have_count(1, timeout=LIVE_MS)
    expect(theirs).to_contain_text("river")
    not_reloaded(river, river_url)
    not_reloaded(sam, sam_url)
    expect(sam.locator("[data-empty]")).to_have_count(0)

    # sam replies; river sees it live.
    sam.get_by_label(label("Message")).fill("Thank you! See you at seven.")
    sam.get_by_role("button", name="Send").click()
    reply = river.locator("[data-message-list] [data-message-id]").filter(has_text="See you at")
    expect(reply).to_have_count(1, timeout=LIVE_MS)
    expect(reply).to_contain_text("sam")
    expect(sam.locator("[data-message-list]")).to_contain_text("See you at seven.")
    not_reloaded(river, river_url)
    not_reloaded(sam, sam_url)

    # Each message is on each page once, in order, and both read what arrived while open.
    ids = list(Message.objects.order_by("pk").values_list("pk", flat=True))
    for page in (river, sam):
        shown = page.locator("[data-message-list] [data-message-id]")
        expect(shown).to_have_count(3)
        assert [
            int(i) for i in shown.evaluate_all("(e) => e.map((x) => x.dataset.messageId)")
        ] == ids
        expect(messages_badge(page)).to_be_hidden()
        check_accessibility(page)

    # The live updates were the page's own reading: the inbox has nothing new for either.
    for page in (river, sam):
        visit(page, f"{site}/messages/")
        expect(page.get_by_role("main").locator(".badge")).to_have_count(0)
        expect(messages_badge(page)).to_be_hidden()


NO_WEBSOCKET = "Object.defineProperty(window, 'WebSocket', { value: undefined });"
POLL_MS = 15_000  # alongside.js asks every 10 s while it has no socket


def test_the_conversation_works_without_scripts_or_websockets(open_page: OpenPage, asgi_site: str):
    """axe-core needs JavaScript to check a page, so "no scripts" here means the site's own
    scripts (htmx and alongside.js) never load: what a browser without JavaScript gets."""
    site = asgi_site
    connected_pair()

    # sam's browser has no WebSocket: the page falls back to asking every few seconds.
    sam = open_page()
    sam.add_init_script(NO_WEBSOCKET)
    log_in(sam, site, "sam")
    visit(sam, f"{site}/messages/with/river/")
    sam.get_by_label(label("Message")).fill("Morning! How did the interview go?")
    follow(sam, sam.get_by_role("button", name="Send"))
    conversation = Conversation.objects.get()
    expect(sam.locator("[data-message-list]")).to_contain_text("How did the interview go?")
    expect(sam.locator("[data-conversation][data-live]")).to_have_count(0)
    sam_url = sam.url
    mark_page(sam)

    # river's browser runs none of the site's scripts: plain links and forms.
    river = open_page()
    river.route(re.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
    log_in(river, site, "river")
    visit(river, f"{site}/messages/with/sam/")
    assert river.url == f"{site}/messages/{conversation.pk}/"
    assert river.evaluate("typeof window.htmx") == "undefined"
    expect(river.locator("[data-message-list]")).to_contain_text("How did the interview go?")
    river.get_by_label(label("Message")).fill("It went well, they're calling me back Monday.")
    follow(river, river.get_by_role("button", name="Send"))
    sent = Message.objects.filter(author__handle="river").get()
    assert river.url == f"{site}/messages/{conversation.pk}/#message-{sent.pk}"
    expect(river.locator(f"#message-{sent.pk}")).to_contain_text("calling me back Monday")
    expect(river.get_by_label(label("Message"))).to_have_value("")

    # sam's page, without a socket, finds it by polling, without a reload.
    arrived = sam.locator(f"#message-{sent.pk}")
    expect(arrived).to_contain_text("calling me back Monday", timeout=POLL_MS)
    expect(sam.locator("[data-message-list] [data-message-id]")).to_have_count(2)
    not_reloaded(sam, sam_url)
    check_accessibility(sam)

    # Sending from the page still works without a socket (and shows up at once).
    sam.get_by_label(label("Message")).fill("That's wonderful news.")
    sam.get_by_role("button", name="Send").click()
    expect(sam.locator("[data-message-list] [data-message-id]")).to_have_count(3)
    not_reloaded(sam, sam_url)

    # An empty message comes back with the reason, still without scripts.
    follow(river, river.get_by_role("button", name="Send"))
    expect(river.get_by_role("main")).to_contain_text("This field is required")
    expect(river.locator("[data-message-list]")).to_contain_text("That's wonderful news.")
    assert Message.objects.count() == 3
