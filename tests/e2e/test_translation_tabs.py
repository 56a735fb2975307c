"""Translated fields side by side: one tab per language in the Django admin, marked when a required value is
missing, with no JavaScript error and no Content-Security-Policy violation. Logged in as the process admin."""

import pytest

from apps.spaces.models import Process
from tests.helpers import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e


def test_process_form_shows_one_tab_per_language_and_marks_the_missing_one(page, login):
    login(page, "agent@demo.pbplatform.fr")
    process = Process.objects.get(slug=DEMO_PROCESS_SLUG)
    page.visit(f"/en/admin/spaces/process/{process.pk}/change/")

    title_fr = page.locator("input[name=title_fr]")
    tabs = page.locator(".pb-lang-tabs").filter(has=title_fr)
    assert [t.strip() for t in tabs.locator("[role=tab]").all_inner_texts()] == ["FR", "EN", "ES"]
    # French (the default language) opens; the other languages wait behind their tabs.
    assert title_fr.is_visible()
    assert page.locator("input[name=title_en]").is_hidden()
    tabs.locator("[role=tab][data-lang=en]").click()
    assert page.locator("input[name=title_en]").is_visible()
    assert title_fr.is_hidden()
    assert tabs.locator("[role=tab][data-lang=en]").get_attribute("aria-selected") == "true"
    page.screenshot_both("admin-translation-tabs")

    # The required French title is emptied and the form submitted: the page comes back with the FR tab marked
    # and open on the error.
    tabs.locator("[role=tab][data-lang=fr]").click()
    title_fr.fill("")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    tabs = page.locator(".pb-lang-tabs").filter(has=page.locator("input[name=title_fr]"))
    french = tabs.locator("[role=tab][data-lang=fr]")
    assert "has-error" in french.get_attribute("class")
    assert "has-error" not in tabs.locator("[role=tab][data-lang=en]").get_attribute("class")
    assert page.locator("input[name=title_fr]").is_visible()
    assert "missing or invalid" in french.inner_text() or french.locator(".pb-lang-hint").count() == 1
    page.assert_clean()


def test_agent_back_office_screens_render_without_errors(page, login):
    """Roles, merge and audit log pages, as the town hall agent (screenshots with SCREENSHOTS=1)."""
    login(page, "agent@demo.pbplatform.fr")
    page.visit(f"/en/backoffice/processes/{DEMO_PROCESS_SLUG}/roles/")
    assert page.by_testid("roles").is_visible()
    page.screenshot_both("backoffice-roles")
    page.visit(f"/en/backoffice/processes/{DEMO_PROCESS_SLUG}/merge/")
    assert page.by_testid("merge-form").is_visible()
    page.screenshot_both("backoffice-merge")
    # Filtered on the merge: the vote's demo process fills the first pages with its reviews.
    page.visit("/en/backoffice/audit/?action=proposals.merge")
    assert page.locator("[data-testid=audit-log] tr[data-action='proposals.merge']").count() == 1
    page.screenshot_both("backoffice-audit-log", full_page=True)
    page.assert_clean()
