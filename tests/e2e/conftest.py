"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against pytest-django's live_server.

Playwright never downloads a browser here. Tests are marked `e2e` and skip cleanly when Chromium or
Playwright is missing. Run only them with `pytest -m e2e`, or leave them out with `pytest -m "not e2e"`.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.helpers import DEMO_PASSWORD, DEMO_PROCESS_SLUG

# Playwright's sync API runs an asyncio loop in this thread; Django would refuse ORM calls from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
# The screenshots in docs/ are tracked: refresh them only when asked (SCREENSHOTS=1), so a test run leaves
# the working tree clean.
TAKE_SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        pytest.skip("playwright is not installed")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()
    playwright.stop()


class BrowserPage:
    """A Playwright page bound to the live server, which records JavaScript errors and CSP violations."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.errors = []
        page.on("pageerror", lambda exc: self.errors.append(f"JS error: {exc}"))
        page.on("console", self._on_console)

    def _on_console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(f"CSP: {message.text}")

    def __getattr__(self, name):
        return getattr(self.page, name)

    def visit(self, path):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path} answered {response and response.status}"
        return response

    def path(self):
        return self.page.url.removeprefix(self.base_url)

    def by_testid(self, testid):
        return self.page.get_by_test_id(testid)

    def assert_clean(self):
        """No uncaught JavaScript error and no Content-Security-Policy violation so far."""
        assert self.errors == []

    def screenshot_both(self, name, full_page=False):
        """Save docs/screenshots/<name>.png (desktop) and <name>-phone.png (390 px wide), when SCREENSHOTS=1."""
        if not TAKE_SCREENSHOTS:
            return
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        viewport = self.page.viewport_size
        self.page.set_viewport_size(DESKTOP)
        self.page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=full_page)
        self.page.set_viewport_size(PHONE)
        self.page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-phone.png"), full_page=full_page)
        self.page.set_viewport_size(viewport)


@pytest.fixture
def page_factory(browser, live_server):
    """`page_factory(locale="fr-FR", viewport=PHONE)`: a page in a fresh browser context (no cookies)."""
    contexts = []

    def _new_page(locale="en-GB", viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return BrowserPage(context.new_page(), live_server.url)

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(page_factory):
    """A desktop-sized page in a fresh context whose browser language is English."""
    return page_factory()


@pytest.fixture
def demo(live_server, transactional_db):
    """The demo town (users, processes, phases, pages, ...) built by `manage.py seed_demo`."""
    call_command("seed_demo", stdout=StringIO())
    return {"password": DEMO_PASSWORD, "process_slug": DEMO_PROCESS_SLUG}


@pytest.fixture
def login(demo):
    """`login(page, email)` signs in through the real log-in form."""

    def _login(page, email, password=DEMO_PASSWORD, language="en"):
        page.visit(f"/{language}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.locator("form[action*='/accounts/login/'] [type=submit]").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, "log-in failed"

    return _login
