"""The agenda at scale (issue 13: "the same for the coming lists"): on PostgreSQL with 20,000 events, its list pages
(a process's and the site's, upcoming and past, a kind, a later page) and their capped counts read the agenda's
indexes, never the whole events table."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.events.models import Event
from tests.factories import ProcessFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROWS = 20_000


def _bulk(process, author, count, *, start):
    Event.objects.bulk_create(
        (
            Event(
                process=process, author=author, is_official=True, status=Event.Status.PUBLISHED, title=f"Atelier {i}",
                description="<p>Venez.</p>", kind=Event.Kind.ONLINE if i % 7 == 0 else Event.Kind.IN_PERSON,
                start_at=start + timedelta(hours=i), end_at=start + timedelta(hours=i, minutes=90),
                published_at=start, registration_type=Event.RegistrationType.NONE,
            )
            for i in range(count)
        ),
        batch_size=5000,
    )


def test_no_sequential_scan_of_20000_events(client, process):
    author = UserFactory()
    now = timezone.now()
    # Half of them over, half to come, in this process; a few in another one.
    _bulk(process, author, ROWS, start=now - timedelta(hours=ROWS // 2))
    _bulk(ProcessFactory(), author, 500, start=now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")  # fresh statistics, as autovacuum would give a live site
    listing = reverse("events:list", kwargs={"slug": process.slug})
    agenda = reverse("events:agenda")
    urls = [
        listing, f"{listing}?when=past", f"{listing}?kind=online", f"{listing}?page=30", f"{listing}?when=past&page=12",
        agenda, f"{agenda}?when=past", f"{agenda}?page=25",
    ]
    explained, scans = 0, []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.context["events"]) == 20, url
        assert response.context["page_obj"].paginator.capped, url  # "N+": the count stopped early
        for query in captured.captured_queries:
            sql = query["sql"]
            if '"events_event"' not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            explained += 1
            if "Seq Scan on events_event" in plan:
                scans.append(f"{url}\n{sql}\n{plan}")
    assert not scans, "\n\n".join(scans)
    assert explained >= 2 * len(urls)  # each page: its count and its rows
