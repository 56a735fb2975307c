"""The feasibility review in Chromium, with the demo logins: the evaluator fills the criteria grid and answers,
the agent publishes the answers in bulk, and the author sees the status and the answer on the proposal page."""

import pytest

from apps.proposals.models import Proposal

pytestmark = pytest.mark.e2e

TITLE = "Ouvrir le gymnase municipal le dimanche matin"


def test_evaluator_reviews_agent_publishes_citizen_sees_the_answer(page_factory, login, demo):
    proposal = Proposal.objects.get(title=TITLE)

    evaluator = page_factory()
    login(evaluator, "evaluateur@demo.pbplatform.fr")
    evaluator.visit("/en/backoffice/")
    assert evaluator.locator("[data-panel='proposals.review_assigned']").count() >= 1
    evaluator.visit("/en/backoffice/review/")
    evaluator.screenshot_both("review-queue", full_page=True)
    evaluator.get_by_label("Overdue only").check()
    with evaluator.expect_navigation():
        evaluator.get_by_role("button", name="Filter").click()
    rows = evaluator.by_testid("queue-row")
    assert rows.count() == 1 and TITLE in rows.first.inner_text()
    with evaluator.expect_navigation():
        evaluator.get_by_role("link", name=TITLE).click()

    # The grid: every criterion met but one, with a comment.
    criteria = evaluator.by_testid("criterion")
    assert criteria.count() == 5
    for index in range(5):
        criteria.nth(index).get_by_label("Met", exact=True).check()
    criteria.nth(1).get_by_label("Not met").check()
    criteria.nth(1).locator("textarea").fill("Staff hours are an operating cost.")
    evaluator.get_by_label("Verdict").select_option("not_feasible")
    # Not feasible without an answer: refused next to the field, the grid is kept.
    with evaluator.expect_navigation():
        evaluator.get_by_role("button", name="Save and hand over for publication").click()
    assert "Explain to the author" in evaluator.by_testid("review-form").inner_text()
    assert (
        evaluator.by_testid("criterion").nth(1).locator("textarea").input_value()
        == "Staff hours are an operating cost."
    )
    evaluator.get_by_label("Public answer (English)").fill(
        "Opening on Sundays is an operating cost: the budget cannot fund it."
    )
    evaluator.get_by_label("Public answer (French)").fill("L'ouverture le dimanche est une dépense de fonctionnement.")
    evaluator.screenshot_both("review-form", full_page=True)
    with evaluator.expect_navigation():
        evaluator.get_by_role("button", name="Save and hand over for publication").click()
    assert "waits for publication" in evaluator.content()
    # An internal note for the agent.
    evaluator.by_testid("note-form").locator("textarea").fill("À confirmer avec le service des sports.")
    with evaluator.expect_navigation():
        evaluator.get_by_role("button", name="Add the note").click()
    assert evaluator.by_testid("internal-note").count() == 1
    evaluator.assert_clean()

    agent = page_factory()
    login(agent, "agent@demo.pbplatform.fr")
    agent.visit("/en/backoffice/")
    with agent.expect_navigation():
        agent.locator(f"[data-panel='proposals.answers_held'] a[href*='{demo['process_slug']}']").click()
    held = agent.by_testid("held-answer")
    assert held.count() >= 3
    assert any(TITLE in held.nth(i).inner_text() for i in range(held.count()))
    agent.screenshot_both("review-answers", full_page=True)
    with agent.expect_navigation():
        agent.get_by_role("button", name="Publish the ticked answers").click()
    assert "answers published" in agent.content()
    agent.visit(f"/en/backoffice/review/{demo['process_slug']}/board/")
    assert agent.by_testid("board-statuses").locator("[data-status='rejected'] strong").inner_text() != "0"
    agent.screenshot_both("review-board", full_page=True)
    agent.assert_clean()

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED
    citizen = page_factory()
    login(citizen, "lea@demo.pbplatform.fr")
    citizen.visit(f"/en/processes/{demo['process_slug']}/proposals/{proposal.pk}/")
    assert "Opening on Sundays is an operating cost" in citizen.by_testid("proposal-answer").inner_text()
    assert citizen.by_testid("badge-status").inner_text() == "Rejected"
    assert "Staff hours" not in citizen.content() and "service des sports" not in citizen.content()
    citizen.visit(f"/fr/processes/{demo['process_slug']}/proposals/{proposal.pk}/")
    assert "dépense de fonctionnement" in citizen.by_testid("proposal-answer").inner_text()
    citizen.assert_clean()
