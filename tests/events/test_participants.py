"""Participants' events (where the process allows it) go through moderation like proposals; a participant's data
(registrations) leaves with their account, freeing their seat for the first person waiting."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.services import user_delete_account
from apps.events.models import Event, EventSettings, Registration
from apps.moderation.models import ModerationSettings
from apps.moderation.services import report_create
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _create_url(process):
    with translation.override("en"):
        return reverse("events:create", kwargs={"slug": process.slug})


def test_a_participant_creates_an_event_through_the_form_where_the_process_allows_it(client, process):
    person = UserFactory(language="en")
    client.force_login(person)
    assert client.get(_create_url(process)).status_code == 403
    EventSettings.objects.update_or_create(process=process, defaults={"participants_may_create": True})
    page = client.get(_create_url(process)).content.decode()
    assert 'name="title"' in page and 'name="title_en"' not in page  # one language, their own
    start = (timezone.localtime() + timedelta(days=4)).replace(second=0, microsecond=0)
    response = client.post(_create_url(process), {
        "title": "Street party in rue Pasteur", "description": "Bring a dish to share.", "kind": "in_person",
        "address": "Rue Pasteur", "start_at": start.strftime("%Y-%m-%dT%H:%M"),
        "end_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"), "registration_type": "none",
        "publish": "1",
    })
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.author == person and not event.is_official and event.status == "published"
    assert event.title_en == "Street party in rue Pasteur" and event.title_fr == "Street party in rue Pasteur"


def test_reports_hide_a_participants_event_from_the_agenda(client, process):
    ModerationSettings.objects.update_or_create(process=process, defaults={"hide_threshold": 2})
    event = EventFactory(process=process, is_official=False, title_en="A suspicious party")
    for _ in range(2):
        report_create(user=UserFactory(), target=event, reason="spam")
    event.refresh_from_db()
    assert event.hidden_at is not None
    with translation.override("en"):
        agenda = client.get(reverse("events:list", kwargs={"slug": process.slug})).content.decode()
        assert "A suspicious party" not in agenda
        assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(event.author)  # the organiser still reads it, with the moderators' notice
    with translation.override("en"):
        assert "Hidden by the moderators" in client.get(event.get_absolute_url()).content.decode()


def test_deleting_ones_account_frees_the_seat_for_the_first_person_waiting(process, monkeypatch):
    event = EventFactory(process=process, seats=1)
    leaving = UserFactory(language="en")
    RegistrationFactory(event=event, user=leaving, answer="My phone number is 06 12 34 56 78")
    waiting = RegistrationFactory(event=event, status="waiting", confirmed_at=None, waiting_since=timezone.now())
    Event.objects.filter(pk=event.pk).update(registered_count=1, waiting_count=1)
    user_delete_account(user=leaving, password=DEFAULT_PASSWORD)
    assert not Registration.objects.filter(answer__contains="06 12").exists()
    waiting.refresh_from_db()
    event.refresh_from_db()
    assert waiting.status == "confirmed" and (event.registered_count, event.waiting_count) == (1, 0)
    assert any(waiting.user.email in m.to for m in mail.outbox)
