"""The vote page's project cards are kept in the cache (apps/budgets/views/cards.py): every change shows at once, and
what differs per voter (their buttons) is never shared."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.template import loader
from django.urls import reverse
from django.utils import translation

from apps.budgets import project_services
from apps.budgets.models import BasketItem, Budget, Project
from apps.budgets.views import cards
from tests.budgets.adm_helpers import admin_of
from tests.budgets.conftest import open_vote
from tests.factories import CategoryFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def page_url(budget, language="en"):
    with translation.override(language):
        return reverse("budgets:budget_detail", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})


def cards_of(response):
    """{project id: the card's HTML} of a vote page."""
    html = response.content.decode()
    found = {}
    for chunk in html.split('data-testid="project-card" data-project="')[1:]:
        pk, _, rest = chunk.partition('"')
        found[int(pk)] = rest.split("</article>")[0]
    return found


@pytest.fixture
def knapsack():
    budget, projects = open_vote(projects=3, ballot_kind=Budget.BallotKind.KNAPSACK, max_projects=None, cost=20000)
    return budget, projects, admin_of(budget.process)


@pytest.fixture
def card_renders(monkeypatch):
    """How many card bodies were rendered (not found in the cache)."""
    calls = []
    render = cards.render_to_string

    def counting(template_name, context=None, *args, **kwargs):
        calls.append(context["project"].pk)
        return render(template_name, context, *args, **kwargs)

    monkeypatch.setattr(cards, "render_to_string", counting)
    return calls


def test_cards_are_rendered_once_then_read_from_the_cache(client, knapsack, card_renders):
    budget, projects, _ = knapsack
    first = client.get(page_url(budget))
    assert sorted(card_renders) == sorted(p.pk for p in projects)
    second = client.get(page_url(budget))
    assert len(card_renders) == 3  # nothing rendered again
    assert cards_of(first) == cards_of(second)
    client.get(page_url(budget, "fr"))  # another language: its own cards
    assert len(card_renders) == 6


def test_a_changed_title_description_or_cost_shows_at_once(client, knapsack):
    budget, projects, agent = knapsack
    project = projects[0]
    assert "Project" in cards_of(client.get(page_url(budget)))[project.pk]
    project_services.project_update(
        actor=agent,
        project=project,
        data={"title_en": "Shady benches", "description_en": "<p>Trees along the canal</p>", "cost": 31500},
    )
    card = cards_of(client.get(page_url(budget)))[project.pk]
    assert "Shady benches" in card and "Trees along the canal" in card and "31,500" in card
    other = cards_of(client.get(page_url(budget)))[projects[1].pk]
    assert "Shady benches" not in other


def test_a_change_made_without_the_services_shows_too(client, knapsack):
    """The key is made of what the card shows, not of a timestamp: even a bulk update (no updated_at) shows."""
    budget, projects, _ = knapsack
    client.get(page_url(budget))
    Project.objects.filter(pk=projects[1].pk).update(title_en="Renamed in bulk", cost=12345)
    card = cards_of(client.get(page_url(budget)))[projects[1].pk]
    assert "Renamed in bulk" in card and "12,345" in card


def test_unselecting_a_project_takes_its_card_off_and_selecting_it_again_brings_it_back(client, knapsack):
    budget, projects, agent = knapsack
    project = projects[2]
    assert project.pk in cards_of(client.get(page_url(budget)))
    project_services.project_status_set(project=project, to=Project.Status.CANDIDATE, actor=agent)
    assert project.pk not in cards_of(client.get(page_url(budget)))
    project.refresh_from_db()
    project_services.project_status_set(project=project, to=Project.Status.SELECTED, actor=agent)
    assert project.pk in cards_of(client.get(page_url(budget)))


def test_a_renamed_category_and_a_new_currency_show_at_once(client, knapsack):
    budget, projects, _ = knapsack
    category = CategoryFactory(process=budget.process, name="Nature", name_en="Nature")
    Project.objects.filter(pk=projects[0].pk).update(category=category)
    assert "Nature" in cards_of(client.get(page_url(budget)))[projects[0].pk]
    category.name_en = "Parks and trees"
    category.save()
    Budget.objects.filter(pk=budget.pk).update(currency="CHF")
    card = cards_of(client.get(page_url(budget)))[projects[0].pk]
    assert "Parks and trees" in card and "CHF" in card


def test_each_voter_sees_their_own_buttons_around_the_shared_cards(client, knapsack):
    budget, projects, _ = knapsack
    voter, other = UserFactory(), UserFactory()
    client.force_login(voter)
    client.post(
        reverse("budgets:basket_add", kwargs={"slug": budget.process.slug, "budget_id": budget.pk}),
        {"project": projects[0].pk},
    )
    assert BasketItem.objects.filter(ballot__voter=voter).count() == 1
    mine = cards_of(client.get(page_url(budget)))
    assert 'data-testid="in-basket"' in mine[projects[0].pk]
    assert 'data-testid="add-button"' in mine[projects[1].pk]
    client.force_login(other)
    theirs = cards_of(client.get(page_url(budget)))
    assert 'data-testid="in-basket"' not in theirs[projects[0].pk]
    assert 'data-testid="add-button"' in theirs[projects[0].pk]
    client.logout()
    anonymous = cards_of(client.get(page_url(budget)))
    assert all('data-testid="add-button"' not in card for card in anonymous.values())


def test_the_cached_body_holds_nothing_of_the_visitor(client, knapsack):
    budget, projects, _ = knapsack
    voter = UserFactory(display_name="Camille Secret")
    client.force_login(voter)
    client.get(page_url(budget))
    for project in Project.objects.filter(budget=budget).select_related("category__parent"):
        with translation.override("en"):
            key = cards.card_key(project, process=budget.process, budget=budget, language="en")
        body = cache.get(key)
        assert body and project.title_en in body
        assert "csrfmiddlewaretoken" not in body and "Camille Secret" not in body and "<form" not in body


def test_a_new_image_shows_at_once_and_the_buttons_slot_never_shows(client, knapsack, settings):
    budget, projects, _ = knapsack
    assert "<img" not in cards_of(client.get(page_url(budget)))[projects[0].pk]
    Project.objects.filter(pk=projects[0].pk).update(image="projects/benches.png")
    page = client.get(page_url(budget))
    assert f'src="{settings.MEDIA_URL}projects/benches.png"' in cards_of(page)[projects[0].pk]
    assert "<img" not in cards_of(page)[projects[1].pk]
    assert str(cards.ACTIONS_SLOT) not in page.content.decode()
    assert str(cards.IMAGE_URL_SLOT) not in page.content.decode()


def test_the_image_address_is_asked_on_each_visit(client, knapsack, monkeypatch):
    """Storage that signs its addresses (AWS_QUERYSTRING_AUTH) makes them expire: the cached card does not keep one."""
    from django.db.models.fields.files import FieldFile

    budget, projects, _ = knapsack
    Project.objects.filter(pk=projects[0].pk).update(image="projects/benches.png")
    signed = iter(["/media/projects/benches.png?sig=1", "/media/projects/benches.png?sig=2"])
    monkeypatch.setattr(FieldFile, "url", property(lambda self: next(signed)))
    first = cards_of(client.get(page_url(budget)))[projects[0].pk]
    second = cards_of(client.get(page_url(budget)))[projects[0].pk]
    assert 'src="/media/projects/benches.png?sig=1"' in first
    assert 'src="/media/projects/benches.png?sig=2"' in second


def test_the_card_template_lists_only_what_the_key_holds():
    """card_key must change with whatever the template shows: the fields it reads are those the key holds."""
    source = loader.get_template(cards.CARD_TEMPLATE).template.source
    for shown in ("project.category", "project.get_status_display", "project.title", "project.cost|money:budget",
                  "project.description", "budget.has_amounts", "process.slug", "budget.pk", "project.pk",
                  "project.image"):  # fmt: skip
        assert shown in source
    assert "user" not in source and "request" not in source and "csrf" not in source


# -- the project list's page in one query (vote_selectors.project_page) -------------------------------------------


@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "4", "99", "0", "-1", "abc", "2.5"])
def test_a_page_of_projects_is_the_page_django_gives_in_one_query(number, django_assert_num_queries):
    from django.core.paginator import Paginator

    from apps.budgets.vote_selectors import project_page

    budget, _ = open_vote(projects=0)
    Project.objects.bulk_create(
        Project(budget=budget, title=f"Projet {n}", cost=1000, status=Project.Status.SELECTED) for n in range(62)
    )
    ordered = Project.objects.filter(budget=budget).order_by("pk")
    expected = Paginator(ordered, 25).get_page(number)
    # Not a page: Django's way (a COUNT, then the last page), after an empty look past the end.
    queries = {"4": 3, "99": 3, "0": 2, "-1": 2}.get(number, 1)
    with django_assert_num_queries(queries):
        paginator, page = project_page(ordered, number=number, per_page=25)
        rows = list(page.object_list)
    assert (page.number, paginator.count, paginator.num_pages) == (expected.number, 62, 3)
    assert [p.pk for p in rows] == [p.pk for p in expected.object_list]
    assert (page.has_next(), page.has_previous(), page.start_index()) == (
        expected.has_next(),
        expected.has_previous(),
        expected.start_index(),
    )


