"""Moderation end to end in Chromium: a citizen reports a comment through the form, a moderator hides it from the
back-office queue with a justification, and the comment's author reads that justification on the proposal page."""

import pytest

from apps.accounts.models import User
from apps.comments.services import comment_store
from apps.proposals.models import Proposal

from .conftest import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e

MODERATOR = "moderateur@demo.pbplatform.fr"
REPORTER = "camille@demo.pbplatform.fr"
AUTHOR = "karim@demo.pbplatform.fr"
BODY = "Franchement, ceux qui soutiennent ce projet sont des imbéciles."
JUSTIFICATION = "Propos insultants envers les autres participants (charte, article 2)."


def test_a_moderator_hides_a_reported_comment_and_its_author_reads_why(page_factory, login, demo):
    proposal = Proposal.objects.filter(process__slug=DEMO_PROCESS_SLUG, hidden_at__isnull=True).exclude(
        author__email=AUTHOR
    ).order_by("pk").first()
    comment = comment_store(
        target=proposal, process=proposal.process, parent=None, author=User.objects.get(email=AUTHOR), body=BODY,
        opinion="against",
    )
    proposal_url = f"/en/processes/{DEMO_PROCESS_SLUG}/proposals/{proposal.pk}/"

    # A citizen reports the comment, without JavaScript tricks: the link, the form, the thanks.
    citizen = page_factory()
    login(citizen, REPORTER)
    citizen.visit(proposal_url)
    citizen.locator(f"#comment-{comment.pk} [data-testid=report-link]").click()
    citizen.wait_for_load_state()
    citizen.get_by_label("Offensive, hateful or abusive").check()
    citizen.fill("textarea[name=text]", "Insulte les autres participants.")
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Send the report").click()
    assert "the moderators will look at your report" in citizen.content()
    citizen.assert_clean()

    # The moderator finds it from the back-office home, and hides it with a justification.
    moderator = page_factory()
    login(moderator, MODERATOR)
    moderator.visit("/en/backoffice/")
    queue_url = f"/en/backoffice/moderation/process/{proposal.process_id}/"
    panel = moderator.locator("[data-panel='moderation.pending']", has=moderator.locator(f"a[href='{queue_url}']"))
    assert int(panel.locator(".fs-4").inner_text()) >= 2  # the demo's pending report and this one
    moderator.screenshot_both("backoffice-home-moderator")
    with moderator.expect_navigation():
        panel.get_by_role("link").click()
    queue = moderator.by_testid("moderation-queue")
    assert BODY[:40] in queue.inner_text()
    moderator.screenshot_both("moderation-queue", full_page=True)
    with moderator.expect_navigation():
        queue.locator("[data-testid=moderation-item]", has_text=BODY[:40]).click()
    assert "Insulte les autres participants." in moderator.by_testid("report-list").inner_text()
    moderator.fill("textarea[name=justification]", JUSTIFICATION)
    moderator.screenshot_both("moderation-item", full_page=True)
    with moderator.expect_navigation():
        moderator.get_by_role("button", name="Hide").click()
    assert moderator.by_testid("item-status").inner_text() == "Hidden"
    moderator.assert_clean()

    # Visitors see a placeholder; the author sees the comment with the justification.
    visitor = page_factory()
    visitor.visit(proposal_url)
    hidden = visitor.locator(f"#comment-{comment.pk}")
    assert "hidden by the moderators" in hidden.inner_text()
    assert BODY not in visitor.content()

    author = page_factory()
    login(author, AUTHOR)
    author.visit(proposal_url)
    own = author.locator(f"#comment-{comment.pk}")
    assert JUSTIFICATION in own.locator("[data-testid=hidden-justification]").inner_text()
    author.screenshot_both("comment-hidden-justification")
    author.assert_clean()
