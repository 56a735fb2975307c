"""The site search in a browser: the box in the header, the grouped results with their marked words, a result's
link, at 1366 px and on a 390 px phone (in the menu), with no JavaScript error or CSP violation."""

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.test_phone import assert_fits_a_phone

pytestmark = pytest.mark.e2e

WIDE = {"width": 1366, "height": 800}


def test_search_from_the_header_on_a_desktop(page_factory, demo):
    page = page_factory(locale="fr-FR", viewport=WIDE)
    page.visit("/fr/")
    box = page.by_testid("site-search-input")
    assert box.is_visible()
    box.fill("verger")
    with page.expect_navigation():
        page.by_testid("site-search-submit").click()
    assert page.path().startswith("/fr/search/?q=verger")
    section = page.by_testid("search-section-proposals.proposal")
    assert section.is_visible()
    first = section.get_by_test_id("search-result").first
    assert "Planter un verger partagé" in first.inner_text()
    assert first.locator("mark").first.inner_text().lower() == "verger"
    assert page.by_testid("search-page-input").input_value() == "verger"
    with page.expect_navigation():
        first.locator("a").first.click()
    assert "/proposals/" in page.path()
    page.assert_clean()


def test_search_on_a_phone(page_factory, demo):
    page = page_factory(locale="fr-FR", viewport=PHONE)
    page.visit("/fr/")
    assert not page.by_testid("site-search-input").is_visible()  # folded in the menu
    page.locator(".navbar-toggler").click()
    box = page.by_testid("site-search-input")
    box.wait_for(state="visible")
    box.fill("boîte à livres")
    with page.expect_navigation():
        box.press("Enter")
    results = page.get_by_test_id("search-result")
    assert results.count() >= 1
    assert "Une boîte à livres dans chaque quartier" in results.first.inner_text()
    assert_fits_a_phone(page, "/fr/search/?q=quartier")
    assert_fits_a_phone(page, "/fr/search/?q=quartier&type=proposals.proposal")
    page.assert_clean()
