"""Per-feature settings live in their apps' one-to-one models: the migrations carry each process's values over,
a process without a row gets the defaults, and process admins edit them inline in the process form."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.comments.models import CommentSettings, comment_settings_for
from apps.proposals.models import ProposalSettings, proposal_settings_for
from apps.spaces.models import Process, ProcessRole
from apps.spaces.selectors import process_detail
from apps.supports.models import SupportSettings, support_settings_for
from tests.factories import ProcessFactory, ProcessRoleFactory

from .test_admin import admin_url, process_form_data, settings_inline_data

BEFORE = [
    ("spaces", "0001_initial"),
    ("proposals", "0003_attachments_private_storage"),
    ("supports", "0001_initial"),
    ("comments", "0001_initial"),
]
AFTER = [
    ("spaces", "0002_remove_process_feature_settings"),
    ("proposals", "0005_copy_process_settings"),
    ("supports", "0003_copy_process_settings"),
    ("comments", "0003_copy_process_settings"),
]


def _errors(response):
    context = response.context
    inlines = [(f.formset.prefix, f.formset.errors) for f in context["inline_admin_formsets"]]
    return [context["adminform"].form.errors, *inlines]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migrations_carry_every_process_settings_over_and_back():
    old_apps = _migrate(BEFORE)
    try:
        OldProcess = old_apps.get_model("spaces", "Process")
        common = {"start_date": date(2026, 1, 1), "end_date": date(2026, 12, 31)}
        tuned = OldProcess.objects.create(
            title="Réglé", title_fr="Réglé", slug="regle", **common,
            proposal_body_max_length=800, proposal_title_help="Court", proposal_title_help_fr="Court",
            proposal_title_help_en="Short", proposal_body_help_es="Cuerpo", proposals_per_user=None,
            proposal_edit_minutes=30, supports_per_user=4, support_threshold=50, attachment_max_mb=2,
            attachments_per_proposal=1, comment_max_length=400,
        )
        plain = OldProcess.objects.create(title="Par défaut", title_fr="Par défaut", slug="defaut", **common)

        new_apps = _migrate(AFTER)
        proposals = new_apps.get_model("proposals", "ProposalSettings").objects
        supports = new_apps.get_model("supports", "SupportSettings").objects
        comments = new_apps.get_model("comments", "CommentSettings").objects
        assert proposals.count() == supports.count() == comments.count() == 2
        row = proposals.get(process_id=tuned.pk)
        assert (row.proposal_body_max_length, row.proposals_per_user, row.proposal_edit_minutes) == (800, None, 30)
        assert (row.attachment_max_mb, row.attachments_per_proposal) == (2, 1)
        assert (row.proposal_title_help_fr, row.proposal_title_help_en, row.proposal_body_help_es) == (
            "Court", "Short", "Cuerpo",
        )
        tuned_supports = supports.get(process_id=tuned.pk)
        assert (tuned_supports.supports_per_user, tuned_supports.support_threshold) == (4, 50)
        assert comments.get(process_id=tuned.pk).comment_max_length == 400
        default = proposals.get(process_id=plain.pk)
        assert (default.proposal_body_max_length, default.proposals_per_user, default.proposal_edit_minutes) == (
            1500, 5, 15,
        )
        assert supports.get(process_id=plain.pk).supports_per_user is None
        assert comments.get(process_id=plain.pk).comment_max_length == 1000
        assert "comment_max_length" not in {f.name for f in new_apps.get_model("spaces", "Process")._meta.fields}

        # And back: the values return to the process.
        old_apps = _migrate(BEFORE)
        back = old_apps.get_model("spaces", "Process").objects.get(pk=tuned.pk)
        assert (back.proposal_edit_minutes, back.support_threshold, back.comment_max_length) == (30, 50, 400)
        assert back.proposal_title_help_en == "Short"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_a_process_without_settings_gets_the_defaults_once(django_assert_num_queries):
    process = ProcessFactory(proposal_settings=None, support_settings=None, comment_settings=None)
    process = Process.objects.get(pk=process.pk)
    settings = proposal_settings_for(process)
    assert (settings.proposals_per_user, settings.proposal_edit_minutes, settings.attachment_max_mb) == (5, 15, 5)
    assert support_settings_for(process).support_threshold is None
    assert comment_settings_for(process).comment_max_length == 1000
    assert ProposalSettings.objects.filter(process=process).count() == 1
    with django_assert_num_queries(0):  # cached on the process object
        assert proposal_settings_for(process) is settings
    assert proposal_settings_for(Process.objects.get(pk=process.pk)).pk == settings.pk  # not created twice


@pytest.mark.django_db
def test_the_process_page_selector_joins_every_feature_settings(django_assert_num_queries):
    process = ProcessFactory()
    loaded = process_detail(slug=process.slug)
    with django_assert_num_queries(0):
        proposal_settings_for(loaded), support_settings_for(loaded), comment_settings_for(loaded)


@pytest.mark.django_db
def test_process_admin_edits_the_feature_settings_inline(client):
    process = ProcessFactory(title="Budget nu", slug="nu", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    agent = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    client.force_login(agent)
    page = client.get(admin_url("spaces", "process", "change", process.pk)).content.decode()
    for prefix in ("proposal_settings", "support_settings", "comment_settings"):
        assert f'name="{prefix}-TOTAL_FORMS"' in page
    assert 'name="proposal_settings-0-proposal_edit_minutes"' in page
    data = process_form_data(process, [])
    data.update(
        settings_inline_data(
            process, proposals_per_user="2", proposal_title_help_en="Say it briefly", supports_per_user="3",
            comment_max_length="300",
        )
    )
    response = client.post(admin_url("spaces", "process", "change", process.pk), data)
    assert response.status_code == 302, _errors(response)
    assert ProposalSettings.objects.get(process=process).proposals_per_user == 2
    assert ProposalSettings.objects.get(process=process).proposal_title_help_en == "Say it briefly"
    assert SupportSettings.objects.get(process=process).supports_per_user == 3
    assert CommentSettings.objects.get(process=process).comment_max_length == 300


@pytest.mark.django_db
def test_a_settings_row_is_created_from_the_inline_when_missing(client):
    process = ProcessFactory(
        slug="sans", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31),
        proposal_settings=None, support_settings=None, comment_settings=None,
    )
    client.force_login(ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user)
    data = process_form_data(process, [])
    response = client.post(admin_url("spaces", "process", "change", process.pk), data)
    assert response.status_code == 302, _errors(response)
    # Untouched defaults are saved too.
    assert ProposalSettings.objects.get(process=process).proposal_edit_minutes == 15
    assert SupportSettings.objects.filter(process=process).exists()
    assert CommentSettings.objects.filter(process=process).exists()
