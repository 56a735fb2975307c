"""Factories of the events app (kept here rather than in tests/factories.py, which every app shares)."""

from datetime import timedelta

import factory
from django.utils import timezone

from apps.events.models import Event, EventSettings, Registration
from tests.factories import ProcessFactory, UserFactory


class EventSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSettings
        django_get_or_create = ("process",)

    process = factory.SubFactory(ProcessFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    process = factory.SubFactory(ProcessFactory)
    author = factory.SubFactory(UserFactory)
    is_official = True
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    title = factory.Sequence(lambda n: f"Atelier {n} à la médiathèque")
    title_en = factory.Sequence(lambda n: f"Workshop {n} at the library")
    description = "<p>Venez imaginer le quartier.</p>"
    description_en = "<p>Come and imagine the neighbourhood.</p>"
    kind = Event.Kind.IN_PERSON
    place_name = "Médiathèque Jules-Verne"
    address = "2 rue de la Lys, 59800 Villeneuve-sur-Lys"
    start_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end_at = factory.LazyAttribute(lambda o: o.start_at + timedelta(hours=2))
    registration_type = Event.RegistrationType.HERE
    seats = 20


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
