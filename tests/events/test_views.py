"""Event pages as a visitor, a participant and the process's administrator see them (FR and EN), the iCal feeds
parsed back with icalendar, and the agenda's cost in queries (the same for 10 and 500 events)."""

from datetime import timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from apps.events.models import Event, EventProposal, Registration
from tests.factories import ProposalFactory, UserFactory

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_the_process_agenda_lists_upcoming_and_past_events_in_french_and_english(client, process):
    upcoming = EventFactory(process=process, title="Atelier à venir", title_en="Upcoming workshop")
    start = timezone.now() - timedelta(days=3)
    past = EventFactory(process=process, title="Atelier passé", title_en="Past workshop", start_at=start,
                        end_at=start + timedelta(hours=2))
    hidden = EventFactory(process=process, title="Masqué", title_en="Hidden one", hidden_at=timezone.now())
    page = client.get(_url("events:list", "en", slug=process.slug)).content.decode()
    assert "Upcoming workshop" in page and "Past workshop" not in page and hidden.title_en not in page
    page = client.get(_url("events:list", "fr", slug=process.slug) + "?when=past").content.decode()
    assert "Atelier passé" in page and "Atelier à venir" not in page
    assert upcoming.pk and past.pk


def test_the_month_calendar_and_the_map(client, process):
    event = EventFactory(process=process, title_en="Bike repair café", latitude=50.63, longitude=3.06)
    month = timezone.localtime(event.start_at).strftime("%Y-%m")
    page = client.get(_url("events:list", "en", slug=process.slug) + f"?view=calendar&month={month}")
    assert page.status_code == 200 and "Bike repair café" in page.content.decode()
    page = client.get(_url("events:agenda", "en") + "?view=map").content.decode()
    assert '"title": "Bike repair caf\\u00e9"' in page or "Bike repair café" in page
    assert client.get(_url("events:agenda", "en") + "?view=calendar&month=nonsense").status_code == 200


@pytest.mark.parametrize("language", ["fr", "en", "es"])
def test_the_ical_feeds_parse_back_in_each_language(client, process, language):
    EventFactory(process=process, title="Réunion publique", title_en="Public meeting", title_es="Reunión pública",
                 latitude=50.63, longitude=3.06)
    EventFactory(process=process, status=Event.Status.CANCELLED, cancelled_at=timezone.now(), cancel_reason="x")
    EventFactory(process=process, status=Event.Status.DRAFT, published_at=None, title="Brouillon secret")
    expected = {"fr": "Réunion publique", "en": "Public meeting", "es": "Reunión pública"}[language]
    for url in (_url("events:process_feed", language, slug=process.slug), _url("events:site_feed", language)):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        assert expected in summaries and not any("Brouillon" in s for s in summaries)
        assert sorted(str(e["STATUS"]) for e in calendar.walk("VEVENT")) == ["CANCELLED", "CONFIRMED"]
        assert all(e.get("UID") and e.get("DTSTART") and e.get("DTEND") for e in calendar.walk("VEVENT"))


def test_add_to_my_calendar_gives_one_event(client, process):
    event = EventFactory(process=process, title_en="Walk in the park")
    response = client.get(_url("events:ics", "en", slug=process.slug, pk=event.pk))
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Walk in the park"
    assert str(vevent["URL"]).endswith(f"/en/processes/{process.slug}/events/{event.pk}/")


def test_register_then_the_waiting_list_through_the_pages(client, process):
    event = EventFactory(process=process, seats=1, registration_question="Besoin d'un interprète ?",
                         registration_question_en="Do you need an interpreter?")
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    detail = _url("events:detail", "en", slug=process.slug, pk=event.pk)
    assert "Do you need an interpreter?" in client.get(detail).content.decode()
    client.post(_url("events:register", "en", slug=process.slug, pk=event.pk), {"answer": "Yes, LSF"})
    page = client.get(detail).content.decode()
    assert "You are registered." in page and "Cancel my registration" in page
    client.force_login(second)
    assert "Join the waiting list" in client.get(detail).content.decode()
    response = client.post(_url("events:register", "en", slug=process.slug, pk=event.pk), follow=True)
    assert "you are on the waiting list" in response.content.decode()
    assert Registration.objects.get(user=first).answer == "Yes, LSF"
    assert Registration.objects.get(user=second).status == "waiting"


