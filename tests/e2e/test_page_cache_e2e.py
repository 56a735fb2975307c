"""A real browser on a page served from the anonymous pages' cache (apps/core/pagecache.py): the page works as a
fresh one, its language switcher (a POST with the visitor's own CSRF token) included, at 1366 and 390 px."""

import pytest

from tests.factories import PhaseFactory, ProcessFactory, ProposalFactory

pytestmark = pytest.mark.e2e

WIDE = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_a_second_visitor_gets_the_cached_page_and_its_forms_work(page_factory, transactional_db, cached, viewport):
    process = ProcessFactory()
    PhaseFactory(process=process)
    proposal = ProposalFactory(process=process, title="Des bancs le long du canal")
    path = proposal.get_absolute_url()

    first = page_factory(locale="fr-FR", viewport=viewport)
    assert first.visit(path).headers.get("x-cache") == "miss"
    second = page_factory(locale="fr-FR", viewport=viewport)
    response = second.visit(path)
    assert response.headers.get("x-cache") == "hit"
    assert second.get_by_role("heading", name="Des bancs le long du canal").is_visible()

    if viewport is PHONE:
        second.locator(".navbar-toggler").click()
    with second.expect_navigation():
        second.select_option("#language-select", "en")  # submits the form at once (JavaScript)
    assert second.path() == path.replace("/fr/", "/en/", 1)
    assert second.locator("html").get_attribute("lang") == "en"
    first.assert_clean()
    second.assert_clean()
