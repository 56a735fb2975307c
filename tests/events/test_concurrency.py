"""The race for the last seat, on PostgreSQL (skipped on SQLite, which serialises writers anyway)."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection

from apps.events import services
from apps.events.models import Event, Registration
from tests.factories import PhaseFactory, UserFactory

from .factories import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_people_asking_for_the_last_seat_at_once_get_one_seat_and_one_waiting_place():
    process = PhaseFactory().process
    event = EventFactory(process=process, seats=3, registered_count=2)
    people = [UserFactory(), UserFactory(), UserFactory()]
    barrier = threading.Barrier(len(people))
    outcomes = []
    real_clean = Registration.full_clean

    def slow_clean(self, *args, **kwargs):
        # Widen the race window: each request has decided "a seat is left" before either writes, unless the
        # event's row lock serialises them.
        real_clean(self, *args, **kwargs)
        time.sleep(0.3)

    def register(person):
        try:
            barrier.wait(timeout=10)
            outcomes.append(services.registration_create(event=event, user=person).status)
        except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
            outcomes.append(repr(error))
        finally:
            connection.close()

    with mock.patch.object(Registration, "full_clean", slow_clean), \
            mock.patch("apps.events.services.enqueue"):
        threads = [threading.Thread(target=register, args=(person,)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(outcomes) == ["confirmed", "waiting", "waiting"], outcomes
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (3, 2)
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1  # + the two counted before


def test_the_database_refuses_more_registered_people_than_seats():
    from django.db import IntegrityError, transaction

    event = EventFactory(process=PhaseFactory().process, seats=1, registered_count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(registered_count=2)
    person = UserFactory()
    Registration.objects.create(event=event, user=person, status="confirmed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=person, status="waiting", waiting_since=event.start_at)
