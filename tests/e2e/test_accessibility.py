"""axe-core on every main page, for anonymous and signed-in visitors, at 1366 px and 390 px.

axe-core is vendored from npm in tests/e2e/vendor/axe-core/ (with its licence) and injected by Playwright as an
init script, which the page's Content-Security-Policy does not apply to. A serious or critical violation fails
the test; the counts of every violation per page are printed (`pytest -s`) for the closing notes.
"""

from pathlib import Path

import pytest

from apps.budgets.models import Budget
from apps.proposals.models import Proposal
from tests.helpers import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
FAILING_IMPACTS = {"serious", "critical"}
CONSULTATION = "consultation-ville-de-demain"
CITIZEN = "camille@demo.pbplatform.fr"

PUBLIC_PAGES = [
    "/fr/",
    "/fr/processes/",
    f"/fr/processes/{DEMO_PROCESS_SLUG}/",
    f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/",
    f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/?view=map",
    "{proposal}",
    f"/fr/processes/{CONSULTATION}/",
    f"/fr/processes/{CONSULTATION}/themes/mobilites/",
    f"/fr/processes/{DEMO_PROCESS_SLUG}/pages/regles/",
    "/fr/pages/faq/",
    "/fr/contact/",
    "/fr/search/?q=quartier",
    "/en/",
    "/es/",
]
ANONYMOUS_ONLY = ["/fr/accounts/login/", "/fr/accounts/signup/"]
SIGNED_IN_ONLY = [
    f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/new/",
    "/fr/me/settings/",
    "/fr/notifications/",
]


@pytest.fixture
def local_tiles(settings):
    # No network in tests: the map's tiles come from our own static files.
    settings.MAP_TILE_URL = "/static/img/favicon.svg?z={z}&x={x}&y={y}"


def run_axe(page):
    """The violations axe finds on the page as it is now: [(rule, impact, node count)]."""
    # Swagger UI's own markup (the API docs' explorer, a vendored library) is left out: its nested buttons and pale
    # greys are the library's to fix; the page around it is ours.
    results = page.evaluate(
        "async () => (await axe.run({exclude: [['#swagger-ui']]}, {resultTypes: ['violations']})).violations"
    )
    return [(v["id"], v["impact"], len(v["nodes"])) for v in results]


def _open_menu_on_phones(page):
    """On a phone the navbar's links sit in the collapsed menu: open it, so they are checked too."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#main-nav.show").wait_for()
        page.wait_for_timeout(400)  # the collapse animation


def _resolve(path):
    """The vote page ("{vote:SLUG}") or the published results ("{results:SLUG}") of that process's first budget."""
    if path.startswith(("{vote:", "{results:")):
        kind, slug = path.strip("{}").split(":")
        budget = Budget.objects.filter(process__slug=slug).order_by("pk").first()
        path = f"/fr/processes/{slug}/vote/{budget.pk}/" + ("results/" if kind == "results" else "")
    return path


def _audit(page_factory, viewport, paths, login=None, email=CITIZEN, failing=FAILING_IMPACTS):
    page = page_factory(locale="fr-FR", viewport=viewport)
    page.context.add_init_script(path=str(AXE))
    if login:
        login(page, email, language="fr")
    proposal = Proposal.objects.filter(process__slug=DEMO_PROCESS_SLUG, status="published").order_by("pk").first()
    report, failures = {}, []
    for path in paths:
        path = _resolve(path.replace("{proposal}", proposal.get_absolute_url()))
        page.visit(path)
        page.wait_for_load_state("load")
        if page.locator("#swagger-ui").count():
            # The API docs' explorer renders after fetching the schema: audit it once it has.
            page.locator("#swagger-ui main[role=region]").wait_for(state="attached")
        _open_menu_on_phones(page)
        violations = run_axe(page)
        report[path] = violations
        failures += [(path, rule, impact, count) for rule, impact, count in violations if impact in failing]
    who = "signed-in" if login else "anonymous"
    for path, violations in report.items():
        summary = ", ".join(f"{rule} ({impact}) x{count}" for rule, impact, count in violations) or "none"
        print(f"axe {who} {viewport['width']}px {path}: {summary}")
    assert failures == []
    page.assert_clean()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366px", "390px"])
def test_axe_anonymous(page_factory, demo, local_tiles, viewport):
    _audit(page_factory, viewport, PUBLIC_PAGES + ANONYMOUS_ONLY)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366px", "390px"])
def test_axe_signed_in(page_factory, demo, login, local_tiles, viewport):
    _audit(page_factory, viewport, PUBLIC_PAGES + SIGNED_IN_ONLY, login=login)


