"""Upload validation by content, image re-encoding and attachment limits."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.core.models import AuditEntry
from apps.proposals.attachments import attachment_add, attachment_remove
from apps.proposals.models import proposal_settings_for
from apps.proposals.uploads import validate_upload
from tests.factories import ProposalFactory, UserFactory

MB = 1024 * 1024


def image_bytes(fmt="JPEG", size=(64, 48), exif=True):
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    options = {}
    if exif and fmt in ("JPEG", "WEBP"):
        exif_data = Image.Exif()
        exif_data[0x010F] = "SecretCam"  # Make
        exif_data[0x8825] = {2: (50.0, 38.0, 0.0)}  # GPS info
        options["exif"] = exif_data.tobytes()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,kind",
    [
        ("photo.jpg", image_bytes("JPEG"), "image"),
        ("plan.png", image_bytes("PNG"), "image"),
        ("vue.webp", image_bytes("WEBP"), "image"),
        ("devis.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "document"),
        ("lettre.docx", docx_bytes(), "document"),
        ("note.odt", odt_bytes(), "document"),
    ],
)
def test_accepted_types_are_recognised_by_content(name, content, kind):
    assert validate_upload(SimpleUploadedFile(name, content), max_bytes=MB) == kind


def test_fake_image_is_refused_whatever_its_name():
    fake = SimpleUploadedFile("holiday.jpg", b"<?php echo 'owned'; ?>" + b"\x00" * 100, content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        validate_upload(fake, max_bytes=MB)
    assert error.value.code == "file_type"


def test_wrong_type_is_refused():
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    for upload in (
        SimpleUploadedFile("anim.gif", gif.getvalue()),
        SimpleUploadedFile("archive.docx", _plain_zip()),
        SimpleUploadedFile("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
    ):
        with pytest.raises(ValidationError) as error:
            validate_upload(upload, max_bytes=MB)
        assert error.value.code == "file_type"


def _plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def test_oversized_file_is_refused_with_sizes_in_the_message():
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (2 * MB))
    with pytest.raises(ValidationError) as error:
        validate_upload(big, max_bytes=MB)
    assert error.value.code == "file_too_large"
    assert "1,0" in error.value.messages[0] or "1.0" in error.value.messages[0]


@pytest.mark.django_db
def test_image_is_reencoded_without_metadata_and_gets_a_thumbnail():
    proposal = ProposalFactory(status="draft", published_at=None, reference=None)
    original = image_bytes("JPEG", size=(3000, 1500))
    assert b"SecretCam" in original
    attachment = attachment_add(
        proposal=proposal, uploaded_file=SimpleUploadedFile("photo.jpg", original), user=proposal.author
    )
    attachment.file.open("rb")
    stored = attachment.file.read()
    attachment.file.close()
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 2000
        assert not image.getexif()
    with Image.open(attachment.thumbnail.path) as thumb:
        assert thumb.width <= 480 and thumb.height <= 360
    assert attachment.kind == "image" and attachment.content_type == "image/jpeg"
    assert AuditEntry.objects.filter(action="proposals.add_attachment").count() == 1


@pytest.mark.django_db
def test_count_limit_and_size_limit_follow_the_process_settings():
    proposal = ProposalFactory(status="draft", published_at=None, reference=None)
    proposal_settings_for(proposal.process).attachments_per_proposal = 1
    proposal_settings_for(proposal.process).attachment_max_mb = 1
    proposal_settings_for(proposal.process).save()
    attachment_add(proposal=proposal, uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"), user=proposal.author)
    with pytest.raises(ValidationError) as error:
        attachment_add(
            proposal=proposal, uploaded_file=SimpleUploadedFile("b.pdf", b"%PDF-1.4 b"), user=proposal.author
        )
    assert error.value.code == "too_many_files"
    assert proposal.attachments.count() == 1


@pytest.mark.django_db
def test_only_the_author_may_add_or_remove():
    proposal = ProposalFactory(status="draft", published_at=None, reference=None)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        attachment_add(proposal=proposal, uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), user=stranger)
    attachment = attachment_add(
        proposal=proposal, uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), user=proposal.author
    )
    with pytest.raises(PermissionDenied):
        attachment_remove(attachment=attachment, user=stranger)
    attachment_remove(attachment=attachment, user=proposal.author)
    assert proposal.attachments.count() == 0
