"""Surveys in Chromium, at 1366 px and on a phone (390 px), on the demo town: a resident opens the consultation's
survey from the process page, sees the cycling question appear only once "By bike" is chosen (static/js/surveys.js),
is told next to the question what is missing, then sends the answers. No JavaScript error and no
Content-Security-Policy violation; on a phone nothing scrolls sideways and every control is big enough to tap."""

import csv

import pytest

from apps.surveys.models import Response

from .conftest import PHONE
from .test_accessibility import AXE, FAILING_IMPACTS, run_axe
from .test_phone import assert_fits_a_phone

pytestmark = pytest.mark.e2e

DESKTOP_WIDE = {"width": 1366, "height": 800}
RESIDENT = "karim@demo.pbplatform.fr"
AGENT = "agent@demo.pbplatform.fr"
CONSULTATION = "consultation-ville-de-demain"


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_a_resident_answers_a_survey_with_a_conditional_question(page_factory, login, viewport):
    from playwright.sync_api import expect

    page = page_factory(viewport=viewport)
    page.context.add_init_script(path=str(AXE))
    login(page, RESIDENT)
    page.visit(f"/en/processes/{CONSULTATION}/")
    page.by_testid("survey-link").first.click()
    expect(page.by_testid("survey-title")).to_have_text("Getting around tomorrow's town")
    page.wait_for_load_state("load")
    assert [v for v in run_axe(page) if v[1] in FAILING_IMPACTS] == []
    if viewport == PHONE:
        assert_fits_a_phone(page, page.path())

    cycling = page.by_testid("question").filter(has_text="What bothers you when cycling?")
    expect(cycling).to_be_hidden()
    page.get_by_label("By bike").check()
    expect(cycling).to_be_visible()
    cycling.locator("textarea").fill("The crossing at the station, at 8 am.")
    page.get_by_label("Benches and shade").check()
    # The safety scale (required) is left empty: refused, with the sentence next to it and the text kept.
    page.by_testid("survey-submit").click()
    expect(page.by_testid("survey-errors")).to_be_visible()
    scale = page.by_testid("question").filter(has_text="Do you feel safe walking in the evening?")
    expect(scale.get_by_test_id("question-error")).to_have_text("This question is required.")
    expect(cycling).to_be_visible()
    expect(cycling.locator("textarea")).to_have_value("The crossing at the station, at 8 am.")
    expect(page.get_by_label("Benches and shade")).to_be_checked()

    scale.get_by_label("4", exact=True).check()
    page.by_testid("survey-submit").click()
    expect(page.get_by_text("Thank you: your answers are recorded.")).to_be_visible()
    expect(page.by_testid("survey-refusal")).to_contain_text("You have already answered this survey.")
    if viewport == PHONE:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= PHONE["width"] + 1, "the survey scrolls sideways on a phone"
    page.assert_clean()

    response = Response.objects.get(user__email=RESIDENT)
    texts = sorted(answer.text for answer in response.answers.all() if answer.text)
    assert texts == ["The crossing at the station, at 8 am."]
    assert response.answers.get(question__kind="scale").value == 4


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_the_agent_reads_the_results_of_the_closed_survey(page_factory, login, viewport):
    from playwright.sync_api import expect

    page = page_factory(viewport=viewport)
    page.context.add_init_script(path=str(AXE))
    login(page, AGENT)
    page.visit("/en/backoffice/")
    expect(page.locator("[data-panel='surveys.surveys']").first).to_contain_text("Surveys")
    page.visit("/en/backoffice/processes/budget-participatif-2024/surveys/")
    page.get_by_role("link", name="Results").first.click()
    expect(page.by_testid("respondents")).to_have_text("140 responses")
    expect(page.by_testid("result-chart")).to_have_count(3)  # single choice, ranking, scale
    expect(page.by_testid("result-matrix")).to_be_visible()
    expect(page.by_testid("demographics")).to_contain_text("fewer than 10")
    page.wait_for_load_state("load")
    assert [v for v in run_axe(page) if v[1] in FAILING_IMPACTS] == []
    with page.expect_download() as download:
        page.by_testid("export-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
    # Reading the file waits for the download to end: the live server is done with it before the teardown
    # flushes the database it shares with this test.
    with open(download.value.path(), encoding="utf-8-sig") as export:
        rows = list(csv.reader(export))
    assert rows[0][:3] == ["response", "submitted_on", "participant"]
    assert len(rows) == 1 + 140
    if viewport == PHONE:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= PHONE["width"] + 1, "the results scroll sideways on a phone"
    page.assert_clean()
