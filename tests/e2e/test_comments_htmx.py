"""Comments posted through htmx: no Content-Security-Policy violation in the console (htmx's own indicator and
settle styles are off), and the thread's counters stay true after a reply."""

import pytest

from apps.proposals.models import Proposal
from tests.helpers import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e

CITIZEN = "lea@demo.pbplatform.fr"


def _proposal_url():
    proposal = Proposal.objects.filter(process__slug=DEMO_PROCESS_SLUG, status="published").order_by("pk").first()
    return f"/en/processes/{DEMO_PROCESS_SLUG}/proposals/{proposal.pk}/"


def test_posting_a_comment_and_a_reply_with_htmx_breaks_no_csp_rule(page, login, demo):
    login(page, CITIZEN)
    page.visit(_proposal_url())
    # An empty comment first: the form comes back in place with its error.
    page.locator(".comment-form form").get_by_role("button", name="Publish").click()
    page.locator(".comment-form .is-invalid").first.wait_for()
    form = page.locator(".comment-form form")
    form.locator("textarea[name=body]").fill("Une idée qui changerait le quartier, je soutiens.")
    with page.expect_response(lambda r: r.request.method == "POST" and "/comments/" in r.url):
        form.get_by_role("button", name="Publish").click()
    page.get_by_text("Une idée qui changerait le quartier, je soutiens.").first.wait_for()
    page.wait_for_timeout(300)  # htmx settles after the swap: that is when inline styles used to be applied

    reply = page.locator(".comment-reply-form").first
    reply.locator("summary").click()
    reply.locator("textarea[name=body]").fill("D'accord avec vous.")
    with page.expect_response(lambda r: r.request.method == "POST" and "/comments/" in r.url):
        reply.get_by_role("button", name="Publish the reply").click()
    page.get_by_text("D'accord avec vous.").first.wait_for()
    page.wait_for_timeout(300)
    page.assert_clean()


def test_mention_autocomplete_completes_the_nickname(page, login, demo):
    login(page, CITIZEN)
    page.visit(_proposal_url())
    textarea = page.locator(".comment-form textarea[name=body]")
    textarea.press_sequentially("Bonjour @ka", delay=30)
    suggestion = page.locator(".comment-form [data-testid=mention-suggestions] .js-mention", has_text="@karim")
    suggestion.wait_for()
    suggestion.click()
    assert textarea.input_value() == "Bonjour @karim "
    assert page.locator(".comment-form [data-testid=mention-suggestions]").count() == 0
    page.assert_clean()
