"""Every list runs a fixed number of queries, whatever the page size (10 or 100 rows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.events.factories import EventFactory
from tests.factories import (
    BudgetFactory,
    CategoryFactory,
    CommentFactory,
    PhaseFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
    ThemeFactory,
    UserFactory,
)
from tests.results.factories import ResultFactory, ResultStatusFactory

pytestmark = pytest.mark.django_db

LISTS = ["processes", "phases", "themes", "categories", "proposals", "comments", "budgets", "projects", "results",
         "events"]


@pytest.fixture
def crowd(db):
    """More than 100 rows of every kind, each with its relations filled."""
    processes = ProcessFactory.create_batch(101)
    process = processes[0]
    for each in processes:
        PhaseFactory(process=each)
    PhaseFactory.create_batch(100, process=process)
    theme = ThemeFactory(process=process)
    ThemeFactory.create_batch(100, process=process)
    parent = CategoryFactory(process=process)
    categories = CategoryFactory.create_batch(100, process=process, parent=parent, theme=theme)
    authors = UserFactory.create_batch(5)
    proposals = [
        ProposalFactory(process=process, author=authors[i % 5], category=categories[i % 100], theme=theme,
                        published_at=timezone.now())
        for i in range(110)
    ]
    for i in range(105):
        CommentFactory(target=proposals[i % 3], author=authors[i % 5])
    budgets = BudgetFactory.create_batch(101, process=process)
    projects = ProjectFactory.create_batch(105, budget=budgets[0], category=categories[0])
    for project in projects:
        project.proposals.add(proposals[0], proposals[1])
    status = ResultStatusFactory(process=process)
    for i in range(105):
        result = ResultFactory(process=process, status=status, category=categories[i % 100])
        result.projects.add(projects[i])
        result.proposals.add(proposals[i])
    for i in range(105):
        event = EventFactory(process=process, author=authors[i % 5], category=categories[i % 100], theme=theme)
        event.proposals.add(proposals[i])
    return process


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured), len(response.json()["results"])


def test_list_query_counts_do_not_grow_with_the_page(crowd, client):
    counts = {}
    for name in LISTS:
        client.get(f"/api/v1/{name}/?limit=1")  # warm the content types' cache, as any running server has
        small, small_rows = _queries(client, f"/api/v1/{name}/?limit=10&lang=en")
        large, large_rows = _queries(client, f"/api/v1/{name}/?limit=100&lang=en")
        assert (small_rows, large_rows) == (10, 100), name
        counts[name] = (small, large)
    assert {name: large for name, (small, large) in counts.items() if large != small} == {}, counts
    # A count, the page, and at most one query per prefetched relation.
    assert max(large for _small, large in counts.values()) <= 4, counts
    # The ids of the page, then its rows (the count is cached by the first call).
    assert counts["proposals"] == (2, 2)


def test_proposal_list_with_filters_stays_flat(crowd, client):
    url = f"/api/v1/proposals/?process={crowd.slug}&order=supports&category="
    first, _ = _queries(client, url + "&limit=10")
    small, _ = _queries(client, url + "&limit=10&offset=10")
    large, _ = _queries(client, url + "&limit=100")
    # The first call counts the list; the next pages read the count from the cache.
    assert first == small + 1
    assert small == large


@pytest.mark.parametrize("seconds", [0, 60])
def test_the_count_is_right_whether_cached_or_not(crowd, client, settings, seconds):
    settings.API_COUNT_CACHE_SECONDS = seconds
    assert client.get("/api/v1/proposals/?limit=1").json()["count"] == 110
    assert client.get("/api/v1/proposals/?limit=5&offset=3&lang=en").json()["count"] == 110


def test_a_cached_count_never_hides_new_rows(world, client, settings):
    settings.API_COUNT_CACHE_SECONDS = 60
    assert client.get("/api/v1/proposals/?limit=2").json()["count"] == 2
    from tests.factories import ProposalFactory

    ProposalFactory.create_batch(3, process=world.process)
    data = client.get("/api/v1/proposals/?limit=2").json()
    assert len(data["results"]) == 2 and data["next"]  # the stale count (2) does not end the list
    last = client.get("/api/v1/proposals/?limit=2&offset=4").json()
    assert last["count"] == 5 and len(last["results"]) == 1 and last["next"] is None
