"""Section 8 (d) and section 1: after `POST /me/delete/`, nothing identifies the person any more, in any table
or file; published contributions stay, as "Deleted participant", with neutral file names."""

import json
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from apps.comments.models import Comment
from apps.notifications.models import Notification
from apps.proposals.models import Proposal, ProposalAttachment
from tests.factories import DEFAULT_PASSWORD

from .counts import count
from .footprint import DRAFT_PDF, build_footprint

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField, models.EmailField)


def database_traces(secrets):
    """(table, column, pk, secret) for every text or JSON value, in every model, that contains a secret."""
    found = []
    lowered = [s.lower() for s in secrets]
    for model in apps.get_models(include_auto_created=True):
        columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not columns:
            continue
        for row in model._base_manager.values_list("pk", *columns):
            count("erasure: database values searched", len(columns))
            for column, value in zip(columns, row[1:], strict=True):
                text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value or "")
                for secret in lowered:
                    if secret in text.lower():
                        found.append((model._meta.db_table, column, row[0], secret))
    return found


def file_traces(secrets, contents):
    """Files under MEDIA_ROOT or PRIVATE_MEDIA_ROOT whose name contains a secret or whose bytes contain `contents`."""
    found = []
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for directory, _dirs, files in os.walk(root):
            for name in files:
                path = Path(directory) / name
                count("erasure: files searched")
                if any(s.lower() in str(path).lower() for s in secrets) or contents in path.read_bytes():
                    found.append(str(path))
    return found


def stored_files():
    return {
        str(Path(d, n).relative_to(settings.PRIVATE_MEDIA_ROOT))
        for d, _dirs, files in os.walk(settings.PRIVATE_MEDIA_ROOT)
        for n in files
    }


def test_deleting_an_account_leaves_no_trace_of_the_person(client, django_capture_on_commit_callbacks):
    footprint = build_footprint()
    person = footprint.person
    old_photo = ProposalAttachment.objects.get(proposal=footprint.published)
    old_names = {old_photo.file.name, old_photo.thumbnail.name}
    draft_file_url = ProposalAttachment.objects.get(proposal=footprint.draft).file.url
    neighbours_notifications = Notification.objects.filter(recipient=footprint.neighbour, actor=person)
    assert neighbours_notifications.exists()
    # The probe's findings, before: every secret is somewhere.
    assert {t[3] for t in database_traces(footprint.secrets)} >= {s.lower() for s in footprint.secrets}

    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/me/delete/", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302

    assert database_traces(footprint.secrets) == []
    assert file_traces(footprint.secrets, DRAFT_PDF) == []
    # The draft is gone with its file; its old URL answers 404 to anybody.
    assert not Proposal.objects.filter(pk=footprint.draft.pk).exists()
    assert client.get(draft_file_url).status_code == 404
    # The published proposal stays, by "Deleted participant", its photo under new names (old URLs are dead).
    published = Proposal.objects.get(pk=footprint.published.pk)
    with translation.override("en"):
        assert published.author.public_name == "Deleted participant"
    photo = ProposalAttachment.objects.get(pk=old_photo.pk)
    assert photo.original_name == "image.jpg"
    assert {photo.file.name, photo.thumbnail.name}.isdisjoint(old_names)
    assert stored_files() == {photo.file.name, photo.thumbnail.name}
    assert client.get(photo.file.url).status_code == 200
    # Comments stay, anonymised; the neighbour's notifications no longer name the person.
    assert Comment.objects.filter(author=person).count() == 2
    assert all(n.data["actor_name"] == "" for n in neighbours_notifications)
    client.force_login(footprint.neighbour)
    page = client.get("/en/notifications/").content.decode()
    assert "Someone commented" in page and "Secretname" not in page
