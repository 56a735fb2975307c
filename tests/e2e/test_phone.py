"""Phones first (issue 12 §1): at 390 px the proposal page puts the support box right after the text, the list
folds its filters behind a "Filter" button, and no page scrolls sideways or has a control under 44 px to tap."""

import pytest
from django.utils import timezone

from apps.proposals.models import Proposal
from tests.e2e.conftest import DESKTOP, PHONE
from tests.helpers import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e

# What a finger taps: controls, not links inside sentences (WCAG 2.5.5 exempts inline links). A checkbox or a
# radio is tapped through its label: its .form-check counts.
CONTROLS = ", ".join(
    [
        "button",
        "[role=button]",
        "input:not([type=hidden])",
        "select",
        "textarea",
        "summary",
        "a.btn",
        ".nav-link",
        ".page-link",
        ".dropdown-item",
        ".breadcrumb-item a",
        "footer a",
    ]
)

MEASURE = """(selector) => {
  const doc = document.documentElement;
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const target = el.matches("input[type=checkbox], input[type=radio]") ? (el.closest(".form-check") || el) : el;
    const r = target.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;                       // not shown: folded, collapsed, visually hidden
    if (r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0) continue;  // moved off-screen (honeypot)
    if (getComputedStyle(el).visibility === "hidden") continue;
    if (r.width < 43.5 || r.height < 43.5) {
      const label = (el.getAttribute("aria-label") || el.textContent || el.name || el.id || "").trim().slice(0, 40);
      const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
      small.push(`${el.tagName.toLowerCase()}.${el.className} "${label}" ${size}`);
    }
  }
  return {overflow: doc.scrollWidth - doc.clientWidth, small};
}"""


def assert_fits_a_phone(page, path):
    page.visit(path)
    page.wait_for_load_state("domcontentloaded")
    result = page.evaluate(MEASURE, CONTROLS)
    assert result["overflow"] <= 0, f"{path} scrolls sideways by {result['overflow']} px"
    assert result["small"] == [], f"{path}: controls under 44 px: {result['small']}"


def _phone(page_factory):
    return page_factory(locale="fr-FR", viewport=PHONE)


def _busiest_proposal():
    """The demo's published proposal with the most comments (and a place on the map, if one has)."""
    return (
        Proposal.objects.filter(process__slug=DEMO_PROCESS_SLUG, status=Proposal.Status.PUBLISHED)
        .order_by("-comment_count", "-latitude", "pk")
        .first()
    )


def test_proposal_page_on_a_phone(page_factory, demo):
    page = _phone(page_factory)
    proposal = _busiest_proposal()
    assert proposal.comment_count >= 1
    path = f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/{proposal.pk}/"
    assert_fits_a_phone(page, path)
    # The support box (with the status above the title, and the follow button) comes right after the text.
    box = page.by_testid("support-box").bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"support box ends at {box['y'] + box['height']} px"
    assert page.by_testid("proposal-title").bounding_box()["y"] < box["y"]
    assert page.locator("#comments").bounding_box()["y"] > box["y"]
    assert page.by_testid("follow-button").bounding_box()["y"] < page.locator("#comments").bounding_box()["y"]
    # The breadcrumb is one short line: a link back to the list.
    crumbs = page.locator(".breadcrumb-item")
    visible = [crumbs.nth(i).inner_text().strip() for i in range(crumbs.count()) if crumbs.nth(i).is_visible()]
    assert visible == ["Propositions"]
    assert page.locator(".breadcrumb").bounding_box()["height"] <= 48
    page.assert_clean()


def test_list_on_a_phone_and_a_desktop(page_factory, demo):
    page = _phone(page_factory)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    list_path = f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/"
    assert_fits_a_phone(page, list_path)
    # The filters fold behind "Filter"; the first proposal is on the first screen.
    assert not page.locator("form.proposal-filters").is_visible()
    toggle = page.by_testid("filters-toggle")
    assert toggle.is_visible()
    first_card = page.by_testid("proposal-card").first.bounding_box()
    assert first_card["y"] < PHONE["height"] - 100, f"the first proposal starts at {first_card['y']} px"
    toggle.click()
    assert page.locator("form.proposal-filters").is_visible()
    assert not [url for url in requested if "leaflet" in url]  # no map, no Leaflet

    # The button says how many filters are active.
    page.visit(f"{list_path}?status=published&official=on")
    assert page.by_testid("active-filters").inner_text().strip() == "2"
    assert not page.locator("form.proposal-filters").is_visible()

    # The map view starts on the first screen too.
    assert_fits_a_phone(page, f"{list_path}?view=map")
    assert page.locator(".js-proposal-map").bounding_box()["y"] < PHONE["height"] / 2
    assert [url for url in requested if "leaflet" in url]
    page.assert_clean()

    desktop = page_factory()
    desktop.visit(f"/en/processes/{DEMO_PROCESS_SLUG}/proposals/")
    assert desktop.locator("form.proposal-filters").is_visible()
    assert not desktop.by_testid("filters-toggle").is_visible()
    desktop.assert_clean()


