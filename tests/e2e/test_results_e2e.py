"""Publishing results in Chromium, on a desktop (1366 px) and a phone (390 px): the process administrator compares the
rules side by side, publishes Equal Shares after a confirmation, and the public results page renders its bar chart
(server-side SVG) and the explanations; no JavaScript error and no Content-Security-Policy violation on the way.
Screenshots docs/screenshots/results-*.png with SCREENSHOTS=1."""

import pytest
from allauth.account.models import EmailAddress

from apps.budgets.models import Project, ResultPublication
from apps.spaces.models import ProcessRole
from tests.budgets.results_helpers import counted_budget, results_process
from tests.factories import ProcessRoleFactory, UserFactory

from .conftest import PHONE

pytestmark = pytest.mark.e2e

DESKTOP_WIDE = {"width": 1366, "height": 800}
PASSWORD = "results-e2e-password-2026"


@pytest.fixture
def closed_vote(live_server, transactional_db):
    process = results_process(title="Budget participatif de la ville", title_en="Town participatory budget")
    budget, projects = counted_budget(process)
    admin = UserFactory(email="agent@example.org", password=PASSWORD, language="en")
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    ProcessRoleFactory(process=process, user=admin, role=ProcessRole.Role.ADMIN)
    return {"process": process, "budget": budget, "projects": projects, "admin": admin}


def sign_in(page, email):
    page.visit("/en/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action*='/accounts/login/'] [type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "log-in failed"


def no_horizontal_scroll(page):
    """Nothing wider than the screen (a wide table scrolls in its own box)."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_an_admin_compares_the_rules_publishes_and_the_results_page_renders_its_chart(
    page_factory, closed_vote, viewport
):
    phone = viewport == PHONE
    page = page_factory(viewport=viewport)
    # Equal Shares' Add1 completion runs thousands of rounds here (six voters, €100,000): seconds on a busy machine.
    page.set_default_timeout(60_000)
    sign_in(page, closed_vote["admin"].email)
    process, budget = closed_vote["process"], closed_vote["budget"]

    # From the back-office's budget list to the comparison.
    page.visit(f"/en/backoffice/processes/{process.slug}/budgets/")
    with page.expect_navigation():
        page.by_testid("results-preview-link").click()
    cards = page.by_testid("rule-preview")
    assert cards.count() == 5
    greedy = page.locator("[data-testid=rule-preview][data-rule=greedy]")
    mes = page.locator("[data-testid=rule-preview][data-rule=mes]")
    assert "Plant trees" in greedy.get_by_test_id("rule-winners").inner_text()
    assert "A street library" in mes.get_by_test_id("rule-winners").inner_text()
    assert page.by_testid("difference-row").count() >= 2
    assert no_horizontal_scroll(page)
    if not phone:
        page.screenshot_both("results-preview", full_page=True)

    # Publish Equal Shares: a confirmation first.
    with page.expect_navigation():
        mes.get_by_test_id("publish-link").click()
    assert "A street library" in page.by_testid("publish-winners").inner_text()
    page.locator("#id_confirm").check()
    with page.expect_navigation():
        page.by_testid("publish-button").click()
    assert page.by_testid("results-published").is_visible()
    publication = ResultPublication.objects.get(budget=budget)
    assert publication.rule == "mes"
    assert Project.objects.get(pk=closed_vote["projects"]["library"].pk).status == Project.Status.WINNER

    # The public results page, as anybody sees it.
    with page.expect_navigation():
        page.by_testid("results-page-link").click()
    visitor = page_factory(viewport=viewport)
    visitor.visit(page.path())
    chart = visitor.locator("[data-testid=results-chart] svg")
    chart.wait_for()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 150
    bars = visitor.locator("[data-testid=chart-bar] rect")
    assert bars.count() == 4
    assert bars.first.bounding_box()["width"] > bars.last.bounding_box()["width"] > 0
    assert visitor.by_testid("winner").count() == 3
    assert visitor.by_testid("project-explanation").count() == 4
    assert "4 voters paid for it" in visitor.by_testid("ranking").inner_text()
    assert publication.pabulib_sha256 in visitor.by_testid("pabulib-sha256").inner_text()
    assert no_horizontal_scroll(visitor)
    if not phone:
        visitor.screenshot_both("results-page", full_page=True)
    page.assert_clean()
    visitor.assert_clean()
