"""Events in Chromium, on a desktop (1366 px) and a phone (390 px), on the demo town: a resident finds the agenda in
the navigation, registers for a workshop (answering its question) and joins the waiting list of a full one; the
calendar and the map render; the agent closes the meeting that has just ended with linked proposals, and the
proposal shows the meeting. No JavaScript error and no Content-Security-Policy violation. Screenshots
docs/screenshots/events-*.png with SCREENSHOTS=1."""

import pytest

from apps.events.models import Event, EventProposal, Registration

from .conftest import PHONE
from .test_phone import assert_fits_a_phone

pytestmark = pytest.mark.e2e

DESKTOP_WIDE = {"width": 1366, "height": 800}
RESIDENT = "karim@demo.pbplatform.fr"
AGENT = "agent@demo.pbplatform.fr"


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_a_resident_registers_and_joins_a_waiting_list(page_factory, login, viewport):
    from playwright.sync_api import expect

    page = page_factory(viewport=viewport)
    login(page, RESIDENT)
    page.visit("/en/")
    if viewport == PHONE:
        page.get_by_role("button", name="Toggle navigation").click()
    page.by_testid("nav-agenda").click()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    cards = page.by_testid("event-card")
    expect(cards.filter(has_text="Workshop: writing your idea step by step")).to_contain_text("10 seats left")
    if viewport != PHONE:
        page.screenshot_both("events-agenda", full_page=True)

    cards.filter(has_text="Workshop: writing your idea step by step").get_by_role("link").first.click()
    expect(page.by_testid("event-title")).to_have_text("Workshop: writing your idea step by step")
    expect(page.by_testid("location-hints")).to_contain_text("Step-free access")
    page.get_by_label("Do you need any particular assistance?").fill("A large-print form, please")
    page.by_testid("register-button").click()
    expect(page.by_testid("registered")).to_contain_text("You are registered.")
    expect(page.by_testid("seats")).to_contain_text("9 seats left")
    expect(page.by_testid("add-to-calendar")).to_be_visible()
    if viewport == PHONE:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= PHONE["width"] + 1, "the event page scrolls sideways on a phone"
    else:
        page.screenshot_both("event-registered", full_page=True)
    registration = Registration.objects.get(user__email=RESIDENT, event__title_en__startswith="Workshop: writing")
    assert registration.status == "confirmed" and registration.answer == "A large-print form, please"

    page.visit("/en/events/")
    page.by_testid("event-card").filter(has_text="Town walk").get_by_role("link").first.click()
    expect(page.by_testid("seats")).to_contain_text("Full")
    page.by_testid("register-button").click()
    expect(page.by_testid("waiting")).to_contain_text("You are on the waiting list")
    expect(page.by_testid("leave-button")).to_have_text("Leave the waiting list")
    assert Registration.objects.get(user__email=RESIDENT, event__title_en__startswith="Town walk").status == "waiting"
    if viewport != PHONE:
        page.screenshot_both("event-waiting-list", full_page=True)

    # The month calendar and the map, in French.
    page.visit("/fr/events/?view=calendar")
    expect(page.by_testid("calendar-month")).to_be_visible()
    if viewport == PHONE:
        expect(page.by_testid("calendar-list")).to_contain_text("Balade urbaine")
    else:
        expect(page.by_testid("calendar")).to_contain_text("Balade urbaine")
        page.screenshot_both("events-calendar", full_page=True)
    page.visit("/fr/events/?view=map")
    expect(page.locator(".leaflet-interactive").first).to_be_attached()
    if viewport == PHONE:  # nothing to tap under 44 px, no sideways scroll
        full = Event.objects.get(title_en__startswith="Town walk")
        for path in ("/fr/events/", "/fr/events/?view=calendar", "/fr/events/?when=past", full.get_absolute_url()):
            assert_fits_a_phone(page, path)
    page.assert_clean()


def test_the_agent_closes_a_meeting_with_linked_proposals(page_factory, login):
    from playwright.sync_api import expect

    page = page_factory(viewport=DESKTOP_WIDE)
    login(page, AGENT)
    event = Event.objects.get(title_en="Launch public meeting")
    page.visit("/en/backoffice/")
    waiting = page.by_testid("backoffice-process").filter(has_text="Villeneuve-sur-Lys participatory budget 2026")
    expect(waiting.locator("[data-panel='events.to_close']")).to_contain_text("1")
    waiting.locator("[data-panel='events.to_close'] a").click()
    expect(page.by_testid("backoffice-events")).to_contain_text("Launch public meeting")
    page.by_testid("backoffice-events").get_by_role("row", name="Launch public meeting").get_by_role(
        "link", name="Close"
    ).click()
    page.get_by_label("Report").fill("<p>Forty people came; the rules were explained.</p>")
    page.get_by_label("Number of attendees").fill("40")
    page.get_by_label("Organisations present").fill("Conseil de quartier")
    page.by_testid("proposal-choices").get_by_label("Ouvrir le gymnase municipal le dimanche matin").check()
    page.get_by_label("New proposal 1: title").fill("Des permanences du budget participatif au marché")
    page.get_by_label("New proposal 1: description").fill("Proposé pendant la réunion publique.")
    page.screenshot_both("event-close", full_page=True)
    page.by_testid("close-submit").click()
    report = page.by_testid("event-report")
    expect(report).to_contain_text("Forty people came")
    expect(report).to_contain_text("40 attendees")
    expect(page.by_testid("event-proposals")).to_contain_text("Ouvrir le gymnase municipal le dimanche matin")
    expect(page.by_testid("event-proposals")).to_contain_text("Official proposal from the meeting")
    page.screenshot_both("event-report", full_page=True)
    assert EventProposal.objects.filter(event=event).count() == 2

    page.by_testid("event-proposals").get_by_role("link", name="Ouvrir le gymnase municipal le dimanche matin").click()
    expect(page.by_testid("proposal-events")).to_contain_text("Launch public meeting")
    page.assert_clean()
