"""A journalist, without an account, in Chromium on a desktop (1366 px) and a phone (390 px): from the process page
to its statistics (computed on the first visit, server-side SVG charts and their tables, no group under 10), then to
the open data page and its zip, which parses back; no JavaScript error, no Content-Security-Policy violation, nothing
wider than the screen."""

import csv
import io
import json
import zipfile

import pytest

from apps.accounts.models import Demographics
from tests.budgets.adm_helpers import closed_vote_process
from tests.factories import BudgetFactory, CategoryFactory, ProjectFactory, ProposalFactory
from tests.stats.test_openness import vote_of

from .conftest import PHONE

pytestmark = pytest.mark.e2e

DESKTOP_WIDE = {"width": 1366, "height": 800}


@pytest.fixture
def town(live_server, transactional_db):
    process = closed_vote_process(title="Budget participatif", title_en="Participatory budget")
    category = CategoryFactory(process=process, name_en="Nature", name_fr="Nature")
    for n in range(3):
        ProposalFactory(process=process, category=category, title=f"Idea {n}")
    budget = BudgetFactory(process=process, title_en="Whole city", population=500)
    park = ProjectFactory(budget=budget, title_en="Park")
    for _ in range(11):
        vote_of(budget, park, gender=Demographics.Gender.WOMAN)
    for _ in range(9):
        vote_of(budget, park, gender=Demographics.Gender.MAN)
    return process


def fits(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_a_visitor_reads_the_statistics_and_downloads_the_open_data(page_factory, town, viewport):
    page = page_factory(viewport=viewport)
    page.visit(f"/en/processes/{town.slug}/")
    with page.expect_navigation():
        page.by_testid("statistics-link").click()
    assert page.by_testid("stats-freshness").inner_text().startswith("Figures as of")
    figures = page.by_testid("stats-figures").inner_text()
    assert "20" in figures and "participants" in figures
    assert page.by_testid("stats-chart").first.is_visible()
    assert page.by_testid("stats-day-chart").is_visible()
    demographics = page.by_testid("stats-demographics").inner_text()
    assert "fewer than 10" in demographics or "Other" in demographics
    assert "Man" not in page.by_testid("stats-demographics-gender").inner_text()  # nine men: never shown
    assert fits(page)
    page.screenshot_both("statistics", full_page=True)

    with page.expect_navigation():
        page.by_testid("open-data-link").first.click()
    assert "Licence" in page.by_testid("open-data-licence").inner_text()
    assert page.by_testid("open-data-dataset").count() >= 6
    with page.expect_download() as download_info:
        page.by_testid("open-data-download").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
    proposals = list(csv.DictReader(io.StringIO(archive.read("proposals.csv").decode("utf-8"))))
    assert sorted(row["title"] for row in proposals) == ["Idea 0", "Idea 1", "Idea 2"]
    assert len(json.loads(archive.read("proposals.json"))) == 3
    assert "README.md" in archive.namelist()
    assert fits(page)
    page.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["1366px", "390px"])
def test_the_demo_statistics_and_open_data_pages_pass_axe(page_factory, demo, viewport):
    """The demo town's statistics (last year's vote: turnout, channels, demographics), the site's, and an open data
    page: axe finds no serious or critical violation, no JS error, no CSP violation."""
    from .test_accessibility import _audit

    _audit(
        page_factory,
        viewport,
        [
            "/fr/statistics/",
            "/fr/processes/budget-participatif-2024/statistics/",
            "/fr/processes/budget-participatif-2024/open-data/",
            f"/fr/processes/{demo['process_slug']}/statistics/",
        ],
    )
