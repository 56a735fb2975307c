"""Supports left (issue 12 §2), in a real browser: the counter above the list counts down as Léa supports through
htmx, and once none is left the other cards' buttons are disabled with the reason, without a reload; withdrawing a
support enables them again."""

import re

import pytest
from playwright.sync_api import expect

from apps.proposals.models import Proposal
from apps.supports.models import Support, support_settings_for
from tests.helpers import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e

LEA = "lea@demo.pbplatform.fr"


def test_the_counter_and_the_disabled_buttons(page, login):
    process = Proposal.objects.filter(process__slug=DEMO_PROCESS_SLUG).first().process
    given = Support.objects.filter(user__email=LEA, process=process).count()
    settings = support_settings_for(process)
    settings.supports_per_user = given + 1  # one support left
    settings.save()
    login(page, LEA)
    page.visit(f"/en/processes/{DEMO_PROCESS_SLUG}/proposals/?order=newest")
    counter = page.by_testid("supports-left")
    assert counter.inner_text().strip() == "1 support left"

    enabled = page.locator("[data-testid=support-button]:not([disabled])")
    assert enabled.count() >= 2
    box = page.locator("[data-testid=support-box]", has=page.locator("[data-testid=support-button]:not([disabled])"))
    first = box.first
    first_id = first.get_attribute("id")
    first.locator("[data-testid=support-button]").click()
    page.locator(f"#{first_id} [data-testid=supported]").wait_for()

    # No reload: the counter says none is left and every other Support button is disabled, with the reason
    # (supports.js updates them after htmx's swap: wait for it).
    expect(counter).to_have_text(re.compile(r"^\s*You have used all your supports"))
    assert page.locator("[data-testid=support-button]:not([disabled])").count() == 0
    reasons = page.locator("[data-testid=support-limit]:visible")
    assert reasons.count() >= 1
    assert reasons.first.inner_text().strip() == f"You have used all your {given + 1} supports."

    # Withdrawing gives the support back.
    page.locator(f"#{first_id} [data-testid=unsupport-button]").click()
    page.locator(f"#{first_id} [data-testid=support-button]").wait_for()
    expect(counter).to_have_text(re.compile(r"^\s*1 support left\s*$"))
    assert page.locator("[data-testid=support-button]:not([disabled])").count() >= 2
    assert page.locator("[data-testid=support-limit]:visible").count() == 0
    page.assert_clean()
