import pytest

from apps.notifications import selectors
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_unread_count_is_one_query(user, django_assert_num_queries):
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read_at="2026-01-01T00:00:00Z")
    NotificationFactory(recipient=UserFactory())
    with django_assert_num_queries(1):
        assert selectors.unread_count(user=user) == 3


def test_unread_count_anonymous_costs_nothing(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert selectors.unread_count(user=AnonymousUser()) == 0


def test_notification_list_newest_first_and_own_only(user):
    old = NotificationFactory(recipient=user)
    new = NotificationFactory(recipient=user)
    NotificationFactory()
    assert list(selectors.notification_list(user=user)) == [new, old]
