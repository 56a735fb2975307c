"""The vote in Chromium, on a desktop (1366 px) and a phone (390 px): a knapsack basket whose meter refuses a project
that does not fit, a change of mind, the review, the confirmation and the receipt code; no JavaScript error and no
Content-Security-Policy violation on the way. Screenshots in docs/screenshots/ with SCREENSHOTS=1."""

import re

import pytest
from allauth.account.models import EmailAddress

from apps.budgets.models import Ballot, BallotItem, Budget
from apps.spaces.phases import PhaseKind
from tests.factories import BudgetFactory, PhaseFactory, ProcessFactory, ProjectFactory, UserFactory

from .conftest import PHONE

pytestmark = pytest.mark.e2e

DESKTOP_WIDE = {"width": 1366, "height": 800}
PASSWORD = "vote-e2e-password-2026"
RECEIPT_CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")


@pytest.fixture
def town(live_server, transactional_db):
    process = ProcessFactory(title="Budget participatif de la ville", title_en="Town participatory budget")
    PhaseFactory(process=process, kind=PhaseKind.VOTING)
    budget = BudgetFactory(
        process=process,
        title="Budget de la ville",
        title_en="Town budget",
        ballot_kind=Budget.BallotKind.KNAPSACK,
        total_amount=100000,
        max_projects=None,
    )
    projects = {
        key: ProjectFactory(budget=budget, title=fr, title_en=en, cost=cost, description=f"<p>{en}.</p>")
        for key, fr, en, cost in [
            ("park", "Un parc au bord du canal", "A park along the canal", 60000),  # geolocated below
            ("bikes", "Des arceaux à vélos", "Bicycle racks", 30000),
            ("library", "Une bibliothèque de rue", "A street library", 25000),
            ("trees", "Planter 100 arbres", "Plant 100 trees", 8000),
            ("benches", "Des bancs dans le centre", "Benches downtown", 5000),
            ("fountain", "Une fontaine à boire", "A drinking fountain", 12000),
        ]
    }
    projects["park"].latitude, projects["park"].longitude = 50.6312, 3.0588
    projects["park"].save()
    voter = UserFactory(email="voter@example.org", password=PASSWORD, language="en")
    EmailAddress.objects.create(user=voter, email=voter.email, verified=True, primary=True)
    return {"process": process, "budget": budget, "projects": projects, "voter": voter}


