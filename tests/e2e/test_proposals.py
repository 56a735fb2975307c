"""Browsing the demo proposals and supporting one, in a real browser (htmx swaps included)."""

import re

import pytest

from apps.proposals.models import Proposal
from apps.supports.models import Support
from tests.helpers import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e


def _count(text):
    return int(re.search(r"\d+", text).group())


def test_proposal_list_and_detail(page, demo):
    page.visit(f"/en/processes/{DEMO_PROCESS_SLUG}/")
    with page.expect_navigation():
        page.by_testid("see-proposals").click()
    assert page.path().startswith(f"/en/processes/{DEMO_PROCESS_SLUG}/proposals/")

    cards = page.by_testid("proposal-card")
    assert cards.count() >= 1
    page.screenshot_both("proposals")

    with page.expect_navigation():
        cards.first.locator("a").first.click()
    assert page.by_testid("proposal-detail").is_visible()
    assert page.by_testid("proposal-title").inner_text().strip()
    page.screenshot_both("proposal")
    page.assert_clean()


def test_support_a_proposal_without_reloading_the_page(page, login):
    login(page, "lea@demo.pbplatform.fr")
    proposal = (
        Proposal.objects.filter(process__slug=DEMO_PROCESS_SLUG, status="published")
        .exclude(author__email="lea@demo.pbplatform.fr")
        .exclude(supports__user__email="lea@demo.pbplatform.fr")
        .order_by("pk")
        .first()
    )
    assert proposal is not None, "the demo has a proposal Léa can support"
    page.visit(f"/en/processes/{DEMO_PROCESS_SLUG}/proposals/{proposal.pk}/")

    box = page.locator("[data-testid=support-box]")
    before = _count(box.locator("[data-testid=support-count]").inner_text())
    url_before = page.url
    box.locator("[data-testid=support-button]").click()
    box.locator("[data-testid=supported]").wait_for()

    assert page.url == url_before  # htmx swapped the box in place
    after = _count(box.locator("[data-testid=support-count]").inner_text())
    assert after == before + 1
    assert Support.objects.filter(proposal=proposal, user__email="lea@demo.pbplatform.fr").exists()
    assert box.is_visible()
    page.assert_clean()
