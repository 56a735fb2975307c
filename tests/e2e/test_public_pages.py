"""What a visitor sees in a real browser: home page in two languages, the language switcher, a process."""

import re

import pytest

from tests.helpers import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["fr", "en"])
def test_home_page_in_each_language(page, demo, language):
    page.visit(f"/{language}/")

    assert page.locator("html").get_attribute("lang") == language
    # ideas, consultation, the vote, last year's results
    assert page.by_testid("figure-processes").inner_text().strip() == "4"
    # The demo process is listed and links to its page in the same language.
    link = page.locator(f"main a[href='/{language}/processes/{DEMO_PROCESS_SLUG}/']").first
    assert link.is_visible()
    page.screenshot_both(f"home-{language}")
    page.assert_clean()


def _switch(page, language):
    with page.expect_navigation():
        page.select_option("#language-select", language)


def test_language_switcher_changes_the_url_prefix(page_factory, demo):
    page = page_factory(locale="fr-FR")
    page.visit(f"/fr/processes/{DEMO_PROCESS_SLUG}/")

    # With JavaScript on, choosing a language submits the form at once (the "Change" button is hidden).
    assert page.locator("form.language-switcher button[type=submit]").is_hidden()
    _switch(page, "en")
    assert page.path() == f"/en/processes/{DEMO_PROCESS_SLUG}/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#language-select").input_value() == "en"

    _switch(page, "es")
    assert page.path() == f"/es/processes/{DEMO_PROCESS_SLUG}/"
    assert page.locator("html").get_attribute("lang") == "es"

    _switch(page, "fr")
    assert page.path() == f"/fr/processes/{DEMO_PROCESS_SLUG}/"
    page.assert_clean()


def test_language_switcher_works_when_browser_language_differs(page_factory, demo):
    page = page_factory(locale="en-GB")  # an English browser following a shared French link
    page.visit(f"/fr/processes/{DEMO_PROCESS_SLUG}/")
    _switch(page, "en")
    assert page.path() == f"/en/processes/{DEMO_PROCESS_SLUG}/"


def test_home_language_without_prefix_follows_the_browser(browser, live_server, demo):
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert re.search(r"/en/$", page.url)
    finally:
        context.close()


def test_demo_process_shows_its_active_phase(page, demo):
    page.visit(f"/en/processes/{DEMO_PROCESS_SLUG}/")

    phase = page.by_testid("active-phase")
    assert phase.is_visible()
    assert "Submitting ideas" in phase.inner_text()  # the demo's English phase title (data, not UI string)
    page.screenshot_both("process")
    page.assert_clean()


def test_process_list_and_mobile_navigation(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    page.visit("/fr/")

    # On a phone the menu is collapsed behind the toggler; opening it shows the process list link.
    process_link = page.locator("#main-nav a[href='/fr/processes/']")
    assert process_link.is_hidden()
    page.locator("button.navbar-toggler").click()
    process_link.wait_for(state="visible")
    process_link.click()
    page.wait_for_url(re.compile(r"/fr/processes/$"))
    assert page.locator(f"main a[href='/fr/processes/{DEMO_PROCESS_SLUG}/']").first.is_visible()
    page.assert_clean()


def test_unknown_page_is_a_friendly_404(page, demo):
    response = page.page.goto(page.base_url + "/en/no-such-page/")
    assert response.status == 404
    assert page.by_testid("not-found").is_visible()
