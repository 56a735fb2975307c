"""Newsletters in Chromium, on a desktop (1366 px) and a phone (390 px), on the demo town: the agent (a process
administrator, not a superuser) opens the draft to the budget process's participants from the back-office, sends
it to herself as a test, confirms the sending and watches the progress bar (htmx polling) reach 100 %. No
JavaScript error, no Content-Security-Policy violation, no serious axe finding on the screens; a resident opens the
unsubscribe link of a newsletter and confirms."""

import pytest
from django.core import mail

from apps.newsletters import tasks
from apps.newsletters.models import Delivery, Newsletter

from .conftest import PHONE
from .test_accessibility import AXE, FAILING_IMPACTS, run_axe

pytestmark = pytest.mark.e2e

DESKTOP_WIDE = {"width": 1366, "height": 800}
AGENT = "agent@demo.pbplatform.fr"
DRAFT = "Participatory budget workshop: sign up"


def assert_accessible(page):
    serious = [(rule, impact, n) for rule, impact, n in run_axe(page) if impact in FAILING_IMPACTS]
    assert serious == [], page.url


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_the_agent_sends_a_newsletter_to_a_segment_and_watches_it_go(page_factory, login, monkeypatch, viewport):
    from playwright.sync_api import expect

    queued = []
    # The batches run when the test says so (a worker would run them in the background), so the bar is seen moving.
    monkeypatch.setattr("apps.newsletters.services.enqueue", lambda task, **kwargs: queued.append(kwargs))
    page = page_factory(viewport=viewport)
    page.context.add_init_script(path=str(AXE))
    login(page, AGENT)
    page.visit("/en/backoffice/")
    page.by_testid("backoffice-newsletters").click()
    # Her own process's newsletters only: the one sent to everyone by the site administrator is not listed.
    expect(page.by_testid("newsletters")).not_to_contain_text("The 2026 participatory budget has started")
    page.get_by_role("link", name=DRAFT).click()
    expect(page.by_testid("newsletter-subject")).to_have_text(DRAFT)
    expect(page.by_testid("recipients-count")).to_contain_text("4 people agreed to receive it")
    expect(page.by_testid("newsletter-preview")).to_be_visible()
    assert_accessible(page)

    page.by_testid("test-send").click()
    expect(page.get_by_text("A test has been sent to agent@demo.pbplatform.fr.")).to_be_visible()
    assert [m.subject for m in mail.outbox if m.to == [AGENT]][-1].startswith("[Test]")

    page.by_testid("newsletter-send").click()
    expect(page.by_testid("confirm-recipients")).to_have_text("4 people")
    assert_accessible(page)
    page.by_testid("confirm-send").click()
    expect(page.by_testid("progress-percent")).to_have_text("0 %")
    expect(page.by_testid("newsletter-status")).to_have_text("Sending")
    newsletter = Newsletter.objects.get(subject_en=DRAFT)
    assert queued and all(kwargs == {"newsletter_id": newsletter.pk} for kwargs in queued)

    tasks.send_newsletter_batch.apply(kwargs={"newsletter_id": newsletter.pk})
    expect(page.by_testid("progress-percent")).to_have_text("100 %", timeout=8000)
    expect(page.by_testid("figure-sent")).to_have_text("4")
    expect(page.by_testid("figure-failed")).to_have_text("0")
    expect(page.by_testid("progress-status")).to_have_text("Sent")
    assert_accessible(page)
    assert Delivery.objects.filter(newsletter=newsletter, status="sent").count() == 4
    if viewport == PHONE:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= PHONE["width"] + 1, "the newsletter page scrolls sideways on a phone"
    page.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_a_resident_unsubscribes_from_the_link_in_a_newsletter(page_factory, demo, viewport):
    from playwright.sync_api import expect

    from apps.accounts.models import User
    from apps.newsletters.emails import unsubscribe_url

    resident = User.objects.get(email="camille@demo.pbplatform.fr")
    url = unsubscribe_url(resident, "en")
    page = page_factory(viewport=viewport)
    page.context.add_init_script(path=str(AXE))
    page.visit("/" + url.split("/", 3)[3])
    assert_accessible(page)
    page.by_testid("unsubscribe-confirm").click()
    expect(page.by_testid("unsubscribed")).to_contain_text("will receive no more newsletters.")
    resident.refresh_from_db()
    assert resident.newsletter_opt_in is False
    page.assert_clean()
