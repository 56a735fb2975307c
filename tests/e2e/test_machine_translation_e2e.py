"""Machine translation in Chromium, on a desktop and a phone: an English reader of a French proposal and its
comment taps "Show translation", reads the text marked as machine-translated, then "Show original". The
translations come from a fake LibreTranslate served by the test. No JavaScript error, no CSP violation."""

import pytest

from apps.comments.models import Comment
from apps.comments.services import comment_create
from apps.machine_translation.providers import LibreTranslate
from apps.machine_translation.services import content_translate
from tests.factories import PhaseFactory, ProcessFactory, ProposalFactory, UserFactory
from tests.machine_translation.conftest import FakeTranslator

from .conftest import PHONE
from .test_phone import assert_fits_a_phone

pytestmark = pytest.mark.e2e

DESKTOP_WIDE = {"width": 1366, "height": 800}
BODY = "Des bancs le long du canal pour se reposer en marchant."
COMMENT = "Oui, et des arbres pour l'ombre en été."


@pytest.fixture
def translated_proposal(settings, transactional_db):
    fake = FakeTranslator()
    settings.MACHINE_TRANSLATION_PROVIDER = "libretranslate"
    settings.LIBRETRANSLATE_URL = fake.url
    process = ProcessFactory()
    PhaseFactory(process=process)
    proposal = ProposalFactory(process=process, body=BODY)
    comment = comment_create(user=UserFactory(), target=proposal, body=COMMENT, opinion=Comment.Opinion.IN_FAVOUR)
    provider = LibreTranslate(url=fake.url)
    content_translate(obj=proposal, provider=provider)
    content_translate(obj=comment, provider=provider)
    yield proposal
    fake.close()


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["desktop", "phone"])
def test_a_reader_switches_between_the_translation_and_the_original(page_factory, translated_proposal, viewport):
    from playwright.sync_api import expect

    page = page_factory(viewport=viewport)
    path = "/en" + translated_proposal.get_absolute_url()[3:]
    if viewport == PHONE:
        assert_fits_a_phone(page, path)
    else:
        page.visit(path)
    body = page.by_testid("proposal-body")
    switch = page.by_testid("mt-switch").first
    expect(body).to_contain_text(BODY)
    expect(switch.get_by_test_id("mt-text")).to_be_hidden()

    switch.get_by_text("Show translation").click()
    expect(switch.get_by_test_id("mt-text")).to_be_visible()
    expect(switch.get_by_test_id("mt-text")).to_contain_text(f"[en] {BODY}")
    expect(switch.get_by_test_id("mt-text")).to_contain_text("Machine translation")
    expect(body).to_be_hidden()
    page.screenshot_both("machine-translation")

    switch.get_by_text("Show original").click()
    expect(body).to_be_visible()
    expect(switch.get_by_test_id("mt-text")).to_be_hidden()

    # The comment has its own switch.
    comment_switch = page.locator("#comments").get_by_test_id("mt-switch")
    comment_switch.get_by_text("Show translation").click()
    expect(comment_switch.get_by_test_id("mt-text")).to_contain_text(f"[en] {COMMENT}")
    page.assert_clean()