ANONYMOUS_PAGES = [
    "/fr/",
    "/fr/processes/",
    f"/fr/processes/{DEMO_PROCESS_SLUG}/",
    "/fr/accounts/signup/",
    "/fr/accounts/login/",
    "/fr/contact/",
]


def test_main_pages_fit_a_phone(page_factory, login):
    page = _phone(page_factory)
    for path in ANONYMOUS_PAGES:
        assert_fits_a_phone(page, path)
    login(page, "camille@demo.pbplatform.fr", language="fr")
    for path in [
        "/fr/",
        f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/",
        f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/{_busiest_proposal().pk}/",
        f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/new/",
        "/fr/me/settings/",
    ]:
        assert_fits_a_phone(page, path)
    page.assert_clean()


def test_theme_results_events_and_notification_pages_fit_a_phone(page_factory, login):
    """The pages the first walk did not reach: a theme, the vote, the published count, results tracking, the agenda
    and an event, and a signed-in resident's notifications."""
    from apps.budgets.models import Budget
    from apps.events.models import Event
    from apps.results.models import Result
    from apps.taxonomy.models import Theme

    past_budget = Budget.objects.filter(process__slug="budget-participatif-2024").order_by("pk").first()
    pages = [
        Theme.objects.order_by("pk").first().get_absolute_url(),
        f"/fr/processes/{DEMO_PROCESS_SLUG}/vote/",
        f"/fr/processes/budget-participatif-2024/vote/{past_budget.pk}/results/",
        "/fr/processes/budget-participatif-2024/tracking/",
        Result.objects.filter(process__slug="budget-participatif-2024").order_by("pk").first().get_absolute_url(),
        f"/fr/processes/{DEMO_PROCESS_SLUG}/events/",
        Event.objects.filter(process__slug=DEMO_PROCESS_SLUG).order_by("pk").first().get_absolute_url(),
        "/fr/events/",
    ]
    page = _phone(page_factory)
    for path in pages:
        assert_fits_a_phone(page, path)
    login(page, "camille@demo.pbplatform.fr", language="fr")
    assert_fits_a_phone(page, "/fr/notifications/")
    page.assert_clean()


def _back_office_pages():
    """The back-office screens with the widest tables, for the demo's process admin."""
    from apps.budgets.models import Budget

    budget = Budget.objects.filter(process__slug="budget-des-quartiers").order_by("pk").first()
    review = [f"/fr/backoffice/review/{DEMO_PROCESS_SLUG}/{screen}/" for screen in ("board", "assign", "answers")]
    budgets = [f"/fr/backoffice/processes/budget-des-quartiers/{screen}/" for screen in ("budgets", "turnout")]
    return ["/fr/backoffice/review/", *review, f"/fr/backoffice/processes/{DEMO_PROCESS_SLUG}/roles/", *budgets,
            f"/fr/backoffice/budgets/{budget.pk}/projects/"]  # fmt: skip


