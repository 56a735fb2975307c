"""The other lists at scale (issue 13: "the same for the coming lists"): on PostgreSQL with 20,000 budget projects
and 20,000 results, a budget's project list (each order, a category, a text search, a later page), the results list
(its filters, a later page) and the site-wide search over projects, results and events (a rare and a frequent word)
read those tables through their indexes, never by a sequential scan of the whole table."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.budgets.models import Project
from apps.events.models import Event
from apps.results.models import Result
from apps.spaces.phases import PhaseKind
from tests.factories import BudgetFactory, CategoryFactory, PhaseFactory, ProcessFactory, UserFactory
from tests.results.factories import statuses_for

# Outside a transaction, so that the table can be vacuumed as autovacuum does on a live site: index-only scans
# (the project list's random order and length, the results' overall progress) need the visibility map.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = 20_000
TABLES = ("budgets_project", "results_result", "events_event")
SEQ_SCAN = re.compile(rf"Seq Scan on ({'|'.join(TABLES)})(\s|$)", re.MULTILINE)
PLACES = ("le long du canal", "place du Marché", "au parc des Tilleuls", "rue de la Gare", "quartier des Moulins")


@pytest.fixture
def city():
    process = ProcessFactory()
    PhaseFactory(process=process, kind=PhaseKind.RESULTS)
    budget = BudgetFactory(process=process)
    statuses = list(statuses_for(process).values())
    categories = [CategoryFactory(process=process) for _ in range(6)]
    author = UserFactory()
    now = timezone.now()

    def text(i):
        # "canal" in one row in 25, "quartier" in more than half of them.
        place = "le long du canal" if i % 25 == 0 else PLACES[1 + i % 4]
        return f"Aménager un jardin {place}", f"<p>Pour le quartier {i}.</p>" if i % 5 else "<p>Pour tous.</p>"

    projects, results, events = [], [], []
    for i in range(ROWS):
        title, description = text(i)
        projects.append(
            Project(budget=budget, title_fr=title, description_fr=description, cost=1000 + i % 977,
                    status=Project.Status.SELECTED, category=categories[i % 6], position=i)
        )
        results.append(
            Result(process=process, title_fr=title, description_fr=description, status=statuses[i % 4],
                   category=categories[i % 6], district=("Nord", "Sud", "Est")[i % 3], position=i)
        )
        if i < ROWS // 4:
            start = now + timedelta(hours=i - ROWS // 8)
            events.append(
                Event(process=process, author=author, is_official=True, status=Event.Status.PUBLISHED,
                      title_fr=title, description_fr=description, kind=Event.Kind.IN_PERSON, start_at=start,
                      end_at=start + timedelta(hours=1), published_at=now,
                      registration_type=Event.RegistrationType.NONE)
            )
    for model, rows in ((Project, projects), (Result, results), (Event, events)):
        model.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")  # the visibility map and statistics autovacuum would give
    return process, budget, statuses, categories


def _scans(client, url):
    """(plans explained, the plans that read one of TABLES whole) of the page's SELECTs on TABLES."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    explained, scans = 0, []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not any(f'"{table}"' in sql for table in TABLES) or not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            explained += 1
            if SEQ_SCAN.search(plan):
                scans.append(f"{url}\n{sql[:300]}\n{plan}")
    return explained, scans


def test_no_sequential_scan_of_20000_projects_results_or_events(client, city):
    process, budget, statuses, categories = city
    projects = reverse("budgets:budget_detail", kwargs={"slug": process.slug, "budget_id": budget.pk})
    results = reverse("results:list", kwargs={"slug": process.slug})
    urls = [
        projects, f"{projects}?order=cost", f"{projects}?order=-cost", f"{projects}?order=title",
        f"{projects}?page=40", f"{projects}?order=cost&page=40", f"{projects}?category={categories[0].pk}",
        f"{projects}?q=canal", f"{projects}?q=quartier&order=cost",
        results, f"{results}?page=40", f"{results}?status={statuses[1].pk}", f"{results}?district=Sud",
        f"{results}?category={categories[0].pk}",
        "/fr/search/?q=canal", "/fr/search/?q=quartier", "/fr/search/?q=quartier&type=budgets.project&page=3",
        "/fr/search/?q=quartier&type=results.result&page=3", "/fr/search/?q=quartier&type=events.event&page=3",
    ]
    explained, scans = 0, []
    for url in urls:
        found, plans = _scans(client, url)
        explained += found
        scans += plans
    assert not scans, "\n\n".join(scans)
    assert explained >= 2 * len(urls)
