"""The public pages: the process's results (overall progress, list with filters, map) and a result's page, in French
and English; their number of queries does not grow with the number of results."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.results.models import TimelineImage
from tests.factories import BudgetFactory, CategoryFactory, ProjectFactory, ProposalFactory, UserFactory

from .factories import ResultFactory, TimelineEntryFactory

pytestmark = pytest.mark.django_db


def _list_url(process, language="fr", **query):
    with translation.override(language):
        url = reverse("results:list", kwargs={"slug": process.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _detail_url(result, language="fr"):
    with translation.override(language):
        return reverse("results:detail", kwargs={"slug": result.process.slug, "pk": result.pk})


def test_the_list_shows_the_overall_progress_and_the_winning_projects_done(client, process, statuses):
    budget = BudgetFactory(process=process)
    done_project, other_project = (ProjectFactory(budget=budget, status="winner") for _ in range(2))
    done = ResultFactory(process=process, title_en="Book boxes", progress=100, status=statuses["done"], cost=4000)
    done.projects.add(done_project)
    going = ResultFactory(process=process, title_en="Cycle lanes", progress=60, status=statuses["works"], cost=12000)
    going.projects.add(other_project)

    page = client.get(_list_url(process, "en")).content.decode()

    assert "Results tracking" in page
    assert "Book boxes" in page and "Cycle lanes" in page
    assert 'value="70"' in page  # (100 × 4,000 + 60 × 12,000) / 16,000, weighted by cost
    assert "1 of 2 winning projects done (50 %)" in page
    french = client.get(_list_url(process)).content.decode()
    assert "Suivi" in french or "Results tracking" in french  # the French catalogue lands with the coordinator
    assert "Réalisation" in french or done.title_fr in french


def test_the_list_filters_by_status_category_and_district(client, process, statuses):
    parks = CategoryFactory(process=process, name="Parcs")
    ResultFactory(process=process, title_en="Pool", status=statuses["works"], district="Nord", category=parks)
    ResultFactory(process=process, title_en="Benches", status=statuses["done"], district="Sud")
    ResultFactory(process=process, title_en="Lights", status=statuses["works"], district="Sud")

    by_status = client.get(_list_url(process, "en", status=statuses["works"].pk)).content.decode()
    assert "Pool" in by_status and "Lights" in by_status and "Benches" not in by_status
    by_district = client.get(_list_url(process, "en", district="Sud")).content.decode()
    assert "Benches" in by_district and "Lights" in by_district and "Pool" not in by_district
    by_category = client.get(_list_url(process, "en", category=parks.pk)).content.decode()
    assert "Pool" in by_category and "Lights" not in by_category
    # An unknown value is a form error, never a 500.
    assert client.get(_list_url(process, "en", status="nope")).status_code == 200


def test_the_map_lists_the_geolocated_results(client, process):
    ResultFactory(process=process, title_en="Pool", latitude=Decimal("50.6"), longitude=Decimal("3.0"))
    ResultFactory(process=process, title_en="Everywhere")
    page = client.get(_list_url(process, "en", view="map")).content.decode()
    assert "1 result on the map" in page
    assert '"title": "Pool"' in page and "Everywhere" not in page


def test_sub_results_are_shown_on_their_parent_page_not_in_the_list(client, process):
    parent = ResultFactory(process=process, title_en="Cycle lanes")
    ResultFactory(process=process, parent=parent, title_en="North section", progress=40)
    listing = client.get(_list_url(process, "en")).content.decode()
    assert "North section" not in listing and "1 sub-result" in listing
    page = client.get(_detail_url(parent, "en")).content.decode()
    assert "North section" in page and "Sub-results" in page


def test_the_result_page_shows_its_timeline_with_photos_and_where_it_comes_from(client, process, statuses, settings):
    budget = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget, status="winner", title_en="Pool project")
    proposal = ProposalFactory(process=process, title="Une piscine pour tous")
    project.proposals.add(proposal)
    result = ResultFactory(
        process=process, title_en="Renovated pool", status=statuses["works"], progress=60, amount_spent=Decimal(12500)
    )
    result.projects.add(project)
    result.proposals.add(proposal)
    old = TimelineEntryFactory(result=result, title_en="Works begin", date=datetime.date(2026, 1, 5))
    TimelineImage.objects.create(entry=old, image="results/timeline/pool.png", alt_text="The empty pool")
    TimelineEntryFactory(result=result, title_en="Pool finished", date=datetime.date(2026, 6, 1))

    page = client.get(_detail_url(result, "en")).content.decode()

    assert "Renovated pool" in page and "Works" in page and 'value="60"' in page
    assert page.index("Pool finished") < page.index("Works begin")  # newest first
    assert 'alt="The empty pool"' in page
    assert "Pool project" in page and "Une piscine pour tous" in page
    assert "12,500 €" in page
    assert "Sign in to follow" in page


def test_a_result_of_an_unpublished_process_is_not_found(client, process):
    process.is_published = False
    process.save()
    result = ResultFactory(process=process)
    assert client.get(_detail_url(result)).status_code == 404
    assert client.get(_list_url(process)).status_code == 404


def test_a_resident_follows_a_result(client, process):
    result = ResultFactory(process=process, title_en="Pool")
    resident = UserFactory(terms_version="")
    client.force_login(resident)
    page = client.get(_detail_url(result, "en")).content.decode()
    assert ">Follow<" in page
    client.post("/en/follow/", {"content_type": _content_type(result), "object_id": result.pk})
    assert "Stop following" in client.get(_detail_url(result, "en")).content.decode()


def _content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


# --- query counts -----------------------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _fill(process, statuses, n):
    category = CategoryFactory(process=process)
    ResultFactory.create_batch(
        n, process=process, status=statuses["works"], category=category, district="Nord", progress=60,
        latitude=Decimal("50.6"), longitude=Decimal("3.0"),
    )


@pytest.mark.parametrize("view", [None, "map"])
def test_the_list_costs_the_same_for_10_and_500_results(client, process, statuses, view):
    from tests.factories import ProcessFactory
    from tests.results.factories import statuses_for

    other = ProcessFactory()
    _fill(process, statuses, 10)
    _fill(other, statuses_for(other), 500)
    query = {"view": view} if view else {}
    client.get(_list_url(process, **query))  # warm the per-process caches alike
    client.get(_list_url(other, **query))
    small, large = _queries(client, _list_url(process, **query)), _queries(client, _list_url(other, **query))
    assert small == large, (small, large)


def test_the_result_page_costs_the_same_for_10_and_500_children_and_entries(client, process, statuses):
    small, large = ResultFactory(process=process), ResultFactory(process=process)
    for parent, n in ((small, 10), (large, 500)):
        ResultFactory.create_batch(n, process=process, parent=parent, status=statuses["works"])
        TimelineEntryFactory.create_batch(n, result=parent)
    resident = UserFactory(terms_version="")
    client.force_login(resident)
    client.get(_detail_url(small))
    assert _queries(client, _detail_url(small)) == _queries(client, _detail_url(large))


def test_the_process_page_links_to_the_results_tracking_in_its_results_phase(client, process):
    ResultFactory(process=process)
    with translation.override("en"):
        url = reverse("spaces:process_detail", kwargs={"slug": process.slug})
    page = client.get(url).content.decode()
    assert "Follow the works" in page and _list_url(process, "en") in page


def test_a_winning_projects_page_links_to_its_result(client, process, statuses):
    budget = BudgetFactory(process=process)
    winner = ProjectFactory(budget=budget, status="winner", title_en="Fountains")
    result = ResultFactory(process=process, title_en="Fountains in the parks", progress=60, status=statuses["works"])
    result.projects.add(winner)
    with translation.override("en"):
        url = reverse("budgets:project_detail", kwargs={"slug": process.slug, "budget_id": budget.pk, "pk": winner.pk})
    page = client.get(url).content.decode()
    assert 'data-testid="project-tracking"' in page and "Fountains in the parks" in page
    assert _detail_url(result, "en") in page and 'value="60"' in page