def sign_in(page, email):
    page.visit("/en/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action*='/accounts/login/'] [type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "log-in failed"


def card(page, title):
    return page.locator("[data-testid=project-card]", has_text=title)


def meter_left(page, phone):
    """The money left, as the meter in view shows it (the sticky bar on a phone, the basket panel on a desktop)."""
    where = "[data-testid=meter-bar]" if phone else "[data-testid=basket-panel]"
    return page.locator(f"{where} [data-testid=meter-left]")


def in_viewport(page, locator):
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] + 1


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_knapsack_basket_meter_refusal_confirmation_and_receipt(page_factory, town, viewport):
    from playwright.sync_api import expect

    phone = viewport == PHONE
    page = page_factory(viewport=viewport)
    sign_in(page, town["voter"].email)
    process, budget = town["process"], town["budget"]

    page.visit(f"/en/processes/{process.slug}/")
    with page.expect_navigation():
        page.by_testid("vote-link").click()
    # A single budget: straight to its projects.
    assert page.path() == f"/en/processes/{process.slug}/vote/{budget.pk}/"
    assert page.by_testid("project-card").count() == 6
    expect(meter_left(page, phone)).to_have_text("100,000 €")

    url = page.url
    card(page, "A park along the canal").get_by_test_id("add-button").click()
    card(page, "A park along the canal").get_by_test_id("in-basket").wait_for()
    expect(meter_left(page, phone)).to_have_text("40,000 €")
    card(page, "Bicycle racks").get_by_test_id("add-button").click()
    card(page, "Bicycle racks").get_by_test_id("in-basket").wait_for()
    expect(meter_left(page, phone)).to_have_text("10,000 €")
    assert page.url == url  # htmx: no page load

    # The meter refuses a project that does not fit, next to the project; the basket is unchanged.
    library = card(page, "A street library")
    library.get_by_test_id("add-button").click()
    refusal = library.get_by_test_id("project-refusal")
    refusal.wait_for()
    assert refusal.inner_text() == "This project costs 25,000 € and only 10,000 € are left in your budget."
    # The keyboard focus lands on the refusal (basket.js), so a screen reader reads it.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.dataset.testid === 'project-refusal'"
    )
    expect(meter_left(page, phone)).to_have_text("10,000 €")
    assert page.by_testid("basket-item").count() == 2
    if phone:
        # The meter stays in view while the voter scrolls the list.
        library.scroll_into_view_if_needed()
        page.mouse.wheel(0, 400)
        assert in_viewport(page, page.by_testid("meter-bar"))
        assert page.by_testid("meter-bar").is_visible()
    else:
        assert not page.by_testid("meter-bar").is_visible()
        page.screenshot_both("vote-basket-refusal")

    # Change of mind: the bicycle racks leave (from the basket panel), the library fits now.
    page.locator("[data-testid=basket-item]", has_text="Bicycle racks").get_by_test_id("basket-remove").click()
    card(page, "Bicycle racks").get_by_test_id("add-button").wait_for()
    expect(meter_left(page, phone)).to_have_text("40,000 €")
    library.get_by_test_id("add-button").click()
    library.get_by_test_id("in-basket").wait_for()
    expect(meter_left(page, phone)).to_have_text("15,000 €")
    assert library.get_by_test_id("project-refusal").count() == 0

    # Review, confirm, receipt.
    with page.expect_navigation():
        page.by_testid("basket-panel").get_by_test_id("review-link").click()
    assert page.by_testid("basket-item").count() == 2
    if not phone:
        page.screenshot_both("vote-review", full_page=True)
    with page.expect_navigation():
        page.by_testid("confirm-button").click()
    assert page.path() == f"/en/processes/{process.slug}/vote/{budget.pk}/receipt/"
    code = page.by_testid("receipt-code").inner_text().strip()
    assert RECEIPT_CODE.match(code), code
    assert page.by_testid("receipt-code").is_visible()
    if not phone:
        page.screenshot_both("vote-receipt", full_page=True)

    ballot = Ballot.objects.get(voter=town["voter"], budget=budget)
    assert ballot.receipt_code == code and ballot.confirmed_at is not None
    chosen = set(BallotItem.objects.filter(ballot=ballot).values_list("project_id", flat=True))
    assert chosen == {town["projects"]["park"].pk, town["projects"]["library"].pk}

    # A project's page: its map, and the basket there too.
    page.visit(f"/en/processes/{process.slug}/vote/{budget.pk}/projects/{town['projects']['park'].pk}/")
    page.locator("[data-testid=project-map].leaflet-container").wait_for()
    assert page.by_testid("project-actions").get_by_test_id("in-basket").is_visible()

    # Coming back: the confirmed ballot is shown; a change waits for its confirmation.
    page.visit(f"/en/processes/{process.slug}/vote/{budget.pk}/")
    assert page.by_testid("ballot-confirmed").is_visible()
    if phone:
        assert page.by_testid("bar-confirmed").is_visible()
    card(page, "Plant 100 trees").get_by_test_id("add-button").click()
    card(page, "Plant 100 trees").get_by_test_id("in-basket").wait_for()
    page.by_testid("unconfirmed-changes").wait_for(state="attached")
    if phone:
        # The sticky bar says it too, where the voter looks.
        assert page.by_testid("bar-unconfirmed").is_visible() and in_viewport(page, page.by_testid("meter-bar"))
    with page.expect_navigation():
        page.by_testid("basket-panel").get_by_test_id("review-link").click()
    with page.expect_navigation():
        page.by_testid("confirm-button").click()
    assert "Your change is confirmed" in page.content()
    assert page.by_testid("receipt-code").inner_text().strip() == code
    page.assert_clean()


def test_the_demo_vote_in_french_on_a_phone(page_factory, login, demo):
    """The demo's resident who has not voted yet: approval with at most 3 choices, in French, on a phone."""
    from playwright.sync_api import expect

    from apps.budgets.demo import SLUG, VOTER_EMAIL

    budget = Budget.objects.get(process__slug=SLUG)
    page = page_factory(locale="fr-FR", viewport=PHONE)
    login(page, VOTER_EMAIL, language="fr")
    page.visit(f"/fr/processes/{SLUG}/")
    with page.expect_navigation():
        page.by_testid("vote-link").click()
    assert page.path().startswith(f"/fr/processes/{SLUG}/vote/{budget.pk}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    cards = page.by_testid("project-card")
    assert cards.count() >= 4
    expect(page.locator("[data-testid=meter-bar] [data-testid=meter-left]")).to_have_text("3")
    for index in range(3):
        cards.nth(index).get_by_test_id("add-button").click()
        cards.nth(index).get_by_test_id("in-basket").wait_for()
    expect(page.locator("[data-testid=meter-bar] [data-testid=meter-left]")).to_have_text("0")
    page.screenshot_both("vote-demo", full_page=False)
    fourth = cards.nth(3)
    fourth.get_by_test_id("add-button").click()
    fourth.get_by_test_id("project-refusal").wait_for()
    assert page.by_testid("basket-item").count() == 3
    with page.expect_navigation():
        page.by_testid("basket-panel").get_by_test_id("review-link").click()
    with page.expect_navigation():
        page.by_testid("confirm-button").click()
    assert RECEIPT_CODE.match(page.by_testid("receipt-code").inner_text().strip())
    assert Ballot.objects.get(voter__email=VOTER_EMAIL, budget=budget).confirmed_at is not None
    page.assert_clean()
