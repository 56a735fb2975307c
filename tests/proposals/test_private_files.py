"""Attachments are private files: random names outside MEDIA_ROOT, served only to who may see the proposal."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory

from apps.proposals.attachments import attachment_add
from apps.proposals.models import ProposalAttachment
from apps.proposals.services import proposal_publish
from pbplatform.media import serve_media
from tests.factories import PhaseFactory, ProcessFactory, ProposalFactory, UserFactory

from .test_uploads import image_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\nsecret medical details\n"


@pytest.fixture
def draft():
    process = ProcessFactory()
    PhaseFactory(process=process)
    author = UserFactory(terms_version="", email="author@example.org")
    return ProposalFactory(process=process, author=author, status="draft", published_at=None, reference=None)


def add_pdf(proposal, name="dossier-medical-dupont.pdf"):
    return attachment_add(proposal=proposal, uploaded_file=SimpleUploadedFile(name, PDF), user=proposal.author)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_uploads_get_random_names_in_the_private_storage(draft):
    document = add_pdf(draft)
    image = attachment_add(
        proposal=draft, uploaded_file=SimpleUploadedFile("vacances-famille.jpg", image_bytes()), user=draft.author
    )
    for name in (document.file.name, image.file.name, image.thumbnail.name):
        assert name.startswith("proposals/")
        assert "dupont" not in name and "vacances" not in name and f"/{draft.pk}/" not in name
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).is_file()
        assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert document.file.name.endswith(".pdf") and image.file.name.endswith(".jpg")
    assert document.file.name != add_pdf(draft).file.name
    # The URL is the permission-checked view, never /media/.
    assert document.file.url == f"/files/{document.file.name}"


def test_a_drafts_file_reaches_only_its_author_until_publication(client, draft):
    document = add_pdf(draft)
    url = document.file.url
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404

    client.force_login(draft.author)
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]

    proposal_publish(proposal=draft, user=draft.author)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and body(response) == PDF


def test_images_are_inline_and_thumbnails_follow_the_same_rule(client, draft):
    image = attachment_add(
        proposal=draft, uploaded_file=SimpleUploadedFile("photo.png", image_bytes("PNG")), user=draft.author
    )
    assert client.get(image.thumbnail.url).status_code == 404
    client.force_login(draft.author)
    response = client.get(image.thumbnail.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert not response.get("Content-Disposition", "").startswith("attachment")


def test_unpublished_process_files_are_hidden_like_the_proposal(client):
    proposal = ProposalFactory(process=ProcessFactory(is_published=False))
    document = add_pdf(proposal)
    assert client.get(document.file.url).status_code == 404


def test_the_proxy_sends_the_bytes_when_configured(client, draft, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private_media/"
    document = add_pdf(draft)
    client.force_login(draft.author)
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private_media/{document.file.name}"
    assert response.content == b""
    client.logout()
    assert client.get(document.file.url).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/files/proposals/nothing.pdf", "/files/unknown/file.pdf", "/files/proposals/../settings.py", "/files/x"],
)
def test_unknown_or_crafted_names_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_writes_are_refused_on_files(client, draft):
    document = add_pdf(draft)
    client.force_login(draft.author)
    assert client.post(document.file.url).status_code == 405


def test_public_media_never_serves_the_old_attachment_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "proposals" / "2" / "82").mkdir(parents=True)
    (tmp_path / "proposals" / "2" / "82" / "dossier.pdf").write_bytes(PDF)
    (tmp_path / "processes").mkdir()
    (tmp_path / "processes" / "hero.png").write_bytes(image_bytes("PNG"))
    request = RequestFactory().get("/media/x")
    with pytest.raises(Http404):
        serve_media(request, "proposals/2/82/dossier.pdf", document_root=tmp_path)
    assert serve_media(request, "processes/hero.png", document_root=tmp_path).status_code == 200


def test_migration_moves_existing_files_to_random_private_names(draft, settings):
    old_name = f"proposals/{draft.process_id}/{draft.pk}/dossier-medical-dupont.pdf"
    old_path = Path(settings.MEDIA_ROOT) / old_name
    old_path.parent.mkdir(parents=True)
    old_path.write_bytes(PDF)
    attachment = ProposalAttachment.objects.create(
        proposal=draft, kind="document", file=old_name, original_name="dossier-medical-dupont.pdf",
        content_type="application/pdf", size=len(PDF),
    )
    migration = importlib.import_module("apps.proposals.migrations.0003_attachments_private_storage")
    migration.move_to_private_storage(django_apps, None)
    attachment.refresh_from_db()
    assert not old_path.exists()
    assert attachment.file.name.startswith("proposals/") and "dupont" not in attachment.file.name
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / attachment.file.name).read_bytes() == PDF
