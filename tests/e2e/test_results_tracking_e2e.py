"""Results tracking in Chromium: a resident sees how far last year's winning projects have come (overall progress, the
list, the map), opens one and follows it; the process administrator adds a timeline entry with a photo in the
back-office; the resident then sees the new entry on the result's page and is notified. On a desktop and on a phone
(390 px), in English and in French; no JavaScript error and no Content-Security-Policy violation on the way.
Screenshots docs/screenshots/results-tracking*.png and result-timeline*.png with SCREENSHOTS=1."""

import datetime
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress

from apps.results import services
from apps.results.demo import _photo
from apps.results.models import TimelineEntry
from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.factories import BudgetFactory, PhaseFactory, ProcessFactory, ProcessRoleFactory, ProjectFactory, UserFactory
from tests.results.factories import statuses_for

from .conftest import PHONE

pytestmark = pytest.mark.e2e

PASSWORD = "tracking-e2e-password-2026"


def _person(email, **kwargs):
    user = UserFactory(email=email, password=PASSWORD, language="en", terms_version="", **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def works(live_server, transactional_db):
    """Last year's process in its results phase: three results made from the winning projects, one with a timeline
    with a photo."""
    process = ProcessFactory(title="Budget participatif 2024", title_en="Participatory budget 2024", slug="pb-2024")
    PhaseFactory(process=process, kind=PhaseKind.RESULTS)
    admin = _person("agent@example.org")
    ProcessRoleFactory(process=process, user=admin, role=ProcessRole.Role.ADMIN)
    resident = _person("resident@example.org")
    statuses = statuses_for(process)
    budget = BudgetFactory(process=process)
    places = [(50.631, 3.058), (50.628, 3.065), (50.633, 3.057)]
    titles = [("Fontaines dans les parcs", "Fountains in the parks"), ("Boîtes à livres", "Book boxes"),
              ("Jardin partagé", "Shared garden")]
    for (fr, en), (lat, lng) in zip(titles, places, strict=True):
        ProjectFactory(budget=budget, status="winner", title=fr, title_en=en, latitude=Decimal(str(lat)),
                       longitude=Decimal(str(lng)), cost=10000)
    outcome = services.results_from_winners(actor=admin, process=process)
    fountains, boxes, _garden = outcome.created
    services.result_update(actor=admin, result=fountains, data={"status": statuses["works"]}, notify=False)
    services.result_update(actor=admin, result=boxes, data={"status": statuses["done"]}, notify=False)
    services.timeline_entry_add(
        actor=admin,
        result=fountains,
        data={"date": datetime.date(2025, 10, 1), "title_fr": "Tranchées ouvertes", "title_en": "Trenches dug"},
        images=[(_photo("fountain-works"), "Trenches in the park")],
    )
    return {"process": process, "admin": admin, "resident": resident, "fountains": fountains}


def sign_in(page, email, language="en"):
    page.visit(f"/{language}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action*='/accounts/login/'] [type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "log-in failed"


def no_horizontal_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_resident_follows_a_result_and_sees_the_new_timeline_entry(page_factory, works):
    process, fountains = works["process"], works["fountains"]
    resident = page_factory()
    sign_in(resident, works["resident"].email)

    # From the process page to the results: the overall progress, the list, the map.
    resident.visit(f"/en/processes/{process.slug}/")
    with resident.expect_navigation():
        resident.by_testid("tracking-link").click()
    assert "1 of 3 winning projects done" in resident.by_testid("winners-done").inner_text()
    assert resident.by_testid("result-card").count() == 3
    resident.screenshot_both("results-tracking", full_page=True)
    with resident.expect_navigation():
        resident.by_testid("map-view-link").click()
    resident.locator(".js-proposal-map path.leaflet-interactive").first.wait_for()
    assert resident.locator(".js-proposal-map path.leaflet-interactive").count() == 3
    resident.screenshot_both("results-tracking-map")

    # A result's page: its progress, its timeline with the photo; the resident follows it.
    resident.visit(f"/en/processes/{process.slug}/tracking/{fountains.pk}/")
    assert resident.by_testid("progress-value").first.inner_text() == "60 %"
    assert "Trenches dug" in resident.by_testid("result-timeline").inner_text()
    assert resident.locator("img[alt='Trenches in the park']").is_visible()
    resident.by_testid("follow-button").get_by_role("button", name="Follow").click()
    resident.get_by_role("button", name="Following · Stop following").wait_for()

    # The process administrator adds a step with a photo in the back-office.
    admin = page_factory()
    sign_in(admin, works["admin"].email)
    admin.visit(f"/en/backoffice/processes/{process.slug}/results/")
    with admin.expect_navigation():
        admin.get_by_role("link", name="Timeline").first.click()
    admin.fill("#id_date", "2026-05-02")
    admin.fill("#id_title_fr", "Les fontaines coulent")
    admin.fill("#id_title_en", "The fountains are running")
    photo = _photo("fountain")
    upload = {"name": "fountain.jpg", "mimeType": "image/jpeg", "buffer": photo.read()}
    admin.set_input_files("#id_photos", files=[upload])
    admin.fill("#id_photos_alt", "A child drinking at the fountain")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Add to the timeline").click()
    assert "followers are told" in admin.locator(".alert-success, .alert").first.inner_text()
    assert TimelineEntry.objects.filter(result=fountains).count() == 2
    admin.assert_clean()

    # The resident is told, and sees the new entry first, with its photo.
    resident.visit("/en/notifications/")
    assert "Fountains in the parks" in resident.locator("main").inner_text()
    resident.visit(f"/en/processes/{process.slug}/tracking/{fountains.pk}/")
    entries = resident.by_testid("timeline-entry")
    assert entries.count() == 2
    assert "The fountains are running" in entries.first.inner_text()
    assert resident.locator("img[alt='A child drinking at the fountain']").is_visible()
    resident.screenshot_both("result-timeline", full_page=True)
    resident.assert_clean()


def test_the_pages_fit_a_phone_in_french(page_factory, works):
    process, fountains = works["process"], works["fountains"]
    page = page_factory(locale="fr-FR", viewport=PHONE)
    page.visit(f"/fr/processes/{process.slug}/tracking/")
    assert page.by_testid("result-card").count() == 3
    assert page.by_testid("results-overview").is_visible()
    assert no_horizontal_scroll(page)
    page.visit(f"/fr/processes/{process.slug}/tracking/{fountains.pk}/")
    assert "Fontaines dans les parcs" in page.by_testid("result-title").inner_text()
    assert "Tranchées ouvertes" in page.by_testid("result-timeline").inner_text()
    assert no_horizontal_scroll(page)
    page.assert_clean()