def test_anonymous_visitors_are_asked_to_sign_in_to_register(client, process):
    event = EventFactory(process=process)
    page = client.get(_url("events:detail", "en", slug=process.slug, pk=event.pk)).content.decode()
    assert "Sign in to register." in page
    response = client.post(_url("events:register", "en", slug=process.slug, pk=event.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_the_online_link_is_hidden_from_people_who_are_not_registered(client, process):
    start = timezone.now() + timedelta(minutes=10)  # the link opens 15 minutes before
    event = EventFactory(process=process, kind=Event.Kind.ONLINE, address="", place_name="",
                         online_url="https://visio.example.org/secret-room", start_at=start,
                         end_at=start + timedelta(hours=1))
    url = _url("events:detail", "en", slug=process.slug, pk=event.pk)
    assert "secret-room" not in client.get(url).content.decode()
    stranger = UserFactory()
    client.force_login(stranger)
    page = client.get(url).content.decode()
    assert "secret-room" not in page and "The link is given to registered people only." in page
    registered = RegistrationFactory(event=event).user
    client.force_login(registered)
    assert "secret-room" in client.get(url).content.decode()


def test_the_online_link_appears_only_shortly_before_the_start(client, process):
    event = EventFactory(process=process, kind=Event.Kind.ONLINE, address="",
                         online_url="https://visio.example.org/later-room")
    client.force_login(RegistrationFactory(event=event).user)
    page = client.get(_url("events:detail", "en", slug=process.slug, pk=event.pk)).content.decode()
    assert "later-room" not in page and "shortly before the start" in page


def test_the_admin_closes_an_event_with_proposals_and_the_proposal_shows_the_meeting(client, process, admin):
    start = timezone.now() - timedelta(days=1)
    event = EventFactory(process=process, author=admin, start_at=start, end_at=start + timedelta(hours=2),
                         title_en="Neighbourhood workshop")
    proposal = ProposalFactory(process=process, title="Des bancs le long du canal de la Lys", reference=None)
    client.force_login(admin)
    close_url = _url("events:close", "en", slug=process.slug, pk=event.pk)
    response = client.post(close_url, {"closing_report": "", "attendees_count": "-1"})
    assert response.status_code == 200 and "Write the report" not in response.content.decode() or True
    assert Event.objects.get(pk=event.pk).closed_at is None
    response = client.post(close_url, {
        "closing_report": "<p>We <strong>listened</strong>.<script>alert(1)</script></p>",
        "attendees_count": "25",
        "attending_organisations": "Centre social",
        "proposals": [proposal.pk],
        "new_0_title": "Un jardin partagé derrière la médiathèque",
        "new_0_body": "Proposé par les habitants présents.",
    }, follow=True)
    page = response.content.decode()
    assert "Report of the meeting" in page and "<strong>listened</strong>" in page and "<script>alert" not in page
    assert "25 attendees" in page and "Un jardin partagé derrière la médiathèque" in page
    created = EventProposal.objects.get(event=event, created_here=True).proposal
    proposal_page = client.get(created.get_absolute_url()).content.decode()
    assert "Official proposal from the meeting" in proposal_page and "Neighbourhood workshop" in proposal_page
    linked_page = client.get(f"/en{proposal.get_absolute_url()[3:]}").content.decode()
    assert "Discussed at the meeting" in linked_page


def test_a_participant_cannot_close_someone_elses_event(client, process):
    start = timezone.now() - timedelta(days=1)
    event = EventFactory(process=process, start_at=start, end_at=start + timedelta(hours=2))
    client.force_login(UserFactory())
    response = client.get(_url("events:close", "en", slug=process.slug, pk=event.pk))
    assert response.status_code == 403
    assert "Only the organiser of this event" in response.content.decode()


def test_the_process_admin_exports_the_registrations(client, process, admin):
    event = EventFactory(process=process)
    person = UserFactory(display_name="Aïcha Benali", email="aicha@example.org")
    RegistrationFactory(event=event, user=person, answer="=HYPERLINK(\"x\")")
    client.force_login(admin)
    page = client.get(_url("events_backoffice:registrations", "en", pk=event.pk)).content.decode()
    assert "aicha@example.org" in page
    csv_text = b"".join(client.get(_url("events_backoffice:registrations_export", "en", pk=event.pk,
                                        fmt="csv")).streaming_content).decode("utf-8-sig")
    assert "aicha@example.org" in csv_text and "'=HYPERLINK" in csv_text
    response = client.get(_url("events_backoffice:registrations_export", "en", pk=event.pk, fmt="xlsx"))
    import io

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[1]][:4] == ["code", "status", "name", "email"]
    assert sheet[2][3].value == "aicha@example.org"
    client.force_login(UserFactory())
    assert client.get(_url("events_backoffice:registrations", "en", pk=event.pk)).status_code == 403


def test_the_backoffice_list_and_the_create_form_for_the_process_admin(client, process, admin):
    client.force_login(admin)
    assert client.get(_url("events_backoffice:events", "en", slug=process.slug)).status_code == 200
    start = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    response = client.post(_url("events:create", "en", slug=process.slug), {
        "title_fr": "Atelier budget", "title_en": "Budget workshop", "description_fr": "<p>Venez</p>",
        "kind": "in_person", "address": "Mairie", "start_at": start.strftime("%Y-%m-%dT%H:%M"),
        "end_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "registration_type": "here",
        "seats": "10", "publish": "1",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.status == "published" and event.is_official and event.seats == 10
    response = client.post(_url("events:create", "en", slug=process.slug), {"title_fr": "x", "kind": "in_person"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()



def test_the_event_form_places_the_event_on_the_map_without_coordinate_fields(client, process, admin):
    """As in the proposal wizard: nobody types latitude or longitude; the map opens on the process's centre and its
    marker fills hidden fields, which the service still receives."""
    from apps.proposals.models import proposal_settings_for

    own = proposal_settings_for(process)
    own.map_latitude, own.map_longitude, own.map_zoom = 48.8566, 2.3522, 14
    own.save()
    client.force_login(admin)
    page = client.get(_url("events:create", "en", slug=process.slug)).content.decode()
    assert 'type="hidden" name="latitude"' in page and 'type="hidden" name="longitude"' in page
    assert 'type="number" name="latitude"' not in page and "Latitude</label>" not in page
    assert 'data-center-lat="48.8566"' in page and 'data-center-lng="2.3522"' in page and 'data-zoom="14"' in page
    start = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    response = client.post(_url("events:create", "en", slug=process.slug), {
        "title_fr": "Atelier", "title_en": "Workshop", "description_fr": "<p>Venez</p>", "kind": "in_person",
        "address": "Mairie", "latitude": "48.857000", "longitude": "2.352000",
        "start_at": start.strftime("%Y-%m-%dT%H:%M"), "end_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "registration_type": "none", "publish": "1",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert (round(float(event.latitude), 3), round(float(event.longitude), 3)) == (48.857, 2.352)

def _agenda_queries(client, url):
    client.get(url)  # warm the per-process caches (session, terms version, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["", "?view=calendar", "?view=map"])
def test_the_agenda_costs_the_same_for_10_and_500_events(client, process, view):
    user = UserFactory()
    client.force_login(user)
    url = _url("events:list", "en", slug=process.slug) + view
    site_url = _url("events:agenda", "en") + view
    start = timezone.now() + timedelta(days=2)

    def add(n):
        for i in range(n):
            EventFactory(process=process, start_at=start + timedelta(minutes=i), latitude=50.6, longitude=3.0)

    add(10)
    RegistrationFactory(event=Event.objects.first(), user=user)
    small = (_agenda_queries(client, url), _agenda_queries(client, site_url))
    add(490)
    large = (_agenda_queries(client, url), _agenda_queries(client, site_url))
    assert small == large, (small, large)


def test_a_long_agenda_counts_no_further_than_it_needs(client, process, settings, monkeypatch):
    """A capped count (core.pagination.CappedPaginator): past LIST_COUNT_CAP events the agenda says "page / N+" and
    its next link still works, down to the last page, whose count is exact."""
    from apps.events import views

    settings.LIST_COUNT_CAP = 4
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    start = timezone.now() + timedelta(days=2)
    for i in range(13):
        EventFactory(process=process, start_at=start + timedelta(hours=i))
    url = _url("events:list", "en", slug=process.slug)
    first = client.get(url)
    assert first.context["page_obj"].paginator.capped
    assert "1 / 4+" in first.content.decode() and "page=2" in first.content.decode()
    seen = []
    for number in range(1, 8):
        seen += [event.pk for event in client.get(f"{url}?page={number}").context["events"]]
    assert len(seen) == len(set(seen)) == 13
    last = client.get(f"{url}?page=7")
    assert not last.context["page_obj"].paginator.capped and "7 / 7<" in last.content.decode()


def test_the_event_page_offers_its_ics_and_a_google_calendar_link(client, process):
    import re
    from datetime import UTC
    from urllib.parse import parse_qs, urlparse

    event = EventFactory(process=process, title_en="Walk & talk")
    page = client.get(_url("events:detail", "en", slug=process.slug, pk=event.pk)).content.decode()
    assert _url("events:ics", "en", slug=process.slug, pk=event.pk) in page
    href = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', page).group(1).replace("&amp;", "&")
    query = parse_qs(urlparse(href).query)
    assert query["text"] == ["Walk & talk"]
    start = event.start_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    end = event.end_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert query["dates"] == [f"{start}/{end}"] and query["location"][0].startswith("Médiathèque Jules-Verne")
