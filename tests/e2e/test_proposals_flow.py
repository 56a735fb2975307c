"""The proposal wizard end to end in Chromium: idea, similar proposals, details with map and photo, publish;
then support another proposal, comment on it and reply."""

import re

import pytest
from django.utils import translation
from PIL import Image

from apps.proposals.models import Proposal
from tests.factories import ProposalFactory
from tests.helpers import DEMO_PROCESS_SLUG

pytestmark = pytest.mark.e2e

AUTHOR = "karim@demo.pbplatform.fr"


@pytest.fixture
def local_tiles(settings):
    # No network in tests: tiles come from our own static files (the map still takes clicks).
    settings.MAP_TILE_URL = "/static/img/favicon.svg?z={z}&x={x}&y={y}"


def _count(text):
    return int(re.search(r"\d+", text).group())


def test_proposal_wizard_support_and_comment(page, login, demo, local_tiles, tmp_path):
    process_url = f"/en/processes/{DEMO_PROCESS_SLUG}/"
    author_of_similar = Proposal.objects.filter(process__slug=DEMO_PROCESS_SLUG).exclude(author__email=AUTHOR).first()
    similar = ProposalFactory(
        process=author_of_similar.process,
        author=author_of_similar.author,
        title="Installer des fontaines à eau potable dans les parcs",
        body="Des fontaines à eau dans les parcs et squares pour les promeneurs et les sportifs.",
        reference=None,
    )
    with translation.override("en"):
        similar_url = similar.get_absolute_url()  # the English page: /en/processes/...
    photo = tmp_path / "fontaine.png"
    Image.new("RGB", (320, 240), (40, 120, 200)).save(photo)

    login(page, AUTHOR)
    page.visit(process_url)
    with page.expect_navigation():
        page.by_testid("submit-proposal").click()

    # Step 1: the idea.
    page.fill("input[name=title]", "Des fontaines à eau potable dans les parcs")
    page.fill("textarea[name=body]", "Boire de l'eau fraîche dans les parcs en été.\n\nSurtout près des jeux.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()

    # Step 2: the similar published proposal is offered, with its support button.
    similar_list = page.by_testid("similar-proposals")
    assert similar.title in similar_list.inner_text()
    assert similar_list.locator("[data-testid=support-box]").count() >= 1
    page.screenshot_both("proposal-wizard", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="My proposal is different: continue").click()

    # Step 3: category, a point on the map, a photo.
    page.locator("select[name=category]").select_option(index=1)
    page.fill("input[name=address]", "Parc des Tilleuls")
    page.locator(".js-map-picker").click(position={"x": 200, "y": 120})
    assert page.input_value("input[name=latitude]") != ""
    assert page.input_value("input[name=longitude]") != ""
    page.set_input_files("input[name=attachment]", str(photo))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload this file").click()
    assert page.by_testid("attachments").locator("li").count() == 1
    # What was chosen before the upload is still there.
    assert page.input_value("input[name=address]") == "Parc des Tilleuls"
    assert page.input_value("input[name=latitude]") != ""
    page.screenshot_both("proposal-wizard-details", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and preview").click()

    # Step 4: preview, publish.
    assert "Des fontaines à eau potable dans les parcs" in page.by_testid("preview").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish my proposal").click()
    proposal = Proposal.objects.get(title="Des fontaines à eau potable dans les parcs", author__email=AUTHOR)
    assert proposal.status == "published"
    assert proposal.is_geolocated
    assert proposal.attachments.count() == 1
    assert page.by_testid("proposal-reference").inner_text() == proposal.reference
    assert page.by_testid("attachment-images").locator("img").count() == 1
    page.screenshot_both("proposal-detail", full_page=True)

    # Support the similar proposal.
    page.visit(similar_url)
    box = page.locator("[data-testid=support-box]").first
    before = _count(box.locator("[data-testid=support-count]").inner_text())
    box.locator("[data-testid=support-button]").click()
    page.locator("[data-testid=supported]").first.wait_for()
    after = _count(page.locator("[data-testid=support-box] [data-testid=support-count]").first.inner_text())
    assert after == before + 1

    # Comment, then reply to the comment.
    page.visit(similar_url)
    form = page.locator(".comment-form form")
    form.locator("textarea[name=body]").fill("Très bonne idée, surtout près du terrain de jeux.")
    form.locator("input[name=opinion]").first.check()
    form.get_by_role("button", name="Publish").click()
    page.get_by_text("Très bonne idée, surtout près du terrain de jeux.").first.wait_for()
    page.visit(similar_url)
    reply = page.locator(".comment-reply-form").first
    reply.locator("summary").click()
    reply.locator("textarea[name=body]").fill("Merci ! Il en faudrait aussi au stade.")
    reply.get_by_role("button", name="Publish the reply").click()
    page.wait_for_timeout(500)
    from apps.comments.models import Comment

    assert Comment.objects.filter(body__startswith="Merci ! Il en faudrait", parent__isnull=False).exists()

    # The list, with the new proposal in it.
    page.visit(f"/en/processes/{DEMO_PROCESS_SLUG}/proposals/?order=recent")
    assert "Des fontaines à eau potable dans les parcs" in page.by_testid("proposal-list").inner_text()
    page.screenshot_both("proposals-list", full_page=True)
    page.assert_clean()
