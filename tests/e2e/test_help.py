"""A visitor in a hard moment reaches crisis lines from anywhere, with no account."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.conftest import OpenPage, follow, visit

pytestmark = pytest.mark.browser

VISITOR_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/about/privacy/", "/help/"]


def assert_crisis_lines(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")
    main = page.get_by_role("main")
    for number, href in [("988", "tel:988"), ("1-800-662-4357", "tel:18006624357")]:
        expect(main).to_contain_text(number)
        expect(main.locator(f'a[href="{href}"]')).to_be_visible()
    expect(main).to_contain_text("911")
    expect(main.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")


def test_visitor_reaches_help_from_the_header_of_every_page(page: Page, site: str):
    for path in VISITOR_PAGES:
        visit(page, site + path)
        follow(page, page.get_by_role("banner").get_by_role("link", name="Get help now"))
        assert page.url == f"{site}/help/"
        assert_crisis_lines(page)

    # A missing page is a page too: the way to help is still in its header.
    visit(page, f"{site}/no-such-page/", status=404)
    follow(page, page.get_by_role("banner").get_by_role("link", name="Get help now"))
    assert_crisis_lines(page)


@pytest.mark.parametrize("width", [375, 390])
def test_help_link_is_visible_without_scrolling_on_a_phone(
    open_page: OpenPage, site: str, width: int
):
    page = open_page(viewport=ViewportSize(width=width, height=667), is_mobile=True, has_touch=True)
    visit(page, site + "/")
    link = page.get_by_role("banner").get_by_role("link", name="Get help now")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= 667, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert page.evaluate("window.scrollY") == 0
    follow(page, link)
    assert_crisis_lines(page)
