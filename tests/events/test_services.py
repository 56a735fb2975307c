"""Events' services: creating, seats and the waiting list, cancelling, closing rules, e-mails with the .ics."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from apps.core.models import AuditEntry
from apps.events import services
from apps.events.models import Event, EventProposal, Registration
from apps.proposals.models import Proposal
from tests.factories import ProposalFactory, UserFactory

from .factories import EventFactory, EventSettingsFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _data(**extra):
    start = timezone.now() + timedelta(days=3)
    data = {
        "title_fr": "Atelier vélo au parc",
        "title_en": "Bike workshop in the park",
        "description_fr": "<p>Réparons nos vélos <script>alert(1)</script></p>",
        "kind": Event.Kind.IN_PERSON,
        "place_name": "Parc des Tilleuls",
        "address": "Rue des Tilleuls",
        "start_at": start,
        "end_at": start + timedelta(hours=2),
        "registration_type": Event.RegistrationType.HERE,
        "seats": 2,
    }
    data.update(extra)
    return data


def test_the_process_admin_creates_an_official_published_event_with_its_html_sanitised(process, admin):
    event = services.event_create(process=process, author=admin, data=_data())
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED and event.is_official and event.published_at
    assert "<script>" not in event.description_fr
    assert event.title_en == "Bike workshop in the park"
    assert AuditEntry.objects.filter(action="events.create", target_id=str(event.pk)).exists()


def test_a_participant_creates_events_only_where_the_process_allows_it(process, citizen):
    with pytest.raises(PermissionDenied):
        services.event_create(process=process, author=citizen, data=_data())
    EventSettingsFactory(process=process, participants_may_create=True)
    process.refresh_from_db()
    with translation.override("en"):
        event = services.event_create(process=process, author=citizen, data={**_data(), "title": "Street party"})
    assert event.status == Event.Status.PUBLISHED and not event.is_official
    # Written in English, it also fills the default language so the French page has a title.
    assert event.title_en == "Street party" and event.title_fr == "Atelier vélo au parc"


def test_bad_input_is_refused_field_by_field(process, admin):
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.event_create(
            process=process, author=admin,
            data=_data(kind=Event.Kind.HYBRID, address="", end_at=start - timedelta(hours=1), start_at=start),
        )
    assert {"address", "online_url", "end_at"} <= set(refused.value.message_dict)
    assert not Event.objects.exists()


def test_seats_then_the_waiting_list_then_a_cancellation_moves_the_first_waiting_up(process, admin):
    event = EventFactory(process=process, seats=2)
    people = [UserFactory(language=lang) for lang in ("fr", "en", "es", "en")]
    statuses = [services.registration_create(event=event, user=p).status for p in people]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (2, 2)
    mail.outbox.clear()

    services.registration_cancel(event=event, user=people[0])
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (2, 1)
    by_user = {r.user_id: r.status for r in Registration.objects.filter(event=event)}
    assert by_user == {people[0].pk: "cancelled", people[1].pk: "confirmed", people[2].pk: "confirmed",
                       people[3].pk: "waiting"}
    # The person who moved up is told, in Spanish, with the event to add to their calendar.
    assert [m.to for m in mail.outbox] == [[people[2].email]]
    message = mail.outbox[0]
    with translation.override("es"):
        spanish = gettext("A seat is yours: %(title)s").split("%(title)s")[0]
    assert spanish != "A seat is yours: " and spanish in message.subject
    name, content, mimetype = message.attachments[0]
    assert name == "event.ics" and mimetype.startswith("text/calendar")
    assert icalendar.Calendar.from_ical(content).walk("VEVENT")[0]["SUMMARY"]


def test_registration_is_one_per_person_and_event(process):
    event = EventFactory(process=process)
    person = UserFactory()
    services.registration_create(event=event, user=person)
    with pytest.raises(PermissionDenied):
        services.registration_create(event=event, user=person)
    assert Registration.objects.filter(event=event, user=person).count() == 1
    services.registration_cancel(event=event, user=person)
    again = services.registration_create(event=event, user=person)  # coming back reuses the row
    assert again.status == "confirmed" and Registration.objects.filter(event=event).count() == 1


def test_the_confirmation_email_is_in_the_persons_language_with_a_valid_ics(process):
    event = EventFactory(process=process, title="Atelier mobilité", title_en="Mobility workshop")
    services.registration_create(event=event, user=UserFactory(language="en"))
    services.registration_create(event=event, user=UserFactory(language="fr"))
    english, french = mail.outbox
    assert english.subject.endswith("You are registered: Mobility workshop")
    assert "Mobility workshop" in english.body and "Registration code" in english.body
    assert "Atelier mobilité" in french.subject
    for message, title in ((english, "Mobility workshop"), (french, "Atelier mobilité")):
        calendar = icalendar.Calendar.from_ical(message.attachments[0][1])
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["SUMMARY"]) == title
        assert vevent.decoded("DTSTART") == event.start_at.replace(microsecond=0)


def test_no_registration_once_the_event_started_or_without_registration_here(process):
    started = EventFactory(process=process, start_at=timezone.now() - timedelta(minutes=5))
    elsewhere = EventFactory(process=process, registration_type=Event.RegistrationType.EXTERNAL,
                             registration_url="https://example.org/inscription", seats=None)
    for event in (started, elsewhere):
        with pytest.raises(PermissionDenied):
            services.registration_create(event=event, user=UserFactory())
    assert not Registration.objects.exists()


def test_fewer_seats_than_people_registered_is_refused_and_more_seats_move_people_up(process, admin):
    event = EventFactory(process=process, seats=1)
    first, second = UserFactory(), UserFactory()
    services.registration_create(event=event, user=first)
    services.registration_create(event=event, user=second)
    with pytest.raises(ValidationError) as refused:
        services.event_update(event=event, user=admin, data={"seats": 0})
    assert "seats" in refused.value.message_dict
    services.event_update(event=event, user=admin, data={"seats": 3})
    assert Registration.objects.get(user=second).status == "confirmed"


def test_cancelling_keeps_the_event_tells_the_registered_and_a_published_event_cannot_be_deleted(process, admin):
    event = EventFactory(process=process)
    RegistrationFactory(event=event)
    with pytest.raises(PermissionDenied):
        services.event_draft_delete(event=event, user=admin)
    with pytest.raises(ValidationError):
        services.event_cancel(event=event, user=admin, reason="")
    services.event_cancel(event=event, user=admin, reason="La salle est indisponible.")
    event.refresh_from_db()
    assert event.status == "cancelled" and event.cancel_reason == "La salle est indisponible."
    assert any("cancelled" in m.subject.lower() or "annulé" in m.subject.lower() for m in mail.outbox)
    with pytest.raises(ValidationError):  # cancelled is for good
        services.event_status_set(event=event, to=Event.Status.PUBLISHED, actor=admin)


def test_a_draft_can_be_deleted_by_its_organiser(process, admin):
    event = services.event_create(process=process, author=admin, data=_data(), publish=False)
    assert event.status == "draft"
    services.event_draft_delete(event=event, user=admin)
    assert not Event.objects.exists()


# -- closing ------------------------------------------------------------------------------------------------------


def _past_event(process, author):
    start = timezone.now() - timedelta(days=2)
    return EventFactory(process=process, author=author, start_at=start, end_at=start + timedelta(hours=2))


def test_closing_only_after_the_end(process, admin):
    event = EventFactory(process=process, author=admin)
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        services.event_close(event=event, user=admin, report="<p>Bilan</p>", attendees_count=12)
    assert str(refused.value) == "An event can be closed only after it ends."
    event.refresh_from_db()
    assert event.closed_at is None


def test_closing_only_by_the_organiser_or_an_admin(process, admin):
    organiser = UserFactory()
    event = _past_event(process, organiser)
    for stranger in (UserFactory(),):
        with pytest.raises(PermissionDenied):
            services.event_close(event=event, user=stranger, report="<p>Bilan</p>", attendees_count=3)
    services.event_close(event=event, user=organiser, report="<p>Bilan</p>", attendees_count=3)
    services.event_close(event=event, user=admin, report="<p>Bilan complété</p>", attendees_count=4)
    event.refresh_from_db()
    assert event.attendees_count == 4 and event.closed_by == admin and event.closed_at >= event.end_at


def test_closing_with_a_report_linked_and_new_official_proposals(process, admin):
    event = _past_event(process, admin)
    linked = ProposalFactory(process=process, reference=None)
    other_process = ProposalFactory(reference=None)
    with pytest.raises(ValidationError) as refused:
        services.event_close(event=event, user=admin, report="<p>x</p>", attendees_count=5, proposals=[other_process])
    assert "proposals" in refused.value.message_dict
    services.event_close(
        event=event,
        user=admin,
        report='<p>Trente habitants <img src=x onerror="alert(1)"> présents.</p>',
        attendees_count=30,
        organisations="Centre social, Conseil de quartier",
        proposals=[linked],
        new_proposals=[{"title": "Un atelier de réparation de vélos chaque mois", "body": "Issu de l'atelier."}],
    )
    event.refresh_from_db()
    assert "onerror" not in event.closing_report and event.attendees_count == 30
    links = list(EventProposal.objects.filter(event=event).order_by("pk"))
    assert [link.created_here for link in links] == [False, True]
    created = links[1].proposal
    assert created.is_official and created.status == Proposal.Status.PUBLISHED and created.reference
    assert created.process == process


def test_a_participant_organiser_links_proposals_but_does_not_create_official_ones(process):
    organiser = UserFactory()
    event = _past_event(process, organiser)
    with pytest.raises(PermissionDenied):
        services.event_close(
            event=event, user=organiser, report="<p>x</p>", attendees_count=5,
            new_proposals=[{"title": "Une proposition officielle refusée", "body": "..."}],
        )
    assert not Proposal.objects.filter(is_official=True).exists()


def test_a_new_date_is_told_to_the_people_registered(process, admin):
    from apps.notifications.models import Notification

    event = EventFactory(process=process)
    person = UserFactory()
    services.registration_create(event=event, user=person)  # registering follows the event
    services.event_update(event=event, user=admin, data={"description_fr": "<p>Précisions</p>"})
    assert not Notification.objects.filter(recipient=person).exists()
    new_start = event.start_at + timedelta(days=1)
    services.event_update(
        event=event, user=admin, data={"start_at": new_start, "end_at": new_start + timedelta(hours=2)}
    )
    notification = Notification.objects.get(recipient=person)
    assert timezone.localtime(new_start).strftime("%Y-%m-%d %H:%M") in str(notification.data)
