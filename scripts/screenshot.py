"""Take the README's screenshot of a running `make run` (logged in as river)."""

import sys

from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8000"


def main(path: str, page_path: str = "/people/river/", width: int = 1100) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": width, "height": 760})
        page.goto(BASE + "/accounts/login/")
        page.fill("#id_username", "river")
        page.fill("#id_password", "alongside-demo")
        page.click("button[type=submit]:has-text('Log in')")
        page.goto(BASE + page_path)
        page.screenshot(path=path, full_page=False)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], *(sys.argv[2:3]), *(int(a) for a in sys.argv[3:4]))
