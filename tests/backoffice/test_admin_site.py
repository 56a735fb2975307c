"""The Django admin stays for site configuration and asks the same named rules as the back-office."""

import pytest
from django.contrib import admin
from django.urls import reverse

from apps.core.permissions import is_allowed
from apps.spaces.models import ProcessRole
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return ProcessFactory()


@pytest.mark.parametrize(
    "role,admin_status,backoffice_status",
    [
        (ProcessRole.Role.ADMIN, 200, 200),
        # Evaluators and moderators work in the back-office; the site administration is not theirs.
        (ProcessRole.Role.EVALUATOR, 302, 200),
        (ProcessRole.Role.MODERATOR, 302, 200),
    ],
)
def test_who_enters_where(client, process, role, admin_status, backoffice_status):
    client.force_login(ProcessRoleFactory(process=process, role=role).user)
    assert client.get(reverse("admin:index")).status_code == admin_status
    assert client.get(reverse("backoffice:home")).status_code == backoffice_status


def test_the_entry_test_is_the_named_rule(client, process):
    user = ProcessRoleFactory(process=process, role=ProcessRole.Role.EVALUATOR).user
    assert is_allowed("backoffice.enter", user) and not is_allowed("backoffice.enter_admin", user)
    staff = UserFactory(is_staff=True)
    assert is_allowed("backoffice.enter_admin", staff) and not is_allowed("backoffice.enter", staff)


def test_site_admin_opens_every_changelist(client, process):
    """Rule names that are also model permission codenames (spaces.change_process...) must not lock site
    administrators out of the admin now that a rule's answer is final for superusers too."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