def test_an_empty_list_is_one_query_too(django_assert_num_queries):
    from apps.budgets.vote_selectors import project_page

    with django_assert_num_queries(1):
        paginator, page = project_page(Project.objects.filter(pk=0).order_by("pk"), number=None, per_page=25)
    assert (paginator.count, page.number, list(page.object_list)) == (0, 1, [])


@pytest.mark.parametrize("sort", ["random", "cost", "-cost", "title"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_prepared_first_page_is_the_page_the_orm_gives(sort, language):
    """vote_selectors.first_project_page (the vote page unfiltered, page 1: one prepared query) gives the projects,
    their order and the list's length that project_page(order_projects(...)) gives; projects not on the ballot and
    other budgets' projects stay out."""
    from django.utils import translation

    from apps.budgets.vote_selectors import first_project_page, order_projects, project_page

    budget, _ = open_vote(projects=0)
    Project.objects.bulk_create(
        Project(budget=budget, title_fr=f"Projet {n % 7}", title_en=f"Project {(n * 3) % 11}" if n % 4 else "",
                cost=1000 + (n * 37) % 500, status=Project.Status.SELECTED if n % 5 else Project.Status.CANDIDATE)
        for n in range(40)
    )  # fmt: skip
    Project.objects.create(budget=open_vote(projects=0)[0], title="Ailleurs", cost=1, status=Project.Status.SELECTED)
    with translation.override(language):
        for seed in (1, 2):
            ordered = order_projects(
                Project.objects.filter(budget=budget, status__in=Project.PUBLIC_STATUSES), sort=sort, seed=seed
            )
            expected_paginator, expected = project_page(ordered, number=None, per_page=25)
            paginator, page = first_project_page(budget=budget, sort=sort, seed=seed, per_page=25)
            assert [p.pk for p in page.object_list] == [p.pk for p in expected.object_list]
            assert (paginator.count, paginator.num_pages, page.number) == (expected_paginator.count, 2, 1)
    assert first_project_page(budget=open_vote(projects=0)[0], sort=sort, seed=1, per_page=25)[0].count == 0


# -- project_visible_to(user, process): the roles and the publication already known --------------------------------


def test_the_projects_of_one_process_agree_with_the_general_visibility():
    from apps.budgets.selectors import project_visible_to

    budget, projects = open_vote(projects=2)
    candidate = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE)
    agent = admin_of(budget.process)
    unpublished, _ = open_vote(projects=1)
    unpublished.process.is_published = False
    unpublished.process.save()
    superuser = UserFactory(is_superuser=True)
    for user in (AnonymousUser(), UserFactory(), agent, superuser, admin_of(unpublished.process)):
        for process in (budget.process, unpublished.process):
            fresh = type(process).objects.get(pk=process.pk)
            mine = set(project_visible_to(user, fresh).values_list("pk", flat=True))
            general = set(project_visible_to(user).filter(budget__process=fresh).values_list("pk", flat=True))
            assert mine == general, (user, process)
    assert candidate.pk in set(project_visible_to(agent, budget.process).values_list("pk", flat=True))
    assert candidate.pk not in set(project_visible_to(UserFactory(), budget.process).values_list("pk", flat=True))


@pytest.mark.parametrize("published", [True, False])
def test_the_first_page_shortcut_knows_who_sees_the_projects_as_the_queryset_does(published):
    from apps.budgets import selectors

    budget, _ = open_vote()
    process = budget.process
    process.is_published = published
    process.save()
    superuser = UserFactory(is_superuser=True)
    for user in (AnonymousUser(), UserFactory(), admin_of(process), superuser):
        visible = selectors.project_visible_to(user, process)
        assert selectors.sees_projects_on_ballot(user, process) == (not visible.query.is_empty())
