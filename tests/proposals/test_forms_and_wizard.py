"""Thin wizard: forms shape input, services hold the rules, a refused file leaves nothing half-saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.proposals.models import Proposal, ProposalAttachment, proposal_settings_for
from tests.factories import ProposalFactory, ThemeFactory
from tests.helpers import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def wizard(proposal, step):
    return reverse("proposals:wizard", kwargs={"slug": proposal.process.slug, "pk": proposal.pk, "step": step})


def edit(proposal):
    return reverse("proposals:edit", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})


def bad_pdf():
    return SimpleUploadedFile("virus.pdf", b"MZ not a pdf at all", content_type="application/pdf")


def png(name="photo.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def test_a_refused_file_on_step_3_saves_nothing_of_the_step(citizen_client, draft, category):
    response = citizen_client.post(
        wizard(draft, 3),
        {"category": category.pk, "address": "Rue haute", "attachment": bad_pdf(), "action": "next"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_attachment"' in html
    assert 'value="Rue haute"' in html  # what was typed is shown again
    draft.refresh_from_db()
    assert (draft.address, draft.category_id, draft.wizard_step) == ("", None, 3)
    assert not draft.attachments.exists()


def test_a_refused_file_on_edit_leaves_the_proposal_as_it_was(citizen_client, published, category):
    old_title = published.title
    response = citizen_client.post(
        edit(published),
        {"title": "Un titre entièrement nouveau", "body": "Texte revu.", "category": category.pk,
         "attachment": bad_pdf(), "action": "save"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_attachment"' in html
    assert "Un titre entièrement nouveau" in html
    published.refresh_from_db()
    assert published.title == old_title


def test_the_attachment_limit_is_the_services_and_shows_next_to_the_field(citizen_client, draft, category, process):
    proposal_settings = proposal_settings_for(process)
    proposal_settings.attachments_per_proposal = 1
    proposal_settings.save()
    ok = citizen_client.post(wizard(draft, 3), {"category": category.pk, "attachment": png(), "action": "upload"})
    assert ok.status_code == 302
    response = citizen_client.post(
        wizard(draft, 3), {"category": category.pk, "attachment": png("second.png"), "action": "upload"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A proposal can have at most 1 attachments." in html
    assert 'id="error_1_id_attachment"' in html
    assert ProposalAttachment.objects.filter(proposal=draft).count() == 1


def test_upload_then_next_step(citizen_client, draft, category):
    response = citizen_client.post(wizard(draft, 3), {"category": category.pk, "attachment": png(), "action": "next"})
    assert response.status_code == 302 and response["Location"] == wizard(draft, 4)
    draft.refresh_from_db()
    assert draft.category == category and draft.attachments.count() == 1


@pytest.mark.parametrize("bad", ["abc", "", "1.5", "²", "99999999999999999999"])
def test_removing_a_file_with_a_bad_id_is_a_clear_message_on_step_3(citizen_client, draft, bad):
    response = citizen_client.post(wizard(draft, 3), {"action": "remove", "attachment": bad}, follow=True)
    assert response.status_code == 200
    assert "This file is no longer attached to the proposal." in response.content.decode()


@pytest.mark.parametrize("bad", ["abc", "", "1.5"])
def test_removing_a_file_with_a_bad_id_is_a_clear_message_on_edit(citizen_client, published, bad):
    response = citizen_client.post(edit(published), {"action": "remove", "attachment": bad}, follow=True)
    assert response.status_code == 200
    assert "This file is no longer attached to the proposal." in response.content.decode()


def test_another_proposals_file_cannot_be_removed(citizen_client, draft, process):
    other = ProposalFactory(process=process)
    attachment = ProposalAttachment.objects.create(
        proposal=other, kind="image", file="x.png", original_name="x.png", content_type="image/png", size=1
    )
    response = citizen_client.post(wizard(draft, 3), {"action": "remove", "attachment": attachment.pk}, follow=True)
    assert "This file is no longer attached to the proposal." in response.content.decode()
    assert ProposalAttachment.objects.filter(pk=attachment.pk).exists()


def test_category_or_theme_error_goes_next_to_the_field_shown(citizen_client, draft, process):
    ThemeFactory(process=process)  # themes only: the category field is hidden
    response = citizen_client.post(wizard(draft, 3), {"category": "", "theme": "", "action": "next"})
    html = response.content.decode()
    assert 'id="error_1_id_theme"' in html
    assert "Choose a category or a theme." in html


def test_the_category_or_theme_rule_is_enforced_by_the_service(citizen, draft, category):
    from django.core.exceptions import ValidationError

    from apps.proposals import services

    with pytest.raises(ValidationError) as error:
        services.proposal_draft_update(proposal=draft, user=citizen, data={"address": "Ici"}, step=3)
    assert error.value.message_dict == {"category": ["Choose a category or a theme."]}


def test_rendering_the_details_step_runs_no_count_query(citizen_client, draft, category, process):
    ThemeFactory(process=process)
    with CaptureQueriesContext(connection) as queries:
        response = citizen_client.get(wizard(draft, 3))
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "COUNT(" in q.upper() and "taxonomy_" in q]
    # Rendering the select boxes reads no more rows than the form already read to decide what to show.
    form_reads = [q for q in sql if q.startswith('SELECT "taxonomy_') and '"taxonomy_category"."process_id" = ' in q]
    assert form_reads


def test_title_length_comes_from_the_model(citizen_client, process):
    response = citizen_client.post(
        reverse("proposals:create", kwargs={"slug": process.slug}), {"title": "Court", "body": "Texte."}
    )
    assert "The title must be at least 15 characters long." in response.content.decode()
    assert not Proposal.objects.exists()


def test_coordinates_both_or_neither_comes_from_the_model(citizen_client, draft, category):
    response = citizen_client.post(wizard(draft, 3), {"category": category.pk, "latitude": "50.6", "action": "next"})
    assert "Give both the latitude and the longitude, or neither." in response.content.decode()


def test_coordinates_out_of_range_are_refused(citizen_client, draft, category):
    response = citizen_client.post(
        wizard(draft, 3), {"category": category.pk, "latitude": "91", "longitude": "3", "action": "next"}
    )
    assert response.status_code == 200
    assert 'id="error_1_id_latitude"' in response.content.decode()
