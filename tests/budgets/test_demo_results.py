"""seed_demo's past process: last year's vote, closed, counted with Equal Shares, its results published."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from apps.budgets.counting import count_budget, receipt_voter_id
from apps.budgets.demo_results import PAST_SLUG, VOTER_RECEIPT
from apps.budgets.models import Ballot, Budget, Channel, Participation, Project, ResultPublication
from apps.core.models import AuditEntry
from apps.spaces.phases import PhaseKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_past_vote_is_closed_counted_and_published_through_the_service(demo, client):
    budget = Budget.objects.get(process__slug=PAST_SLUG)
    assert budget.process.active_phase.kind == PhaseKind.RESULTS
    publication = ResultPublication.objects.get(budget=budget)
    assert publication.rule == budget.counting_rule == "mes"
    # The published winners are what the rule gives on the stored ballots, and the projects moved accordingly.
    assert publication.outcome["winners"] == count_budget(budget).winners
    winners = set(publication.outcome["winners"])
    for project in Project.objects.filter(budget=budget):
        expected = Project.Status.WINNER if project.external_id in winners else Project.Status.NOT_WINNER
        assert project.status == expected, project.title_fr
    assert 0 < Decimal(publication.outcome["spent"]) <= 60000
    # Published when the results phase opened, after the vote: not on the day the demo was built.
    vote = budget.process.phases.get(kind=PhaseKind.VOTING)
    assert vote.end_date < timezone.localtime(publication.published_at).date() < timezone.localdate()
    assert AuditEntry.objects.filter(action="budgets.results_publish").exists()

    # Every channel voted, with one register line per ballot.
    channels = set(Ballot.objects.filter(budget=budget).values_list("channel", flat=True))
    assert channels == {Channel.ONLINE, Channel.ASSISTED, Channel.PAPER}
    assert Participation.objects.filter(budget=budget).count() == Ballot.objects.filter(budget=budget).count()
    # The demo voter voted last year: her printed receipt code is on her ballot.
    assert Ballot.objects.get(budget=budget, receipt_code=VOTER_RECEIPT).voter.email.startswith("votante@")
    assert VOTER_RECEIPT in demo

    # The public results page shows the winners and the chart.
    winner = Project.objects.filter(budget=budget, status=Project.Status.WINNER).first()
    with translation.override("en"):
        url = reverse("budgets:results", args=[budget.process.slug, budget.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert winner.title_en in page or winner.title_fr in page
    assert "<svg" in page

    # The demo voter's printed code finds her ballot's line in the published file.
    with translation.override("en"):
        check = reverse("budgets:receipt_check", args=[budget.process.slug])
    response = client.post(check, {"code": VOTER_RECEIPT}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert receipt_voter_id(VOTER_RECEIPT) in response.content.decode()

    # Seeding again changes nothing: one publication, the same ballots.
    ballots = Ballot.objects.filter(budget=budget).count()
    call_command("seed_demo", stdout=StringIO())
    assert ResultPublication.objects.filter(budget=budget).count() == 1
    assert Ballot.objects.filter(budget=budget).count() == ballots
