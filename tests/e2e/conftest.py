"""Real-browser flows: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test lands on is checked with axe-core (`visit`, `follow` and `check_accessibility`);
a test that reaches a page without checking it fails at teardown, so no page slips through.
"""

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from django.core import mail
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)

from tests.conftest import PASSWORD, unavailable

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = ViewportSize(width=1280, height=800)
MOBILE = ViewportSize(width=390, height=844)
TIMEOUT_MS = 10_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)


@dataclass
class _Tracker:
    """What one tab has seen: the page waiting for its check, pages never checked, JS errors."""

    pending: str | None = None
    unchecked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


_TRACKERS: dict[int, _Tracker] = {}


# A browser flow that fails is run once more before it counts as failed: the live flows wait
# on websocket delivery and background tasks, and on a slow, loaded machine one in many runs
# misses its window (docs/decisions.md). A second failure is red.
RERUNS = 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.flaky(reruns=RERUNS, reruns_delay=1))


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all the browser tests, stopped as soon as they are done.

    Package scope, not session: while Playwright's sync API is alive, an asyncio loop counts as
    running in the main thread, which breaks async_to_sync in the tests that run after these
    (tests/integration, or any order pytest is given) if the browser lives to the session's end.
    """
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is not installed")
    # That running loop also makes Django refuse ORM calls from the test thread (creating
    # members, flushing the database), which are ordinary synchronous code all the same.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            try:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            except Exception as error:
                unavailable(f"Chromium did not start: {error}")
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(browser: Browser) -> Iterator[OpenPage]:
    """Open a tab in a fresh browser context (its own cookies: one person per context)."""
    contexts: list[BrowserContext] = []
    pages: list[Page] = []

    def open_(*, viewport: ViewportSize = DESKTOP, **context_options: Any) -> Page:
        context = browser.new_context(viewport=viewport, locale="en-US", **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        tracker = _TRACKERS[id(page)] = _Tracker()

        def navigated(frame: Any) -> None:
            if frame == page.main_frame:
                if tracker.pending is not None:
                    tracker.unchecked.append(tracker.pending)
                tracker.pending = frame.url

        def console(message: Any) -> None:
            if "Content Security Policy" in message.text:
                tracker.errors.append(f"{page.url}: {message.text}")

        page.on("framenavigated", navigated)
        page.on("console", console)
        page.on("pageerror", lambda error: tracker.errors.append(f"{page.url}: {error}"))
        return page

    yield open_

    problems = []
    for page in pages:
        tracker = _TRACKERS.pop(id(page))
        if tracker.pending is not None:
            tracker.unchecked.append(tracker.pending)
        if tracker.unchecked:
            problems.append(f"pages never checked for accessibility: {tracker.unchecked}")
        if tracker.errors:
            problems.append(f"errors in the browser: {tracker.errors}")
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page()


@pytest.fixture
def site(live_server: Any) -> str:
    """The live server's base URL; requesting it gives the test a transactional database."""
    mail.outbox.clear()
    return str(live_server.url)


_RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations;
}"""


def check_accessibility(page: Page) -> None:
    """Run axe-core on the page as it is now; fail listing every violation and its nodes."""
    page.wait_for_load_state("load")
    # Evaluated over the DevTools protocol, so the site's CSP (script-src 'self' + nonce)
    # stays in force for the page itself and still catches any inline script we add by mistake.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    violations = page.evaluate(_RUN_AXE)
    tracker = _TRACKERS.get(id(page))
    if tracker is not None and tracker.pending == page.url:
        tracker.pending = None
    if violations:
        lines = [f"axe found {len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                f" <{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                lines.append(f"    {node['target']}: {node['html'][:200]}")
                if node.get("failureSummary"):
                    summary = " ".join(node["failureSummary"].split())
                    lines.append(f"      {summary[:300]}")
        pytest.fail("\n".join(lines), pytrace=False)


def visit(page: Page, url: str, *, status: int = 200) -> None:
    """Go to a URL, check the response status, then check the page with axe."""
    response = page.goto(url)
    assert response is not None, url
    assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
    check_accessibility(page)


def follow(page: Page, target: Locator) -> None:
    """Click a link or a submit button, wait for the page it leads to, and check that page."""
    with page.expect_navigation():
        target.click()
    check_accessibility(page)


def label(text: str) -> re.Pattern[str]:
    """A field's whole label, with or without Django's trailing colon."""
    return re.compile(rf"^{re.escape(text)}:?$")


def log_in(page: Page, site: str, handle: str, password: str = PASSWORD) -> None:
    visit(page, f"{site}/accounts/login/")
    page.get_by_label("Handle or email").fill(handle)
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name="Log in"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome back, {handle}")


def link_in_last_email(site: str, *, to: str, path_contains: str) -> str:
    """The link in the newest email to `to`, pointed at the live server (SITE_URL is a stub)."""
    messages = [message for message in mail.outbox if to in message.to]
    assert messages, f"no email to {to}; outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    body = str(messages[-1].body)
    links = [link for link in re.findall(r"https?://\S+", body) if path_contains in link]
    assert links, f"no link containing {path_contains!r} in:\n{body}"
    path = re.sub(r"^https?://[^/]+", "", links[-1])
    return site + path


@pytest.fixture
def asgi_site(transactional_db: None) -> Iterator[str]:
    """The whole app (pages and websockets) on uvicorn in a thread, as `make run` serves it.

    pytest-django's live server speaks WSGI only; live updates need the ASGI application.
    Same process, so the test database and the in-memory channel layer are shared.
    """
    import socket
    import threading
    import time

    import uvicorn

    from alongside.asgi import application

    mail.outbox.clear()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    # Views ran in asgiref's worker thread, whose database connection outlives the server:
    # end it, or PostgreSQL refuses to drop the test database at the end of the run.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
