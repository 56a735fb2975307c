"""The results screens: the back-office preview of every rule side by side and the publication (as a process
administrator, never a superuser), the public results page (its chart, the rule in plain language, each project's
explanation), hidden before publication and before the results phase, the downloads, the links, and its queries."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.budgets.models import CountingRule, Project, ResultPublication
from apps.budgets.results_services import results_publish
from tests.budgets.adm_helpers import admin_of, confirmed_ballot, registered_projects, voting_process  # noqa: F401
from tests.budgets.results_helpers import counted_budget, results_process
from tests.factories import BudgetFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registered_projects")]


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def process():
    return results_process()


@pytest.fixture
def admin(process):
    return admin_of(process)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def counted(process):
    return counted_budget(process)


def preview_url(budget):
    return en("budgets_backoffice:results_preview", budget_id=budget.pk)


def publish_url(budget, option=""):
    url = en("budgets_backoffice:results_publish", budget_id=budget.pk)
    return f"{url}?option={option}" if option else url


def results_url(budget):
    return en("budgets:results", slug=budget.process.slug, budget_id=budget.pk)


def cards(html):
    """{rule key: the text of its card} of the preview page."""
    found = re.findall(r'data-testid="rule-preview" data-rule="([^"]+)">(.*?)</article>', html, flags=re.S)
    return dict(found)


# --- Preview and publication ----------------------------------------------------------------------------------


def test_the_preview_shows_each_rules_winners_side_by_side(admin_client, counted):
    budget, _projects = counted
    response = admin_client.get(preview_url(budget))
    assert response.status_code == 200
    html = response.content.decode()
    by_rule = cards(html)
    assert list(by_rule) == ["greedy", "greedy-no-skip", "mes", "mes-greedy", "phragmen"]
    assert "Plant trees" in by_rule["greedy"] and "A street library" not in by_rule["greedy"]
    assert "Plant trees" not in by_rule["greedy-no-skip"]
    assert "A street library" in by_rule["mes"] and "Bicycle racks" not in by_rule["mes"]
    assert "98,000 €" in by_rule["greedy"] and "90,000 €" in by_rule["greedy-no-skip"]
    assert "This budget’s rule" in by_rule["greedy"]
    # What differs: the projects some rules choose and others do not.
    differences = html.split('data-testid="differences"')[1]
    assert "Plant trees" in differences and "A street library" in differences and "Bicycle racks" in differences
    assert "A park along the canal" not in differences
    assert html.count('data-testid="publish-link"') == 5


def test_a_second_visit_to_the_preview_does_not_count_again_until_the_ballots_change(
    admin_client, counted, monkeypatch
):
    from django.core.cache import cache

    from apps.budgets import counting

    cache.clear()
    budget, projects = counted
    reads = []
    real = counting.profile_from_budget
    monkeypatch.setattr(counting, "profile_from_budget", lambda b: reads.append(b.pk) or real(b))
    first = admin_client.get(preview_url(budget)).content.decode()
    assert len(reads) == 1
    second = admin_client.get(preview_url(budget)).content.decode()
    assert len(reads) == 1  # counted once, every rule
    assert cards(second) == cards(first)
    # The publish confirmation of one rule reads the same cache.
    assert admin_client.get(publish_url(budget, "mes")).status_code == 200
    assert len(reads) == 1
    # A new confirmed ballot: counted again, with it.
    confirmed_ballot(budget, [projects["trees"]])
    admin_client.get(preview_url(budget))
    assert len(reads) == 2
    admin_client.get(preview_url(budget))
    assert len(reads) == 2
    # So does a change of the budget's settings.
    budget.total_amount += 1
    budget.save()
    admin_client.get(preview_url(budget))
    assert len(reads) == 3
    cache.clear()


def test_publishing_from_the_preview_with_a_confirmation(admin_client, counted):
    budget, projects = counted
    page = admin_client.get(publish_url(budget, "mes"))
    assert page.status_code == 200
    assert "A street library" in page.content.decode() and "cannot be changed" in page.content.decode()
    # Without ticking the box: nothing happens.
    refused = admin_client.post(publish_url(budget), {"option": "mes"})
    assert refused.status_code == 400 and not ResultPublication.objects.exists()

    done = admin_client.post(publish_url(budget), {"option": "mes", "confirm": "on"})
    assert done.status_code == 302 and done.url == preview_url(budget)
    publication = ResultPublication.objects.get(budget=budget)
    assert publication.rule == CountingRule.MES and publication.completion == "none"
    assert Project.objects.get(pk=projects["library"].pk).status == Project.Status.WINNER
    assert Project.objects.get(pk=projects["bikes"].pk).status == Project.Status.NOT_WINNER
    # The preview now says so, links to the results page, and offers no second publication.
    after = admin_client.get(preview_url(budget)).content.decode()
    assert 'data-testid="results-published"' in after and results_url(budget) in after
    assert 'data-testid="publish-link"' not in after
    again = admin_client.post(publish_url(budget), {"option": "greedy", "confirm": "on"})
    assert again.status_code == 302 and ResultPublication.objects.count() == 1
    assert ResultPublication.objects.get().rule == CountingRule.MES


def test_publishing_needs_the_csrf_token(admin, counted):
    budget, _projects = counted
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post(publish_url(budget), {"option": "greedy", "confirm": "on"})
    assert response.status_code == 403 and not ResultPublication.objects.exists()


def test_an_unknown_option_is_not_found(admin_client, counted):
    budget, _projects = counted
    assert admin_client.get(publish_url(budget, "borda")).status_code == 404


def test_the_preview_is_refused_while_the_vote_is_open(client):
    process = voting_process()
    admin = admin_of(process)
    budget, _projects = counted_budget(process)
    client.force_login(admin)
    response = client.get(preview_url(budget))
    assert response.status_code == 403
    assert "The vote is open: results can be previewed and published once it has closed." in response.content.decode()
    assert client.post(publish_url(budget), {"option": "greedy", "confirm": "on"}).status_code == 403
    assert not ResultPublication.objects.exists()


def test_a_plain_user_cannot_preview_or_publish(client, counted):
    budget, _projects = counted
    client.force_login(UserFactory())
    assert client.get(preview_url(budget)).status_code == 403
    assert client.post(publish_url(budget), {"option": "greedy", "confirm": "on"}).status_code == 403
    assert not ResultPublication.objects.exists()


def test_the_back_office_budget_list_links_to_the_preview(admin_client, process, counted):
    budget, _projects = counted
    page = admin_client.get(en("budgets_backoffice:budgets", slug=process.slug)).content.decode()
    assert preview_url(budget) in page


# --- Public results page --------------------------------------------------------------------------------------


def test_the_results_page_shows_the_chart_the_rule_and_the_explanations(client, admin, counted):
    budget, projects = counted
    results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)
    response = client.get(results_url(budget))
    assert response.status_code == 200
    html = response.content.decode()
    # The chart: server-side SVG, one bar per project, no script and no style attribute.
    chart = html.split('data-testid="results-chart"')[1].split("</figure>")[0]
    assert "<svg" in chart and chart.count('data-testid="chart-bar"') == 4
    assert 'width="75.00%"' in chart  # the most voted project's bar
    assert "style=" not in html.split("<main")[1] and "<script>" not in html
    # The winners, the money used, the rule in plain language.
    assert html.count('data-testid="winner"') == 3
    assert "98,000 €" in html and "100,000 €" in html and "98.0 %" in html
    assert "A project that does not fit is skipped" in html
    # Each project's explanation.
    assert (
        "Did not fit the money left: when its turn came, only 10,000 € were left and it costs 25,000 € "
        "(15,000 € missing)." in html
    )
    assert "Chosen: when its turn came, 100,000 € were left and it costs 60,000 €." in html
    assert 'data-testid="pabulib-sha256"' in html and ResultPublication.objects.get().pabulib_sha256 in html
    assert projects["park"].get_absolute_url().replace("/fr/", "/en/") in html


def test_equal_shares_results_say_who_paid_and_what_was_missing(client, admin, counted):
    budget, _projects = counted
    results_publish(budget=budget, rule=CountingRule.MES, completion="none", actor=admin)
    html = client.get(results_url(budget)).content.decode()
    assert "Method of Equal Shares: the budget is divided equally between the voters, 16,666.67 € each." in html
    assert "4 voters paid for it, 15,000 € each: 60,000 € in all." in html
    assert "Its 3 supporters had only 24,999 € left between them when the count ended" in html
    assert "the “Add1” completion" in html


def test_the_results_page_in_french(client, admin, counted):
    budget, _projects = counted
    results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)
    url = reverse("budgets:results", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})
    assert url.startswith("/fr/")
    html = client.get(url).content.decode()
    assert '<html lang="fr"' in html and "Un parc au bord du canal" in html


def test_results_are_hidden_before_publication(client, counted):
    budget, _projects = counted
    response = client.get(results_url(budget))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The results of this budget have not been published yet." in html
    assert 'data-testid="results-chart"' not in html
    assert client.get(en("budgets:results_pabulib", slug=budget.process.slug, budget_id=budget.pk)).status_code == 404


def test_results_wait_for_the_results_phase(client):
    process = results_process(results_phase=False)
    admin = admin_of(process)
    budget, _projects = counted_budget(process)
    results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)
    html = client.get(results_url(budget)).content.decode()
    assert "Results will be published on" in html and 'data-testid="results-chart"' not in html
    # The administrator already sees them, with a warning.
    client.force_login(admin)
    html = client.get(results_url(budget)).content.decode()
    assert 'data-testid="results-chart"' in html and 'data-testid="results-not-public"' in html


def test_the_recount_files_download(client, admin, counted):
    budget, _projects = counted
    publication = results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)
    slug = budget.process.slug
    pb = client.get(en("budgets:results_pabulib", slug=slug, budget_id=budget.pk))
    assert pb.status_code == 200 and pb.content.decode() == publication.pabulib_text
    assert "attachment" in pb["Content-Disposition"] and pb["Content-Disposition"].endswith('.pb"')
    csv_file = client.get(en("budgets:results_csv", slug=slug, budget_id=budget.pk))
    assert csv_file.content.decode() == publication.csv_text and csv_file["Content-Type"].startswith("text/csv")


def test_the_process_and_budget_pages_link_to_the_results(client, admin, process, counted):
    budget, _projects = counted
    process_url = en("spaces:process_detail", slug=process.slug)
    budget_url = en("budgets:budget_detail", slug=process.slug, budget_id=budget.pk)
    assert results_url(budget) not in client.get(process_url).content.decode()
    results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)
    assert results_url(budget) in client.get(process_url).content.decode()
    assert results_url(budget) in client.get(budget_url).content.decode()


def _published_budget_with(process, admin, n):
    budget = BudgetFactory(process=process, max_projects=3, total_amount=100000 * n)
    projects = [ProjectFactory(budget=budget, cost=1000 + k) for k in range(n)]
    for k in range(12):
        confirmed_ballot(budget, [projects[(k * 7 + j) % n] for j in range(3)])
    results_publish(budget=budget, rule=CountingRule.MES, completion="none", actor=admin)
    return budget


def test_the_results_page_runs_as_many_queries_for_10_as_for_100_projects(client, process, admin):
    small = _published_budget_with(process, admin, 10)
    large = _published_budget_with(process, admin, 100)
    client.get(results_url(small))  # warm up the caches (site, session)
    counts = []
    for budget in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(results_url(budget))
        assert response.status_code == 200 and 'data-testid="results-chart"' in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12, counts


def test_project_titles_are_escaped_in_the_chart_the_ranking_and_the_preview(client, admin_client, admin, counted):
    budget, projects = counted
    payload = '<svg onload=alert(1)><script>alert("x")</script>'
    Project.objects.filter(pk=projects["park"].pk).update(title_en=payload, title=payload)
    preview = admin_client.get(preview_url(budget)).content.decode()
    assert payload not in preview and "&lt;script&gt;" in preview
    results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)
    html = client.get(results_url(budget)).content.decode()
    assert payload not in html and "<svg onload" not in html
    assert "&lt;svg onload=alert(1)&gt;" in html
