"""Budget projects, results and events searched through their stored vectors (PostgreSQL: migrations budgets 0004,
results 0002, events 0004; icontains on SQLite): in the site-wide search and in a budget's project list."""

import pytest
from django.urls import reverse

from apps.budgets import project_services
from tests.budgets.adm_helpers import admin_of
from tests.events.factories import EventFactory
from tests.factories import BudgetFactory, ProjectFactory
from tests.results.factories import ResultFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = "/fr/search/"


def _found(client, query, key, url=SEARCH_URL):
    response = client.get(url, {"q": query})
    (section,) = [s for s in response.context["sections"] if s.key == key]
    return [hit.obj.pk for hit in section.hits]


def _listed(client, budget, query):
    url = reverse("budgets:budget_detail", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})
    return [project.pk for project in client.get(url, {"q": query}).context["projects"]]


def test_each_type_is_found_by_its_title_description_or_place(client, process):
    project = ProjectFactory(budget__process=process, title="Skatepark couvert", description="<p>Près du canal</p>")
    result = ResultFactory(process=process, title="Verger partagé", description="<p>Cinquante pommiers</p>")
    event = EventFactory(process=process, title="Atelier vélo", place_name="Halle aux grains")
    assert _found(client, "skatepark", "budgets.project") == [project.pk]
    assert _found(client, "canal", "budgets.project") == [project.pk]
    assert _found(client, "pommiers", "results.result") == [result.pk]
    assert _found(client, "halle", "events.event") == [event.pk]
    assert _found(client, "skatepark", "results.result") == []


def test_the_project_list_searches_title_and_description(client, process):
    budget = BudgetFactory(process=process)
    shade = ProjectFactory(budget=budget, title="Des arbres", description="<p>De l'ombre sur la place</p>")
    ProjectFactory(budget=budget, title="Un kiosque", description="<p>Pour la musique</p>")
    assert _listed(client, budget, "ombre") == [shade.pk]
    assert _listed(client, budget, "arbres") == [shade.pk]


@pytest.mark.postgres
def test_stemming_accents_and_every_language(client, process):
    budget = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget, title="Végétaliser la cour de l'École", title_en="Greener schoolyards")
    result = ResultFactory(process=process, title="Rénovation des écoles", title_en="Schools renovated")
    event = EventFactory(process=process, title="Balade des écoles", title_en="A walk past the schools")
    assert _found(client, "ecoles", "budgets.project") == [project.pk]  # stem and accents: not icontains
    assert _found(client, "ecole", "results.result") == [result.pk]
    assert _found(client, "ecole", "events.event") == [event.pk]
    assert _found(client, "schoolyard", "budgets.project", url="/en/search/") == [project.pk]
    assert _listed(client, budget, "vegetalisation ecoles") == [project.pk]
    assert _listed(client, budget, "schoolyard") == [project.pk]  # every language's title, as icontains did


@pytest.mark.postgres
def test_the_vectors_follow_what_the_services_write(client, process):
    budget = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget, title="Un terrain de pétanque")
    project_services.project_update(actor=admin_of(process), project=project, data={"title_fr": "Un terrain de basket"})
    assert _found(client, "petanque", "budgets.project") == []
    assert _found(client, "basket", "budgets.project") == [project.pk]
    assert _listed(client, budget, "basket") == [project.pk]


@pytest.mark.postgres
def test_the_vectors_are_not_model_fields(process):
    """Generated columns, never loaded by ordinary reads nor written by save()."""
    from apps.budgets.models import Project
    from apps.events.models import Event
    from apps.results.models import Result

    for model in (Project, Result, Event):
        assert not any(field.column.startswith("search_") for field in model._meta.concrete_fields)


def test_a_frequent_word_in_the_project_list_is_counted_up_to_the_cap(client, process, settings):
    from apps.budgets.models import Project

    budget = BudgetFactory(process=process)
    Project.objects.bulk_create(
        Project(budget=budget, title_fr=f"Jardin {n}", description_fr="<p>Des fleurs</p>", cost=100, position=n,
                status=Project.Status.SELECTED)
        for n in range(settings.LIST_COUNT_CAP + 1)
    )  # fmt: skip
    url = reverse("budgets:budget_detail", kwargs={"slug": process.slug, "budget_id": budget.pk})
    response = client.get(url, {"q": "jardin", "order": "cost"})
    assert response.context["paginator"].capped
    shown = response.content.decode().split('data-testid="result-count">')[1].split("<")[0]
    assert "+" in shown and "".join(c for c in shown if c.isdigit()) == str(settings.LIST_COUNT_CAP)
    second = client.get(url, {"q": "jardin", "order": "cost", "page": 2}).context["projects"]
    first = response.context["projects"]
    assert len(first) == len(second) == 50 and not {p.pk for p in first} & {p.pk for p in second}
