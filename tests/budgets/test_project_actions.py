"""The vote page's cards render their buttons from one stamp per state (project_actions in templatetags/vote.py):
the page must be exactly what one render of _project_actions.html per card gives, on every kind of ballot and in
every state (in the ballot, its points, not on the ballot, a refusal, a title to escape, signed out)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from apps.budgets.models import Budget, Project
from apps.budgets.templatetags import vote as vote_tags
from tests.budgets.conftest import open_vote
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _both_ways(client, path, monkeypatch):
    stamped = client.get(path).content.decode()
    monkeypatch.setattr(vote_tags, "STAMPS", False)
    alone = client.get(path).content.decode()
    monkeypatch.setattr(vote_tags, "STAMPS", True)
    # The CSRF token is masked afresh on each request: compare without it.
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    return strip.sub("", stamped), strip.sub("", alone)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"ballot_kind": Budget.BallotKind.CUMULATIVE, "points_total": 5, "max_points_per_project": 3},
        {"ballot_kind": Budget.BallotKind.RANKED, "max_projects": 3},
        {"ballot_kind": Budget.BallotKind.KNAPSACK, "max_projects": None},
    ],
)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_cards_are_the_same_as_one_render_each(client, monkeypatch, fields, language):
    budget, projects = open_vote(projects=5, **fields)
    projects[1].title_en = projects[1].title_fr = 'Des "bancs" <b>& des</b> arbres'
    projects[1].save()
    ProjectFactory(budget=budget, status=Project.Status.CANDIDATE, title="Pas encore")
    with translation.override(language):
        detail = reverse("budgets:budget_detail", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})
        add = reverse("budgets:basket_add", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})
        points = reverse("budgets:basket_points", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})
    stamped, alone = _both_ways(client, detail, monkeypatch)  # signed out
    assert stamped == alone
    client.force_login(UserFactory())
    for project in projects[:2]:
        client.post(add, {"project": project.pk})
    if budget.ballot_kind == Budget.BallotKind.CUMULATIVE:
        client.post(points, {"project": projects[1].pk, "points": "2"})
    client.get(detail)  # the messages of the posts shown once
    stamped, alone = _both_ways(client, detail, monkeypatch)
    assert stamped == alone
    assert stamped.count('data-testid="project-actions"') == stamped.count('data-testid="project-card"') >= 5
    assert "Des &quot;bancs&quot; &lt;b&gt;&amp; des&lt;/b&gt; arbres" in stamped
    assert str(vote_tags.STAND_IN_PK) not in stamped and vote_tags.STAND_IN_TITLE not in stamped
    # The page's address holds the stand-in's digits: every card rendered on its own, the same page.
    stamped, alone = _both_ways(client, f"{detail}?q={vote_tags.STAND_IN_PK}", monkeypatch)
    assert stamped == alone
