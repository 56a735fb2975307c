"""The audit log screen: who reads it, what they see, its filters, and that nobody can change it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.models import AuditEntry
from apps.core.services import audit_record
from apps.spaces.models import ProcessRole
from tests.factories import ProcessFactory, ProcessRoleFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = ProcessRole.Role
URL = "/en/backoffice/audit/"


@pytest.fixture
def mine():
    return ProcessFactory(title="Budget de Lille-Sud", slug="lille-sud")


@pytest.fixture
def theirs():
    return ProcessFactory(title="Budget de Roubaix", slug="roubaix")


def staff(process, role):
    return ProcessRoleFactory(process=process, role=role).user


@pytest.fixture
def entries(mine, theirs):
    actor = UserFactory(nickname="agent-lille")
    ours = ProposalFactory(process=mine)
    other = ProposalFactory(process=theirs)
    audit_record(
        actor=actor, action="proposals.status_set", target=ours, data={"before": "published", "after": "evaluating"}
    )
    audit_record(
        actor=UserFactory(nickname="agent-roubaix"),
        action="proposals.answer",
        target=other,
        data={"reference": "SECRET-REF"},
    )
    return ours, other


class TestPermissionMatrix:
    @pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MODERATOR])
    def test_evaluators_and_moderators_are_refused_with_the_reason(self, client, mine, role):
        client.force_login(staff(mine, role))
        response = client.get(URL)
        assert response.status_code == 403
        assert (
            "Only site administrators and process administrators can read the audit log." in response.content.decode()
        )

    def test_citizen_is_refused(self, client):
        client.force_login(UserFactory())
        assert client.get(URL).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, client):
        assert client.get(URL).status_code == 302

    def test_process_admin_sees_only_their_processes(self, client, mine, entries):
        client.force_login(staff(mine, Role.ADMIN))
        html = client.get(URL).content.decode()
        assert "proposals.status_set" in html
        assert "agent-lille" in html
        assert "SECRET-REF" not in html
        assert "agent-roubaix" not in html

    def test_process_admin_of_another_process_sees_none_of_mine(self, client, theirs, entries):
        client.force_login(staff(theirs, Role.ADMIN))
        html = client.get(URL).content.decode()
        assert "SECRET-REF" in html
        assert "agent-lille" not in html

    def test_site_admin_sees_everything(self, client, entries):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        html = client.get(URL).content.decode()
        assert "agent-lille" in html and "agent-roubaix" in html


class TestScreen:
    def test_shows_who_what_when_object_before_after(self, client, mine, entries):
        client.force_login(staff(mine, Role.ADMIN))
        html = client.get(URL).content.decode()
        row = html[html.index('data-action="proposals.status_set"') :]
        row = row[: row.index("</tr>")]
        assert "agent-lille" in row
        assert f"proposal #{entries[0].pk}" in row
        assert mine.title_en in row
        assert "<td>published</td>" in row and "<td>evaluating</td>" in row

    def test_an_empty_value_reads_as_a_dash_not_none(self, client, mine):
        target = ProposalFactory(process=mine)
        audit_record(
            actor=UserFactory(),
            action="proposals.review_save",
            target=target,
            data={"before": {"verdict": None, "cost": None}, "after": {"verdict": "feasible", "cost": 1200}},
        )
        client.force_login(staff(mine, Role.ADMIN))
        html = client.get(URL).content.decode()
        row = html[html.index('data-action="proposals.review_save"') :]
        row = row[: row.index("</tr>")]
        # PostgreSQL's jsonb keeps the keys in its own order: each pair is looked for on its own.
        before, after = row.split("<td>")[-3], row.split("<td>")[-2]
        assert "verdict: —" in before and "cost: —" in before
        assert "verdict: feasible" in after and "cost: 1200" in after
        assert "None" not in row

    def test_filters(self, client, mine, theirs, entries):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        html = client.get(URL, {"process": theirs.pk}).content.decode()
        assert "agent-roubaix" in html and "agent-lille" not in html
        html = client.get(URL, {"actor": "lille"}).content.decode()
        assert "agent-lille" in html and "agent-roubaix" not in html
        html = client.get(URL, {"action": "proposals.answer"}).content.decode()
        assert "agent-roubaix" in html and "agent-lille" not in html
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        html = client.get(URL, {"created_at_after": tomorrow}).content.decode()
        assert "No entry matches these filters." in html
        today = timezone.localdate().isoformat()
        html = client.get(URL, {"created_at_after": today, "created_at_before": today}).content.decode()
        assert "agent-lille" in html

    def test_the_admin_verbs_filter_every_model(self, client, mine, entries):
        admin = staff(mine, Role.ADMIN)
        AuditEntry.objects.create(actor=admin, action="admin.change_proposal", process_id=mine.pk)
        AuditEntry.objects.create(actor=admin, action="admin.delete_comment", process_id=mine.pk)
        client.force_login(admin)
        html = client.get(URL, {"action": "admin.change"}).content.decode()
        assert 'data-action="admin.change_proposal"' in html
        assert 'data-action="admin.delete_comment"' not in html and "agent-lille" not in html
        html = client.get(URL).content.decode()
        # The choices are the known codes, whether or not an entry uses them yet.
        assert '<option value="comments.create">' in html and '<option value="admin.delete">' in html

    def test_a_process_admin_cannot_pick_another_process(self, client, mine, theirs, entries):
        client.force_login(staff(mine, Role.ADMIN))
        html = client.get(URL, {"process": theirs.pk}).content.decode()
        assert "agent-roubaix" not in html
        assert theirs.title_en not in html

    def test_paginated(self, client, mine):
        admin = staff(mine, Role.ADMIN)
        AuditEntry.objects.bulk_create(
            [AuditEntry(actor=admin, action=f"test.page{i}", process_id=mine.pk) for i in range(60)]
        )
        client.force_login(admin)
        first = client.get(URL).content.decode()
        assert "Page 1 of 2" in first
        assert ">test.page59</code>" in first and ">test.page0</code>" not in first
        second = client.get(URL, {"page": 2}).content.decode()
        assert ">test.page0</code>" in second

    def test_query_count_is_the_same_for_10_and_500_entries(self, client, mine):
        admin = staff(mine, Role.ADMIN)
        proposals = [ProposalFactory(process=mine) for _ in range(2)]
        actors = [UserFactory() for _ in range(3)]

        def add(count):
            for i in range(count):
                audit_record(
                    actor=actors[i % 3],
                    action=f"test.action{i % 7}",
                    target=proposals[i % 2],
                    data={"before": i, "after": i + 1},
                )

        def queries():
            client.get(URL)  # warm caches (content types, session)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(URL).status_code == 200
            return len(captured)

        client.force_login(admin)
        add(10)
        small = queries()
        add(490)
        assert queries() == small


class TestReadOnly:
    def test_django_admin_cannot_add_change_or_delete(self, client, entries):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        entry = AuditEntry.objects.first()
        assert client.get(f"/en/admin/core/auditentry/{entry.pk}/delete/").status_code == 403
        assert client.get("/en/admin/core/auditentry/add/").status_code == 403
        response = client.post(f"/en/admin/core/auditentry/{entry.pk}/change/", {"action": "forged"})
        assert response.status_code == 403
        client.post(
            "/en/admin/core/auditentry/", {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
        )
        assert AuditEntry.objects.filter(pk=entry.pk, action=entry.action).exists()

    def test_the_screen_has_no_form_that_writes(self, client, mine, entries):
        client.force_login(staff(mine, Role.ADMIN))
        html = client.get(URL).content.decode()
        screen = html[html.index("<h1") : html.index("</main>")] if "</main>" in html else html[html.index("<h1") :]
        assert 'method="post"' not in screen
        assert client.post(URL).status_code in (200, 405)
        assert AuditEntry.objects.count() == 2


def test_lists_and_dicts_read_as_plain_text(client, mine):
    admin = staff(mine, Role.ADMIN)
    audit_record(
        actor=admin, action="test.shape", target=mine,
        data={"before": ["evaluator"], "after": {"supports": 3, "coauthors": [1, 2]}, "originals": ["PB-1", "PB-2"]},
    )
    client.force_login(admin)
    html = client.get(URL).content.decode()
    assert "<td>evaluator</td>" in html
    assert "<td>supports: 3; coauthors: 1, 2</td>" in html
    assert "PB-1, PB-2" in html
