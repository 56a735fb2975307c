"""Roles: process administrators appoint the evaluators and moderators of their own process; site administrators
manage everything. Each test logs in as the role it is about."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from apps.backoffice import services
from apps.core.models import AuditEntry
from apps.spaces.models import ProcessRole
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from tests.spaces.test_admin import process_form_data

pytestmark = pytest.mark.django_db

Role = ProcessRole.Role


@pytest.fixture
def mine():
    return ProcessFactory(title="Budget de Lille-Sud", slug="lille-sud")


@pytest.fixture
def theirs():
    return ProcessFactory(title="Budget de Roubaix", slug="roubaix")


def staff(process, role):
    return ProcessRoleFactory(process=process, role=role).user


def url(process):
    return f"/en/backoffice/processes/{process.slug}/roles/"


@pytest.fixture
def candidate():
    return UserFactory(email="agnes@example.org", nickname="agnes")


class TestPermissionMatrix:
    """Who may open the roles page of `mine`, and who may give a role there."""

    @pytest.mark.parametrize(
        "who, allowed",
        [("admin", True), ("other_admin", False), ("evaluator", False), ("moderator", False), ("citizen", False)],
    )
    def test_page_and_appointment(self, client, mine, theirs, candidate, who, allowed):
        user = {
            "admin": lambda: staff(mine, Role.ADMIN),
            "other_admin": lambda: staff(theirs, Role.ADMIN),
            "evaluator": lambda: staff(mine, Role.EVALUATOR),
            "moderator": lambda: staff(mine, Role.MODERATOR),
            "citizen": UserFactory,
        }[who]()
        client.force_login(user)
        page = client.get(url(mine))
        post = client.post(url(mine), {"who": "agnes", "role": Role.EVALUATOR})
        appointed = ProcessRole.objects.filter(process=mine, user=candidate, role=Role.EVALUATOR).exists()
        if allowed:
            assert page.status_code == 200
            assert post.status_code == 302
            assert appointed
        else:
            assert page.status_code == 403
            assert post.status_code == 403
            assert "Only the administrators of this process can appoint its evaluators and moderators." in (
                post.content.decode()
            )
            assert not appointed

    def test_anonymous_is_sent_to_log_in(self, client, mine):
        assert client.get(url(mine)).status_code == 302
        assert client.post(url(mine), {"who": "agnes", "role": Role.EVALUATOR}).status_code == 302
        assert not ProcessRole.objects.exists()

    def test_removal_by_the_admin_of_another_process_is_refused(self, client, mine, theirs):
        role = ProcessRoleFactory(process=mine, role=Role.MODERATOR)
        client.force_login(staff(theirs, Role.ADMIN))
        response = client.post(f"/en/backoffice/roles/{role.pk}/remove/")
        assert response.status_code == 403
        assert ProcessRole.objects.filter(pk=role.pk).exists()

    def test_removal_by_an_evaluator_is_refused(self, client, mine):
        role = ProcessRoleFactory(process=mine, role=Role.MODERATOR)
        client.force_login(staff(mine, Role.EVALUATOR))
        assert client.post(f"/en/backoffice/roles/{role.pk}/remove/").status_code == 403
        assert ProcessRole.objects.filter(pk=role.pk).exists()

    def test_service_refuses_the_admin_of_another_process_with_the_reason(self, mine, theirs, candidate):
        # The reason is asserted in English (the tests run in French, the default language).
        with (
            translation.override("en"),
            pytest.raises(PermissionDenied, match="Only the administrators of this process"),
        ):
            services.process_role_add(
                actor=staff(theirs, Role.ADMIN), process=mine, user=candidate, role=Role.MODERATOR
            )


class TestProcessAdmin:
    def test_appoints_and_removes_a_moderator(self, client, mine, candidate):
        admin = staff(mine, Role.ADMIN)
        client.force_login(admin)
        response = client.post(url(mine), {"who": "agnes@example.org", "role": Role.MODERATOR}, follow=True)
        assert "The role has been given." in response.content.decode()
        role = ProcessRole.objects.get(process=mine, user=candidate)
        assert role.role == Role.MODERATOR
        response = client.post(f"/en/backoffice/roles/{role.pk}/remove/", follow=True)
        assert "The role has been removed." in response.content.decode()
        assert not ProcessRole.objects.filter(process=mine, user=candidate).exists()

    def test_cannot_appoint_a_process_admin(self, client, mine, candidate):
        client.force_login(staff(mine, Role.ADMIN))
        response = client.post(url(mine), {"who": "agnes", "role": Role.ADMIN})
        assert response.status_code == 200
        assert not ProcessRole.objects.filter(user=candidate).exists()
        with pytest.raises(PermissionDenied, match="Only site administrators can appoint or remove process"):
            services.process_role_add(actor=staff(mine, Role.ADMIN), process=mine, user=candidate, role=Role.ADMIN)

    def test_cannot_remove_another_admin(self, client, mine):
        other = ProcessRoleFactory(process=mine, role=Role.ADMIN)
        client.force_login(staff(mine, Role.ADMIN))
        response = client.post(f"/en/backoffice/roles/{other.pk}/remove/", follow=True)
        assert "Only site administrators can appoint or remove process administrators." in response.content.decode()
        assert ProcessRole.objects.filter(pk=other.pk).exists()

    def test_unknown_person_is_explained_next_to_the_field(self, client, mine):
        client.force_login(staff(mine, Role.ADMIN))
        response = client.post(url(mine), {"who": "nobody@example.org", "role": Role.EVALUATOR})
        assert "Nobody has this e-mail address or nickname." in response.content.decode()
        assert 'value="nobody@example.org"' in response.content.decode()

    def test_a_role_held_twice_is_refused(self, client, mine, candidate):
        ProcessRoleFactory(process=mine, user=candidate, role=Role.EVALUATOR)
        client.force_login(staff(mine, Role.ADMIN))
        response = client.post(url(mine), {"who": "agnes", "role": Role.EVALUATOR})
        assert "agnes already has this role in this process." in response.content.decode()
        assert ProcessRole.objects.filter(user=candidate).count() == 1


class TestSiteAdmin:
    def test_appoints_a_process_admin(self, client, mine, candidate):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        assert client.post(url(mine), {"who": "agnes", "role": Role.ADMIN}).status_code == 302
        assert ProcessRole.objects.filter(process=mine, user=candidate, role=Role.ADMIN).exists()


class TestAudit:
    def test_each_change_writes_one_entry_with_before_and_after(self, mine, candidate):
        admin = staff(mine, Role.ADMIN)
        ProcessRoleFactory(process=mine, user=candidate, role=Role.EVALUATOR)
        role = services.process_role_add(actor=admin, process=mine, user=candidate, role=Role.MODERATOR)
        entry = AuditEntry.objects.get(action="backoffice.role_add")
        assert entry.actor == admin
        assert entry.target == candidate
        assert entry.process_id == mine.pk
        assert entry.data["before"] == ["evaluator"]
        assert entry.data["after"] == ["evaluator", "moderator"]
        services.process_role_remove(actor=admin, process_role=role)
        entry = AuditEntry.objects.get(action="backoffice.role_remove")
        assert entry.data["before"] == ["evaluator", "moderator"]
        assert entry.data["after"] == ["evaluator"]
        assert AuditEntry.objects.filter(action__startswith="backoffice.role_").count() == 2

    def test_the_new_role_takes_effect_at_once(self, client, mine, candidate):
        services.process_role_add(actor=staff(mine, Role.ADMIN), process=mine, user=candidate, role=Role.EVALUATOR)
        client.force_login(candidate)
        assert client.get("/en/backoffice/").status_code == 200


class TestDjangoAdminRoles:
    def test_a_role_given_in_the_process_form_is_audited_with_before_and_after(self, client, candidate):
        process = ProcessFactory(slug="nu", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        site_admin = UserFactory(is_superuser=True, is_staff=True)
        client.force_login(site_admin)
        data = process_form_data(process, [], with_roles=True)
        data.update(
            {
                "roles-TOTAL_FORMS": "1",
                "roles-0-id": "",
                "roles-0-process": str(process.pk),
                "roles-0-user": str(candidate.pk),
                "roles-0-role": Role.MODERATOR,
            }
        )
        response = client.post(f"/en/admin/spaces/process/{process.pk}/change/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert ProcessRole.objects.filter(process=process, user=candidate, role=Role.MODERATOR).exists()
        entry = AuditEntry.objects.get(action="admin.add_processrole")
        assert entry.actor == site_admin and entry.target == candidate and entry.process_id == process.pk
        assert entry.data == {"role": "moderator", "before": None, "after": "moderator"}
