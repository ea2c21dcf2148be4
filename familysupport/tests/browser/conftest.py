"""Real Chromium against the live server: the browser journeys and the accessibility checks.

One Chromium (Debian's package, not a Playwright download) serves every test of this package;
each persona gets a fresh browser context, so no two users ever share cookies. The live server
shares the test database, so the data are built with the services and the personas of the root
conftest, then used through the pages as a person would.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import PASSWORD
from familysupport.models import User

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000
DESKTOP = {"width": 1280, "height": 900}
# An assistant writes the visit note on a phone after the visit: the narrowest common screen.
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="package")
def browser() -> Browser:
    """One headless Chromium for the package, closed when its last test is done.

    Sync Playwright keeps an event loop running in this thread; Django refuses ORM calls under a
    running loop unless told that this is safe, which it is here (the tests run sequentially).
    """
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM} for the browser tests: apt-get install chromium")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def plain_http(settings):
    """The live server speaks plain HTTP: cookies must not be marked for HTTPS only."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def page_for(browser, live_server, plain_http):
    """A page logged in through the login form as the given user, in a context of its own."""
    contexts = []

    def open_page(user: User, password: str = PASSWORD, viewport: dict | None = None) -> Page:
        context = browser.new_context(base_url=live_server.url, locale="pl-PL", viewport=viewport or DESKTOP)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        expect(page.locator("#main-nav")).to_be_attached()
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci` (make test does)")
    return AXE.read_text()


@pytest.fixture
def axe(axe_source):
    """Run axe-core on the page; returns the WCAG 2.1 A/AA violations, readable in a failure.

    The CSP refuses injected script tags, so the source is evaluated in the page instead.
    """

    def run(page: Page) -> list[dict]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})).violations",
            WCAG_TAGS,
        )
        return [
            {
                "rule": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [
                    {"target": node["target"], "summary": node.get("failureSummary", "")}
                    for node in violation["nodes"][:5]
                ],
            }
            for violation in violations
        ]

    return run
