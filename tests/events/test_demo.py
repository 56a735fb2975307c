from io import StringIO

import pytest
from django.core.management import call_command

from apps.events.models import Event, EventProposal, Registration

pytestmark = pytest.mark.django_db


def test_the_demo_events_are_seeded_once():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    events = Event.objects.filter(process__slug="budget-participatif-2026")
    assert events.count() == 5
    past = events.get(title_fr="Atelier d'idées aux Tilleuls")
    assert past.is_closed and past.attendees_count == 23 and past.closing_report_en
    links = EventProposal.objects.filter(event=past)
    assert links.filter(created_here=False).count() == 2 and links.filter(created_here=True).count() == 1
    assert all(link.proposal.process_id == past.process_id for link in links)
    upcoming = events.get(title_fr="Atelier : rédiger son idée pas à pas")
    assert upcoming.seats_left == 10
    full = events.get(title_fr="Balade urbaine : les lieux des projets")
    assert full.is_full and full.waiting_count == 1
    assert Registration.objects.filter(event=full, status="waiting").count() == 1
    assert events.filter(kind="online").count() == 1
    assert events.filter(closed_at__isnull=True, end_at__lt=past.end_at.replace(year=past.end_at.year + 1)).exists()
