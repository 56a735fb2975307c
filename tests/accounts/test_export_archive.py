"""'Download my data' is a zip: data.json (every app's section) and the files the person attached."""

import io
import json
import zipfile

import pytest

from apps.comments.models import CommentVote
from apps.core.models import AuditEntry
from apps.proposals.models import ProposalAttachment
from tests.security.footprint import DRAFT_FILE, DRAFT_PDF, PHOTO_FILE, build_footprint

pytestmark = pytest.mark.django_db


def download(client, user):
    client.force_login(user)
    response = client.post("/en/me/export/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return archive, json.loads(archive.read("data.json"))


def test_export_holds_attachments_votes_and_audit_entries(client):
    footprint = build_footprint()
    archive, data = download(client, footprint.person)

    names = {item["original_name"]: item for item in data["attachments"]}
    assert set(names) == {DRAFT_FILE, PHOTO_FILE}
    assert archive.read(names[DRAFT_FILE]["file"]) == DRAFT_PDF
    photo = ProposalAttachment.objects.get(original_name=PHOTO_FILE)
    with photo.file.open("rb") as stored:
        assert archive.read(names[PHOTO_FILE]["file"]) == stored.read()
    vote = CommentVote.objects.get(user=footprint.person)
    assert [(v["comment_id"], v["value"]) for v in data["comment_votes"]] == [(vote.comment_id, 1)]
    actions = {entry["action"] for entry in data["audit_log"]}
    assert {"proposals.add_attachment", "proposals.publish", "comments.vote"} <= actions
    # Only the person's own entries.
    assert len(data["audit_log"]) == AuditEntry.objects.filter(actor=footprint.person).count()


def test_export_of_someone_else_never_includes_the_persons_files(client):
    footprint = build_footprint()
    archive, data = download(client, footprint.neighbour)
    assert data["attachments"] == []
    assert archive.namelist() == ["data.json"]
    assert footprint.person.email not in json.dumps(data)