# Pages as the role whose work they are (the back-office, the vote, the recount); none has a violation of any
# impact left, so any (a moderate heading order or landmark name included) fails.
STRICT_PAGES = {
    "agent@demo.pbplatform.fr": [
        "/fr/backoffice/",
        "/fr/backoffice/audit/",
        "/fr/backoffice/audit/?page=2",
        "/fr/backoffice/review/",
        "/fr/backoffice/processes/budget-des-quartiers/budgets/",
        "/fr/backoffice/processes/budget-participatif-2024/results/",
        "/fr/backoffice/processes/budget-participatif-2024/results/statuses/",
        "/fr/events/",
        "/fr/statistics/",
        f"/fr/processes/{DEMO_PROCESS_SLUG}/statistics/",
    ],
    "assistant-vote@demo.pbplatform.fr": ["/fr/backoffice/", "/fr/backoffice/vote/budget-des-quartiers/"],
    "evaluateur@demo.pbplatform.fr": ["/fr/backoffice/"],
    "votante@demo.pbplatform.fr": [
        "{vote:budget-des-quartiers}",
        "{results:budget-participatif-2024}",
        "/api/v1/docs/",
    ],
}
ANY_IMPACT = {"minor", "moderate", "serious", "critical"}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366px", "390px"])
@pytest.mark.parametrize("email", list(STRICT_PAGES), ids=lambda email: email.split("@")[0])
def test_axe_finds_nothing_as_each_role(page_factory, demo, login, local_tiles, viewport, email):
    _audit(page_factory, viewport, STRICT_PAGES[email], login=login, email=email, failing=ANY_IMPACT)


def test_a_table_wider_than_the_phone_can_be_scrolled_with_the_keyboard(page_factory, demo, login):
    """The review list's table scrolls sideways in its box on a phone: the box takes the focus and is named after
    the page's heading; on a desktop, where nothing overflows, it is no tab stop."""
    boxes = (
        "Array.from(document.querySelectorAll('.table-responsive'))"
        ".map(b => [b.getAttribute('tabindex'), b.getAttribute('role'), b.getAttribute('aria-label')])"
    )
    phone = page_factory(locale="fr-FR", viewport=PHONE)
    login(phone, "agent@demo.pbplatform.fr", language="fr")
    phone.visit("/fr/backoffice/processes/budget-des-quartiers/budgets/")
    phone.wait_for_load_state("load")
    assert phone.evaluate(boxes) == [["0", "region", "Budgets Budget participatif des quartiers 2025-2026"]]
    phone.keyboard.press("Tab")
    for _ in range(40):
        if phone.evaluate("document.activeElement.classList.contains('table-responsive')"):
            break
        phone.keyboard.press("Tab")
    phone.keyboard.press("ArrowRight")
    phone.wait_for_timeout(300)  # smooth scrolling
    assert phone.evaluate("document.querySelector('.table-responsive').scrollLeft") > 0
    phone.set_viewport_size(WIDE)
    phone.wait_for_timeout(300)  # the resize event
    assert phone.evaluate(boxes) == [[None, None, None]]
    phone.assert_clean()


def test_navbar_links_have_enough_contrast(page, demo):
    """The audit's one colour failure: the navbar's links on the blue (3.66:1 before, 4.5:1 needed)."""
    page.set_viewport_size(WIDE)
    page.context.add_init_script(path=str(AXE))
    page.visit("/fr/")
    page.wait_for_load_state("load")
    result = page.evaluate(
        "async () => (await axe.run('nav.navbar', {runOnly: ['color-contrast']})).violations.length"
    )
    assert result == 0


def test_after_a_refused_form_the_first_field_to_correct_has_the_focus(page_factory, transactional_db):
    """On a phone the refused form reopened at the top of the page, the focus nowhere: now the first field to
    correct takes it (in view, its message read by screen readers through aria-describedby)."""
    phone = page_factory(locale="fr-FR", viewport=PHONE)
    phone.visit("/fr/contact/")
    phone.fill("#id_email", "pas-une-adresse")
    phone.locator("main form").evaluate("form => { form.noValidate = true; }")
    phone.locator("main form [type=submit]").last.click()
    phone.wait_for_load_state("load")
    focused = phone.evaluate(
        "(() => { const e = document.activeElement; const box = e.getBoundingClientRect();"
        " return [e.name, e.getAttribute('aria-invalid'), box.top >= 0 && box.bottom <= innerHeight]; })()"
    )
    assert focused == ["name", "true", True]
    phone.assert_clean()
