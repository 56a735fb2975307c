"""After the vote, in Chromium on a desktop (1366 px) and a phone (390 px): a voter types their verification code
once the results are published and sees their ballot's line in the published file (a bad code first gets its
sentence next to the field); the participation page renders its tables and bars. No JavaScript error and no
Content-Security-Policy violation. Screenshots docs/screenshots/receipt-*.png and participation-*.png with
SCREENSHOTS=1."""

import pytest

from apps.accounts.models import Demographics
from apps.budgets.counting import receipt_voter_id
from apps.budgets.models import Participation
from tests.budgets.adm_helpers import confirmed_ballot
from tests.budgets.transparency_helpers import closed_election, publish
from tests.factories import UserFactory

from .conftest import PHONE

pytestmark = pytest.mark.e2e

DESKTOP_WIDE = {"width": 1366, "height": 800}
GENDER_COUNTS = [(Demographics.Gender.WOMAN, 20), (Demographics.Gender.MAN, 18), (Demographics.Gender.NON_BINARY, 5)]
GENDERS = [gender for gender, n in GENDER_COUNTS for _ in range(n)]


@pytest.fixture
def published(live_server, transactional_db):
    """13 ballots of the election, 30 more for the street library; 43 voters in the register with demographics."""
    budget, projects, ballots, admin = closed_election(population=120)
    ballots += [confirmed_ballot(budget, [projects["p3"]], voter=UserFactory()) for _ in range(30)]
    for index, ballot in enumerate(ballots):
        ballot.voter.postal_code = "59000" if index % 2 else "59100"
        ballot.voter.save(update_fields=["postal_code"])
        Demographics.objects.create(user=ballot.voter, gender=GENDERS[index], birth_year=1960 + (index % 4) * 10)
        Participation.objects.create(budget=budget, user=ballot.voter, channel=ballot.channel, ballot=ballot)
    publish(budget, admin)
    return {"budget": budget, "process": budget.process, "ballot": ballots[0]}


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_the_voter_checks_their_receipt_and_the_participation_page_renders(page_factory, published, viewport):
    from playwright.sync_api import expect

    process, ballot = published["process"], published["ballot"]
    page = page_factory(viewport=viewport)
    page.visit(f"/en/processes/{process.slug}/receipt-check/")
    expect(page.by_testid("receipt-paper-note")).to_be_visible()

    page.get_by_label("Your verification code").fill("NOT-A-CODE")
    page.get_by_role("button", name="Check my code").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("This is not a verification code")
    page.get_by_label("Your verification code").fill(ballot.receipt_code.lower())
    page.get_by_role("button", name="Check my code").click()

    found = page.by_testid("receipt-found")
    expect(found).to_be_visible()
    voter_id = receipt_voter_id(ballot.receipt_code)
    expect(page.by_testid("receipt-voter-id")).to_have_text(voter_id)
    expect(page.by_testid("receipt-line")).to_have_text(f"{voter_id};p1,p2")
    expect(page.by_testid("receipt-projects")).to_contain_text("Skatepark")
    expect(page.by_testid("receipt-sha256")).to_have_text(ballot.budget.result_publication.pabulib_sha256)
    if viewport == PHONE:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= PHONE["width"] + 1, "the page scrolls sideways on a phone"
    else:
        page.screenshot_both("receipt-check", full_page=True)

    page.visit(f"/en/processes/{process.slug}/participation/")
    expect(page.by_testid("participation-total")).to_contain_text("43 ballots counted")
    expect(page.by_testid("participation-turnout")).to_have_text("35.8 %")
    expect(page.by_testid("demographics-gender")).to_contain_text("Other / not shown")
    # Five non-binary voters are never shown; the men (18) are merged with them, or 5 = 43 - 20 - 18.
    expect(page.by_testid("demographics-gender")).not_to_contain_text("Non-binary")
    expect(page.by_testid("demographics-gender")).not_to_contain_text("Man")
    expect(page.by_testid("demographics-age")).to_contain_text("35 to 49")
    if viewport == PHONE:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= PHONE["width"] + 1, "the participation page scrolls sideways on a phone"
    else:
        page.screenshot_both("participation", full_page=True)
    page.assert_clean()
