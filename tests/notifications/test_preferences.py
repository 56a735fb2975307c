"""The e-mail frequency lives in notifications.NotificationPreference, edited on the account settings page."""

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.accounts import services as account_services
from apps.core.models import AuditEntry
from apps.notifications import selectors, services
from apps.notifications.models import EmailFrequency, Notification, NotificationPreference
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_without_a_preference_row_e_mails_leave_immediately(proposal, make_comment):
    reader = UserFactory(language="en")
    assert not NotificationPreference.objects.filter(user=reader).exists()
    assert selectors.email_frequency_of(reader) == EmailFrequency.IMMEDIATE
    services.notify_comment_created(comment=make_comment(author=UserFactory(), target=proposal, mentions=[reader]))
    assert services.notification_send_email(notification=Notification.objects.get(recipient=reader)) is True
    assert len(mail.outbox) == 1


def test_digest_recipients_carry_their_frequency_in_one_query(proposal, make_comment, django_assert_num_queries):
    readers = [UserFactory(email_frequency="daily") for _ in range(3)]
    UserFactory(email_frequency="never")
    services.notify_comment_created(comment=make_comment(author=UserFactory(), target=proposal, mentions=readers))
    with django_assert_num_queries(1):
        recipients = list(selectors.digest_recipients())
        assert [selectors.email_frequency_of(user) for user in recipients] == ["daily"] * 3
    assert {user.pk for user in recipients} == {user.pk for user in readers}


def test_profile_saves_the_frequency_through_notifications(user):
    account_services.user_update_profile(user=user, data={"email_frequency": "daily"})
    assert NotificationPreference.objects.get(user=user).email_frequency == "daily"
    assert selectors.email_frequency_of(user) == "daily"
    assert AuditEntry.objects.filter(action="notifications.set_email_frequency").count() == 1
    account_services.user_update_profile(user=user, data={"email_frequency": "daily"})  # unchanged: no new entry
    assert AuditEntry.objects.filter(action="notifications.set_email_frequency").count() == 1


def test_export_and_erasure(user):
    services.email_frequency_set(user=user, value="daily")
    assert account_services.user_export_data(user=user)["account"]["email_frequency"] == "daily"
    account_services.user_delete_account(user=user, password=DEFAULT_PASSWORD)
    assert NotificationPreference.objects.get(user=user).email_frequency == EmailFrequency.NEVER


@pytest.mark.django_db(transaction=True)
def test_migrations_carry_every_frequency_over_and_back():
    before = [("accounts", "0005_remove_user_demographics"), ("notifications", "0001_initial")]
    after = [("accounts", "0006_remove_user_email_frequency")]

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    old_apps = migrate(before)
    try:
        OldUser = old_apps.get_model("accounts", "User")
        daily = OldUser.objects.create(email="d@example.org", nickname="daily", email_frequency="daily")
        never = OldUser.objects.create(email="n@example.org", nickname="never", email_frequency="never")
        default = OldUser.objects.create(email="i@example.org", nickname="immediate")

        new_apps = migrate(after)
        preferences = new_apps.get_model("notifications", "NotificationPreference").objects
        rows = dict(preferences.values_list("user_id", "email_frequency"))
        assert rows == {daily.pk: "daily", never.pk: "never", default.pk: "immediate"}

        old_apps = migrate(before)
        assert old_apps.get_model("accounts", "User").objects.get(pk=never.pk).email_frequency == "never"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
