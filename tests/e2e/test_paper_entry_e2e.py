"""An agent enters a paper ballot in Chromium, with a colleague (double entry), on a desktop (1366 px) and on a
phone (390 px): agreement counts the ballot, a mismatch waits for a third person who reconciles it side by side."""

import re

import pytest

from apps.budgets.models import Ballot, PaperEntry
from tests.budgets.assisted_helpers import DOCUMENT, make_desk
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.e2e

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def desk(live_server, transactional_db):
    return make_desk()


def log_in(page, user):
    page.visit("/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("form[action*='/accounts/login/'] [type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "log-in failed"


def type_sheet(page, sheet, projects):
    page.get_by_label("Sheet number").fill(sheet)
    for project in projects:
        page.get_by_label(project.title_en, exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save this sheet").click()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_agents_enter_a_paper_ballot_twice_and_reconcile_a_mismatch(page_factory, desk, viewport):
    first = page_factory(viewport=viewport)
    log_in(first, desk.assistant)
    first.visit(f"/en/backoffice/vote/{desk.process.slug}/")
    with first.expect_navigation():
        first.get_by_role("link", name="Type paper sheets").first.click()
    assert "Tick at most 3 projects." in first.by_testid("ballot-instructions").inner_text()

    # Too many crosses: the form says why and keeps the typing.
    type_sheet(first, "B-1", desk.projects[:4])
    errors = first.by_testid("ballot-errors").inner_text()
    assert "mark it void" in errors
    assert first.get_by_label(desk.projects[0].title_en, exact=True).is_checked()
    first.get_by_label(desk.projects[3].title_en, exact=True).uncheck()
    with first.expect_navigation():
        first.get_by_role("button", name="Save this sheet").click()
    assert "Sheet B-1 typed once: a colleague types it again." in first.content()
    type_sheet(first, "B-2", desk.projects[:1])
    first.screenshot_both("paper-entry", full_page=True)
    first.assert_clean()

    second = page_factory(viewport=viewport)
    log_in(second, desk.colleague)
    second.visit(f"/en/backoffice/vote/{desk.process.slug}/budgets/{desk.budget.pk}/paper/")
    type_sheet(second, "b-1", desk.projects[:3])
    assert "Sheet B-1 is entered: its ballot counts." in second.content()
    type_sheet(second, "B-2", desk.projects[1:2])
    assert "disagree" in second.content()
    second.assert_clean()
    assert Ballot.objects.count() == 1
    assert PaperEntry.objects.filter(sheet="B-2", state=PaperEntry.State.MISMATCH).count() == 2

    third = page_factory(viewport=viewport)
    log_in(third, desk.third)
    third.visit(f"/en/backoffice/vote/{desk.process.slug}/budgets/{desk.budget.pk}/paper/mismatches/")
    with third.expect_navigation():
        third.get_by_role("link", name="Sheet B-2").click()
    assert third.locator("[data-differs='1']").count() == 2
    third.screenshot_both("paper-reconcile", full_page=True)
    third.get_by_label(desk.projects[1].title_en, exact=True).check()
    with third.expect_navigation():
        third.get_by_role("button", name="Reconcile this sheet").click()
    assert "Sheet B-2 is reconciled: its ballot counts." in third.content()
    third.assert_clean()
    assert Ballot.objects.count() == 2
    assert list(Ballot.objects.get(paper_sheet="B-2").items.values_list("project_id", flat=True)) == [
        desk.projects[1].pk
    ]


def test_the_printable_ballot(page_factory, desk):
    page = page_factory(viewport=WIDE)
    log_in(page, desk.assistant)
    page.visit(f"/en/backoffice/vote/{desk.process.slug}/budgets/{desk.budget.pk}/paper/print/?copies=2&from=1")
    assert page.by_testid("paper-ballot").count() == 2
    assert page.get_by_role("button", name="Print").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("body > header").is_visible()
    assert page.by_testid("paper-project").first.is_visible()
    # Printed (or saved as PDF): one A4 page per sheet.
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
    page.emulate_media(media="screen")
    page.screenshot_both("paper-ballot-print", full_page=True)
    page.assert_clean()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_an_assistant_checks_a_resident_and_records_their_ballot(page_factory, desk, viewport):
    page = page_factory(viewport=viewport)
    log_in(page, desk.assistant)
    page.visit("/en/backoffice/")
    with page.expect_navigation():
        page.locator("[data-panel='budgets.voting_desk'] a").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Check a person").nth(1).click()
    page.get_by_label("Document number").fill(DOCUMENT)
    page.get_by_label("Birth date").fill("1980-05-17")
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    assert "This person may vote in this budget." in page.by_testid("check-result").inner_text()
    for project in desk.projects[:2]:
        page.get_by_label(project.title_en, exact=True).check()
    page.screenshot_both("assisted-check", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Record the ballot").click()
    code = page.by_testid("receipt-code").inner_text()
    assert code == Ballot.objects.get().receipt_code
    page.screenshot_both("assisted-receipt")

    # The same person again: refused, with the channel of their vote.
    page.visit(f"/en/backoffice/vote/{desk.process.slug}/check/")
    page.get_by_label("Document number").fill(DOCUMENT)
    page.get_by_label("Birth date").fill("1980-05-17")
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    assert "already voted in this budget (assisted (in person))" in page.by_testid("check-result").inner_text()
    page.assert_clean()


def test_the_demo_library_desk(page_factory, login, demo):
    """With the demo: the voting assistant records the vote of a resident at the library, the paper agent and the
    assistant type a new paper sheet."""
    from apps.budgets import demo as budgets_demo
    from apps.budgets.models import Budget

    budget = Budget.objects.get(process__slug=budgets_demo.SLUG)
    assistant = page_factory(viewport=WIDE)
    login(assistant, budgets_demo.ASSISTANT_EMAIL)
    assistant.visit("/en/backoffice/")
    with assistant.expect_navigation():
        assistant.locator(f"[data-panel='budgets.voting_desk'] a[href*='{budgets_demo.SLUG}']").click()
    assert assistant.by_testid("desk-budget").count() >= 1
    assistant.screenshot_both("voting-desk", full_page=True)
    with assistant.expect_navigation():
        assistant.get_by_role("link", name="Check a person").nth(1).click()
    assistant.get_by_label("Document number").fill("demo16-0005")
    assistant.get_by_label("Birth date").fill("1948-09-30")
    with assistant.expect_navigation():
        assistant.get_by_role("button", name="Check").click()
    assert "This person may vote in this budget." in assistant.by_testid("check-result").inner_text()
    boxes = assistant.by_testid("ballot-form").locator("input[type=checkbox]")
    for index in range(3):
        boxes.nth(index).check()
    with assistant.expect_navigation():
        assistant.get_by_role("button", name="Record the ballot").click()
    assert assistant.by_testid("receipt-code").inner_text()
    assistant.assert_clean()

    sheet_url = f"/en/backoffice/vote/{budgets_demo.SLUG}/budgets/{budget.pk}/paper/"
    for email in (budgets_demo.PAPER_AGENT_EMAIL, budgets_demo.ASSISTANT_EMAIL):
        agent = page_factory(viewport=PHONE)
        login(agent, email)
        agent.visit(sheet_url)
        agent.get_by_label("Sheet number").fill("P-9001")
        boxes = agent.by_testid("paper-form").locator("tbody input[type=checkbox]")
        boxes.nth(0).check()
        boxes.nth(5).check()
        with agent.expect_navigation():
            agent.get_by_role("button", name="Save this sheet").click()
        agent.assert_clean()
    assert "Sheet P-9001 is entered: its ballot counts." in agent.content()
    assert Ballot.objects.get(budget=budget, paper_sheet="P-9001").items.count() == 2