def test_back_office_tables_scroll_in_their_box_on_a_phone(page_factory, login):
    """An agent on a phone: the back-office's wide tables (the review queue and board, the budgets, the projects,
    the roles, the turnout) scroll inside their own box; the page itself never scrolls sideways. The visually hidden
    labels of their cells, absolutely placed, used to widen the page even inside that box."""
    page = _phone(page_factory)
    login(page, "agent@demo.pbplatform.fr", language="fr")
    for path in _back_office_pages():
        page.visit(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px"
    page.assert_clean()


CHECKBOX_ROWS = """() => [...document.querySelectorAll("main .form-check")].filter(box => box.offsetParent).map(box => {
  const label = box.querySelector(".form-check-label").getBoundingClientRect();
  const below = [...box.children].filter(el => !el.matches(".form-check-input, .form-check-label"))
    .filter(el => el.getBoundingClientRect().height > 0)
    .map(el => ({text: el.textContent.trim().slice(0, 30), top: el.getBoundingClientRect().top}));
  return {label: box.querySelector(".form-check-label").textContent.trim().slice(0, 30), width: label.width,
          bottom: label.bottom, below, box: box.getBoundingClientRect().width};
})"""


def test_a_checkbox_keeps_its_label_on_its_row_and_its_help_and_error_below_on_a_phone(page_factory):
    """The sign-up form sent empty on a phone: each checkbox's label takes the row beside the box, and its help text
    and its error sit below, the form's width. They shared one row, so "I have read and I accept the terms of use"
    was squeezed into a column a word wide, its error beside it."""
    page = _phone(page_factory)
    page.visit("/en/accounts/signup/")
    page.evaluate("document.querySelectorAll('main form').forEach(form => form.noValidate = true)")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("domcontentloaded")
    rows = page.evaluate(CHECKBOX_ROWS)
    terms = next(row for row in rows if row["label"].startswith("I have read"))
    assert [item["text"] for item in terms["below"]] == ["You must accept the terms of u"]
    newsletter = next(row for row in rows if row["label"].startswith("Send me the newsletter"))
    assert newsletter["below"] and newsletter["below"][0]["text"].startswith("News of the processes")
    for row in (terms, newsletter):
        assert row["width"] > row["box"] * 0.6, row
        assert all(item["top"] >= row["bottom"] - 1 for item in row["below"]), row
    page.assert_clean()


def _event_and_project_pages():
    from apps.budgets.models import Budget, Project
    from apps.events.models import Event
    from apps.results.models import Result

    event = Event.objects.filter(process__slug=DEMO_PROCESS_SLUG, start_at__gt=timezone.now()).order_by("pk").first()
    budget = Budget.objects.filter(process__slug="budget-des-quartiers").order_by("pk").first()
    project = Project.objects.filter(budget=budget, status=Project.Status.SELECTED).order_by("pk").first()
    result = Result.objects.filter(process__slug="budget-participatif-2024", parent=None).order_by("pk").first()
    return ["/en" + item.get_absolute_url()[3:] for item in (event, project, result)]


def test_event_project_and_result_pages_put_their_actions_after_the_content_on_a_phone_beside_on_a_desktop(
    page_factory, login
):
    """As on a proposal's page: a resident on a phone finds "Take part" (register, add to the calendar), "Add to my
    ballot" or "Follow" right after the event, the project or the result: not below every comment (event, project),
    nor above the title (result); on a desktop they stay in the column beside."""
    for viewport, beside in ((PHONE, False), (DESKTOP, True)):
        page = page_factory(locale="en-GB", viewport=viewport)
        login(page, "votante@demo.pbplatform.fr", language="en")
        for path in _event_and_project_pages():
            page.visit(path)
            content = page.locator(".detail-main").bounding_box()
            actions = page.locator(".detail-side").bounding_box()
            comments = page.locator("#comments").bounding_box()
            if beside:
                assert actions["x"] > content["x"] + content["width"] - 1, path
                assert actions["y"] < comments["y"], path
            else:
                assert content["y"] + content["height"] <= actions["y"] < comments["y"], path
            assert page.locator(".detail-side").get_by_role("button").first.is_visible(), path
        page.assert_clean()


def test_long_words_wrap_instead_of_widening_the_page_on_a_phone(page_factory, demo):
    """A title of one long word, a name without spaces, a pasted address in a comment: they wrap on a phone. The
    proposal's title and its author's profile page scrolled sideways by 580 px."""
    from django.contrib.contenttypes.models import ContentType

    from apps.comments.models import Comment

    proposal = _busiest_proposal()
    word = "Anticonstitutionnellement" * 3
    Proposal.objects.filter(pk=proposal.pk).update(title=f"{word} quartier")
    author = proposal.author
    type(author).objects.filter(pk=author.pk).update(display_name="Karimbenabdallah" * 3)
    comments = Comment.objects.filter(content_type=ContentType.objects.get_for_model(Proposal), object_id=proposal.pk)
    comments.filter(pk=comments.order_by("pk").first().pk).update(body="https://www.example.org/" + "chemin" * 20)
    page = _phone(page_factory)
    for path, title in (
        (f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/{proposal.pk}/", word),
        (f"/fr/processes/{DEMO_PROCESS_SLUG}/proposals/?order=newest", None),
        (f"/fr/u/{author.nickname}/", "Karimbenabdallah" * 3),
    ):
        page.visit(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px"
        if title:
            heading = page.locator("h1").first
            assert title in heading.inner_text().replace("\n", "") and heading.bounding_box()["height"] > 50, path
    page.assert_clean()
