"""The citizen's vote pages through HTTP: every page in French and English, the basket with and without htmx,
refusals shown as sentences, tampered input, review, confirmation, receipt and changes."""

import pytest
from django.urls import reverse
from django.utils import translation

from apps.budgets.models import Ballot, BallotItem, BasketItem, Budget, Project
from tests.budgets.conftest import open_vote
from tests.factories import BudgetFactory, PhaseFactory, ProcessFactory, ProjectFactory, UserFactory
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


def url(name, budget, language="en", **kwargs):
    """The English URL by default (the page answers in the language of its URL)."""
    with translation.override(language):
        return reverse(name, kwargs={"slug": budget.process.slug, "budget_id": budget.pk, **kwargs})


def htmx_to(target):
    return {**HTMX, "HTTP_HX_TARGET": target}


def basket_ids(voter, budget):
    return sorted(
        BasketItem.objects.filter(ballot__voter=voter, ballot__budget=budget).values_list("project_id", flat=True)
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def signed_in(client):
    voter = UserFactory()
    client.force_login(voter)
    return client, voter


@pytest.fixture
def knapsack():
    """A €100,000 knapsack budget with projects of 30,000, 50,000 and 40,000."""
    budget, _ = open_vote(projects=0, ballot_kind=Budget.BallotKind.KNAPSACK, max_projects=None)
    projects = [ProjectFactory(budget=budget, cost=cost) for cost in (30000, 50000, 40000)]
    return budget, projects


# -- pages, in French and English ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_renders_in_both_languages(signed_in, knapsack, language):
    client, voter = signed_in
    budget, projects = knapsack
    BudgetFactory(process=budget.process, title="Quartier nord", title_en="North district")
    title = {"fr": "title", "en": "title_en"}[language]
    with translation.override(language):
        pages = [
            reverse("budgets:budget_list", kwargs={"slug": budget.process.slug}),
            url("budgets:budget_detail", budget, language),
            url("budgets:project_detail", budget, language, pk=projects[0].pk),
            url("budgets:ballot_review", budget, language),
        ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert getattr(budget, title) in html, page
    detail = client.get(pages[1]).content.decode()
    assert all(getattr(project, title) in detail for project in projects)
    assert {"fr": "Quartier nord", "en": "North district"}[language] in client.get(pages[0]).content.decode()
    client.post(url("budgets:basket_add", budget, language), {"project": projects[0].pk})
    client.post(url("budgets:ballot_confirm", budget, language))
    receipt = client.get(url("budgets:ballot_receipt", budget, language))
    assert f'<html lang="{language}">' in receipt.content.decode()
    assert receipt.status_code == 200
    assert Ballot.objects.get(voter=voter).receipt_code in receipt.content.decode()


def test_a_single_budget_opens_directly(client, knapsack):
    budget, _ = knapsack
    response = client.get(reverse("budgets:budget_list", kwargs={"slug": budget.process.slug}))
    assert response.status_code == 302 and response.url == url("budgets:budget_detail", budget, "fr")


def test_another_process_budget_is_not_found(client, knapsack):
    budget, projects = knapsack
    other = BudgetFactory()
    wrong = reverse("budgets:budget_detail", kwargs={"slug": other.process.slug, "budget_id": budget.pk})
    assert client.get(wrong).status_code == 404
    foreign = ProjectFactory(budget=other)
    assert client.get(url("budgets:project_detail", budget, pk=foreign.pk)).status_code == 404


def test_a_candidate_project_is_not_shown_to_voters(client, knapsack):
    budget, _ = knapsack
    candidate = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE, title="Projet en attente")
    assert "Projet en attente" not in client.get(url("budgets:budget_detail", budget)).content.decode()
    assert client.get(url("budgets:project_detail", budget, pk=candidate.pk)).status_code == 404


def test_filter_search_and_sort(client, knapsack):
    from tests.factories import CategoryFactory

    budget, projects = knapsack
    category = CategoryFactory(process=budget.process)
    Project.objects.filter(pk=projects[1].pk).update(category=category, title_en="Shaded playground")
    with translation.override("en"):
        page = url("budgets:budget_detail", budget)
    by_category = client.get(page, {"category": category.pk})
    assert [p.pk for p in by_category.context["projects"]] == [projects[1].pk]
    found = client.get(page, {"q": "shaded"})
    assert [p.pk for p in found.context["projects"]] == [projects[1].pk]
    cheapest = client.get(page, {"order": "cost"})
    assert [p.cost for p in cheapest.context["projects"]] == [30000, 40000, 50000]
    dearest = client.get(page, {"order": "-cost"})
    assert [p.cost for p in dearest.context["projects"]] == [50000, 40000, 30000]
    for junk in ({"order": "nope", "category": "x"}, {"category": "999999", "page": "zz"}):
        assert client.get(page, junk).status_code == 200


def test_the_process_page_links_to_the_vote_only_while_it_is_open(client, knapsack):
    budget, _ = knapsack
    page = reverse("spaces:process_detail", kwargs={"slug": budget.process.slug})
    assert 'data-testid="vote-link"' in client.get(page).content.decode()
    closed = ProcessFactory()
    PhaseFactory(process=closed)  # proposals
    BudgetFactory(process=closed)
    assert (
        'data-testid="vote-link"'
        not in client.get(reverse("spaces:process_detail", kwargs={"slug": closed.slug})).content.decode()
    )


def test_the_project_page_has_comments_and_the_basket(signed_in, knapsack):
    client, _ = signed_in
    budget, projects = knapsack
    html = client.get(url("budgets:project_detail", budget, pk=projects[0].pk)).content.decode()
    assert 'id="comments"' in html
    assert 'data-testid="add-button"' in html and 'id="basket-panel"' in html


# -- the basket without JavaScript ---------------------------------------------------------------------------------


def test_add_and_remove_without_javascript(signed_in, knapsack):
    client, voter = signed_in
    budget, projects = knapsack
    page = url("budgets:budget_detail", budget)
    with translation.override("en"):
        response = client.post(url("budgets:basket_add", budget), {"project": projects[0].pk, "next": page})
        assert response.status_code == 302 and response.url == page
        assert basket_ids(voter, budget) == [projects[0].pk]
        shown = client.get(page)
        assert "The project is in your basket." in messages_of(shown)
        html = shown.content.decode()
        assert "70,000 €" in html  # the meter: money left
        response = client.post(
            url("budgets:basket_remove", budget), {"project": projects[0].pk, "next": page}, follow=True
        )
    assert basket_ids(voter, budget) == []
    assert "The project has left your basket." in messages_of(response)


def test_a_project_that_does_not_fit_is_refused_with_a_sentence(signed_in, knapsack):
    client, voter = signed_in
    budget, projects = knapsack
    for project in projects[:2]:
        client.post(url("budgets:basket_add", budget), {"project": project.pk})
    with translation.override("en"):
        response = client.post(url("budgets:basket_add", budget), {"project": projects[2].pk}, follow=True)
    assert messages_of(response)[-1] == "This project costs 40,000 € and only 20,000 € are left in your budget."
    assert basket_ids(voter, budget) == sorted(p.pk for p in projects[:2])


def test_an_unsafe_next_goes_back_to_the_budget(signed_in, knapsack):
    client, _ = signed_in
    budget, projects = knapsack
    response = client.post(
        url("budgets:basket_add", budget), {"project": projects[0].pk, "next": "https://evil.example/"}
    )
    assert response.url == budget.get_absolute_url()


# -- the basket with htmx ------------------------------------------------------------------------------------------


def test_htmx_add_answers_the_project_box_the_basket_and_the_meter(signed_in, knapsack):
    client, voter = signed_in
    budget, projects = knapsack
    with translation.override("en"):
        response = client.post(
            url("budgets:basket_add", budget),
            {"project": projects[0].pk},
            **htmx_to(f"project-actions-{projects[0].pk}"),
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div id="project-actions-{projects[0].pk}"')
    assert 'data-testid="in-basket"' in html
    assert 'id="basket-panel"' in html and 'id="basket-meter"' in html
    assert html.count('hx-swap-oob="true"') == 2
    assert "70,000 €" in html
    assert basket_ids(voter, budget) == [projects[0].pk]


def test_htmx_refusal_shows_next_to_the_project(signed_in, knapsack):
    client, voter = signed_in
    budget, projects = knapsack
    for project in projects[:2]:
        client.post(url("budgets:basket_add", budget), {"project": project.pk})
    with translation.override("en"):
        response = client.post(
            url("budgets:basket_add", budget),
            {"project": projects[2].pk},
            **htmx_to(f"project-actions-{projects[2].pk}"),
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="project-refusal"' in html
    assert "only 20,000 € are left" in html
    assert basket_ids(voter, budget) == sorted(p.pk for p in projects[:2])


def test_htmx_remove_from_the_panel_updates_the_project_shown_on_the_page(signed_in, knapsack):
    client, voter = signed_in
    budget, projects = knapsack
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    response = client.post(
        url("budgets:basket_remove", budget),
        {"project": projects[0].pk, "shown": [str(p.pk) for p in projects]},
        **htmx_to("basket-panel"),
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="basket-panel"')
    # The project's own box comes out of band (it is on the page), with its Add button back.
    box = f'<div id="project-actions-{projects[0].pk}" class="project-actions" data-testid="project-actions"'
    assert f'{box} hx-swap-oob="true">' in html
    assert 'data-testid="add-button"' in html
    assert basket_ids(voter, budget) == []
    # A project that is not on the page is not sent (htmx would complain about a missing target).
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    response = client.post(url("budgets:basket_remove", budget), {"project": projects[0].pk}, **htmx_to("basket-panel"))
    assert "project-actions-" not in response.content.decode()


# -- bad input -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "", str(10**12), "1.5"])
def test_tampered_project_ids_are_refused_and_the_basket_is_unchanged(signed_in, knapsack, bad):
    client, voter = signed_in
    budget, projects = knapsack
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    with translation.override("en"):
        for action in ("basket_add", "basket_remove", "basket_points", "basket_rank"):
            response = client.post(url(f"budgets:{action}", budget), {"project": bad, "points": "1"}, follow=True)
            assert response.status_code == 200
            assert messages_of(response)[-1] == "Choose a project from the list.", action
            htmx = client.post(
                url(f"budgets:{action}", budget), {"project": bad}, **htmx_to(f"project-actions-{projects[1].pk}")
            )
            assert "Choose a project from the list." in htmx.content.decode()
    assert basket_ids(voter, budget) == [projects[0].pk]


def test_another_budgets_project_and_a_candidate_are_refused(signed_in, knapsack):
    client, voter = signed_in
    budget, projects = knapsack
    foreign = ProjectFactory(budget=BudgetFactory(process=budget.process))
    candidate = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE)
    with translation.override("en"):
        for project in (foreign, candidate):
            response = client.post(url("budgets:basket_add", budget), {"project": project.pk}, follow=True)
            assert messages_of(response)[-1] == "This project is not on the ballot of this budget."
    assert basket_ids(voter, budget) == []


def test_negative_points_and_a_rank_on_an_unranked_ballot_are_refused(signed_in, vote):
    client, voter = signed_in
    budget, projects = vote(ballot_kind=Budget.BallotKind.CUMULATIVE, points_total=5, max_points_per_project=3)
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    with translation.override("en"):
        response = client.post(
            url("budgets:basket_points", budget), {"project": projects[0].pk, "points": "-2"}, follow=True
        )
        assert messages_of(response)[-1] == "Give at least one point."
        response = client.post(
            url("budgets:basket_points", budget), {"project": projects[0].pk, "points": "9"}, follow=True
        )
        assert messages_of(response)[-1] == "A project can take at most 3 points."
        response = client.post(
            url("budgets:basket_rank", budget), {"project": projects[0].pk, "direction": "up"}, follow=True
        )
        assert messages_of(response)[-1] == "This ballot does not rank projects."
        response = client.post(
            url("budgets:basket_rank", budget), {"project": projects[0].pk, "direction": "sideways"}, follow=True
        )
        assert messages_of(response)[-1] == "Say where to move the project."
    assert BasketItem.objects.get(ballot__voter=voter).points == 1


def test_get_is_not_allowed_on_the_buttons(signed_in, knapsack):
    client, _ = signed_in
    budget, _ = knapsack
    for action in ("basket_add", "basket_remove", "basket_points", "basket_rank", "ballot_confirm"):
        assert client.get(url(f"budgets:{action}", budget)).status_code == 405


# -- refusals ------------------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in(client, knapsack):
    budget, projects = knapsack
    with translation.override("en"):
        html = client.get(url("budgets:budget_detail", budget)).content.decode()
        assert "Sign in to vote." in html and 'data-testid="add-button"' not in html
        response = client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not BasketItem.objects.exists()
    assert client.get(url("budgets:ballot_review", budget)).status_code == 302


def test_an_under_age_voter_is_told_why_and_where_to_get_verified(signed_in, knapsack):
    client, voter = signed_in
    budget, projects = knapsack
    budget.process.voting_settings.minimum_age = 16
    budget.process.voting_settings.save()
    with translation.override("en"):
        html = client.get(url("budgets:budget_detail", budget)).content.decode()
        sentence = "You must be at least 16 to vote: give your birth date on the verification page."
        assert sentence in html
        check = reverse("budgets:verification", kwargs={"slug": budget.process.slug})
        assert f'href="{check}" data-testid="verification-link"' in html
        assert 'data-testid="add-button"' not in html
        response = client.post(url("budgets:basket_add", budget), {"project": projects[0].pk}, follow=True)
        assert messages_of(response) == [sentence]
        htmx = client.post(
            url("budgets:basket_add", budget),
            {"project": projects[0].pk},
            **htmx_to(f"project-actions-{projects[0].pk}"),
        )
        assert sentence in htmx.content.decode()
    assert not BasketItem.objects.exists()


def test_outside_the_vote_the_pages_show_when_it_opens(signed_in):
    client, _ = signed_in
    process = ProcessFactory()
    PhaseFactory(process=process)  # proposals now
    budget = BudgetFactory(process=process)
    ProjectFactory(budget=budget)
    with translation.override("en"):
        html = client.get(url("budgets:budget_detail", budget)).content.decode()
    assert 'data-testid="vote-refusal"' in html and 'data-testid="add-button"' not in html


# -- review, confirmation, receipt, changes ------------------------------------------------------------------------


def test_review_says_what_is_missing_and_confirmation_refuses_it(signed_in, vote):
    client, voter = signed_in
    budget, projects = vote(min_projects=2)
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    with translation.override("en"):
        review = client.get(url("budgets:ballot_review", budget)).content.decode()
        assert "Choose at least 2 projects." in review
        response = client.post(url("budgets:ballot_confirm", budget))
    assert response.status_code == 422
    assert "Choose at least 2 projects." in response.content.decode()
    assert not Ballot.objects.filter(confirmed_at__isnull=False).exists()


def test_confirm_receipt_come_back_change_and_confirm_again(
    signed_in, knapsack, mailoutbox, django_capture_on_commit_callbacks
):
    client, voter = signed_in
    budget, projects = knapsack
    page = url("budgets:budget_detail", budget)
    for project in projects[:2]:
        client.post(url("budgets:basket_add", budget), {"project": project.pk})
    with translation.override("en"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("budgets:ballot_confirm", budget), follow=True)
        assert response.redirect_chain[-1][0] == url("budgets:ballot_receipt", budget)
        ballot = Ballot.objects.get(voter=voter)
        html = response.content.decode()
        assert "Thank you, your ballot is confirmed." in html
        assert f'data-testid="receipt-code">{ballot.receipt_code}<' in html
        assert len(mailoutbox) == 1 and ballot.receipt_code in mailoutbox[0].body

        # Coming back: the confirmed ballot, and a change waits for confirmation.
        html = client.get(page).content.decode()
        assert 'data-testid="ballot-confirmed"' in html and "unconfirmed-changes" not in html
        client.post(url("budgets:basket_remove", budget), {"project": projects[1].pk})
        html = client.get(page).content.decode()
        assert "Changes not confirmed yet." in html
        assert sorted(BallotItem.objects.filter(ballot=ballot).values_list("project_id", flat=True)) == sorted(
            p.pk for p in projects[:2]
        )
        response = client.post(url("budgets:ballot_confirm", budget), follow=True)
        assert "Your change is confirmed: your ballot now counts as shown below." in messages_of(response)
    ballot.refresh_from_db()
    assert ballot.changes == 1
    assert list(BallotItem.objects.filter(ballot=ballot).values_list("project_id", flat=True)) == [projects[0].pk]
    assert "Changes not confirmed yet." not in client.get(page).content.decode()


def test_receipt_before_confirming_goes_back_to_the_projects(signed_in, knapsack):
    client, _ = signed_in
    budget, _ = knapsack
    response = client.get(url("budgets:ballot_receipt", budget))
    assert response.status_code == 302 and response.url == budget.get_absolute_url()


def test_a_final_ballot_cannot_be_changed(signed_in, vote):
    client, voter = signed_in
    budget, projects = vote(ballot_is_final=True)
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    client.post(url("budgets:ballot_confirm", budget))
    with translation.override("en"):
        html = client.get(url("budgets:budget_detail", budget)).content.decode()
        assert 'data-testid="ballot-final"' in html
        assert 'data-testid="add-button"' not in html and 'data-testid="remove-button"' not in html
        response = client.post(url("budgets:basket_add", budget), {"project": projects[1].pk}, follow=True)
    assert messages_of(response)[-1] == "Your ballot is confirmed and final: it can no longer be changed."
    assert basket_ids(voter, budget) == [projects[0].pk]


def test_cumulative_points_through_the_views(signed_in, vote):
    client, voter = signed_in
    budget, projects = vote(
        ballot_kind=Budget.BallotKind.CUMULATIVE, points_total=5, max_points_per_project=3, max_projects=None
    )
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    response = client.post(
        url("budgets:basket_points", budget),
        {"project": projects[0].pk, "points": "3"},
        **htmx_to(f"project-actions-{projects[0].pk}"),
    )
    assert response.status_code == 200
    assert BasketItem.objects.get(ballot__voter=voter).points == 3
    with translation.override("en"):
        html = client.get(url("budgets:budget_detail", budget)).content.decode()
    assert "2</strong> points left of 5" in html


def test_ranked_up_and_down_buttons(signed_in, vote):
    client, voter = signed_in
    budget, projects = vote(ballot_kind=Budget.BallotKind.RANKED, max_projects=3)
    for project in projects[:3]:
        client.post(url("budgets:basket_add", budget), {"project": project.pk})

    def order():
        return list(
            BasketItem.objects.filter(ballot__voter=voter).order_by("rank").values_list("project_id", flat=True)
        )

    assert order() == [p.pk for p in projects[:3]]
    client.post(url("budgets:basket_rank", budget), {"project": projects[2].pk, "direction": "up"})
    assert order() == [projects[0].pk, projects[2].pk, projects[1].pk]
    response = client.post(
        url("budgets:basket_rank", budget),
        {"project": projects[0].pk, "direction": "down", "panel": "review"},
        **htmx_to("basket-panel"),
    )
    assert order() == [projects[2].pk, projects[0].pk, projects[1].pk]
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="basket-panel"') and 'data-testid="confirm-form"' in html


def test_after_the_close_the_confirmed_ballot_is_shown_not_a_pending_change(signed_in, knapsack):
    from datetime import timedelta

    from django.utils import timezone

    from apps.spaces.models import Phase

    client, voter = signed_in
    budget, projects = knapsack
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    client.post(url("budgets:ballot_confirm", budget))
    client.post(url("budgets:basket_add", budget), {"project": projects[2].pk})  # a change, never confirmed
    yesterday = timezone.localdate() - timedelta(days=1)
    Phase.objects.filter(process=budget.process).update(start_date=yesterday - timedelta(days=5), end_date=yesterday)
    html = client.get(url("budgets:budget_detail", budget)).content.decode()
    assert "Voting closed on" in html
    panel = html[html.index('id="basket-panel"') :]
    assert projects[0].title_en in panel and projects[2].title_en not in panel
    assert "Changes not confirmed yet." not in html
    assert 'data-testid="add-button"' not in html and 'data-testid="remove-button"' not in html


def test_a_geolocated_project_shows_its_map(client, knapsack):
    budget, projects = knapsack
    Project.objects.filter(pk=projects[0].pk).update(
        latitude="50.630000", longitude="3.060000", address="Place du marché"
    )
    html = client.get(url("budgets:project_detail", budget, pk=projects[0].pk)).content.decode()
    assert 'data-testid="project-map"' in html and '"lat": 50.63' in html and "Place du marché" in html
    assert "leaflet.js" in html
    assert "leaflet.js" not in client.get(url("budgets:project_detail", budget, pk=projects[1].pk)).content.decode()


def test_the_budget_list_says_where_the_voter_voted(signed_in):
    from apps.budgets.models import VoterScope

    client, voter = signed_in
    budget, projects = open_vote(projects=2)
    other = BudgetFactory(process=budget.process, title_en="North district")
    ProjectFactory(budget=other)
    budget.process.voting_settings.voter_scope = VoterScope.ONE_BUDGET
    budget.process.voting_settings.save()
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    client.post(url("budgets:ballot_confirm", budget))
    with translation.override("en"):
        html = client.get(reverse("budgets:budget_list", kwargs={"slug": budget.process.slug})).content.decode()
    assert html.count('data-testid="budget-card"') == 2
    assert html.count('data-testid="budget-voted"') == 1
    assert 'data-testid="budget-refusal"' in html  # the other budget: one budget per voter


def test_removing_on_the_review_page_without_javascript_comes_back_to_it(signed_in, knapsack):
    client, voter = signed_in
    budget, projects = knapsack
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    review = url("budgets:ballot_review", budget)
    html = client.get(review).content.decode()
    assert f'name="next" value="{review}"' in html
    response = client.post(url("budgets:basket_remove", budget), {"project": projects[0].pk, "next": review})
    assert response.url == review and basket_ids(voter, budget) == []
    assert 'data-testid="confirm-form"' not in client.get(review).content.decode()


def test_anonymous_htmx_press_is_answered_with_the_sentence(client, knapsack):
    budget, projects = knapsack
    with translation.override("en"):
        response = client.post(
            url("budgets:basket_add", budget),
            {"project": projects[0].pk},
            **htmx_to(f"project-actions-{projects[0].pk}"),
        )
    assert response.status_code == 200 and "Sign in to vote." in response.content.decode()
    assert not BasketItem.objects.exists()


def test_the_review_pages_bar_leads_back_to_the_projects_not_to_itself(signed_in, knapsack):
    # On a phone the meter bar stays in view; on the review page its button went to the review page itself.
    client, voter = signed_in
    budget, projects = knapsack
    client.post(url("budgets:basket_add", budget), {"project": projects[0].pk})
    review = url("budgets:ballot_review", budget)
    bar = client.get(review).content.decode().split('data-testid="meter-bar"')[1].split("</div>\n</div>")[0]
    assert f'href="{review}"' not in bar
    assert f'href="{url("budgets:budget_detail", budget)}"' in bar and "Back to the projects" in bar
    # After a removal on the review page (htmx), the bar it sends back says the same.
    client.post(url("budgets:basket_add", budget), {"project": projects[1].pk})
    answer = client.post(
        url("budgets:basket_remove", budget), {"project": projects[0].pk, "panel": "review", "next": review}, **HTMX
    ).content.decode()
    assert 'data-testid="bar-back"' in answer and f'href="{review}"' not in answer.split('data-testid="meter-bar"')[1]
    # Next to the list, the bar still leads to the review.
    assert f'href="{review}"' in client.get(url("budgets:budget_detail", budget)).content.decode()
