"""The audit log speaks the reader's language: translated columns and action names, in the admin and the
back-office; the admin index has no two sections with the same name."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from apps.core.audit_labels import ACTION_LABELS, action_label
from apps.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_known_codes_read_as_sentences():
    with translation.override("en"):
        assert action_label("comments.create") == "Comment posted"
        assert action_label("admin.change_proposal") == "Proposal changed in the administration"
        assert action_label("admin.delete_processrole").endswith("deleted in the administration")
        assert action_label("someapp.something_new") == "someapp.something_new"  # unknown: the code itself


def test_every_action_written_by_a_service_has_a_label():
    # The codes in the labels table look like what services write: "<app>.<verb>".
    assert all(re.fullmatch(r"[a-z]+\.[a-z_]+", code) for code in ACTION_LABELS)


def test_the_admin_audit_log_has_translated_columns_and_action_names(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    AuditEntry.objects.create(action="comments.create")
    with translation.override("en"):
        html = client.get(reverse("admin:core_auditentry_changelist")).content.decode()
    for header in ("Date", "Person", "Action", "Object type", "Object id", "Process"):
        assert f">{header}<" in html, header
    assert "Comment posted" in html
    assert "Created at" not in html and ">Target type<" not in html


def test_the_admin_index_has_no_two_sections_with_the_same_name(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for language in ("fr", "en", "es"):
        with translation.override(language):
            html = client.get(reverse("admin:index")).content.decode()
        captions = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)
        assert captions, "no section found"
        assert len(captions) == len(set(captions)), (language, captions)
