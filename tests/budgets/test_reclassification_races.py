"""Reclassification racing the voters and the close, on PostgreSQL (skipped on SQLite, which serialises writers):
whatever the order, no confirmed ballot or basket keeps a project that left the ballot, and a frozen ballot is
never changed."""

from datetime import timedelta

import pytest

from apps.budgets import project_services
from apps.budgets.models import Ballot, BallotItem, BasketItem, Project
from apps.budgets.services import ballot_confirm, basket_add, vote_close
from apps.spaces.models import Process
from apps.spaces.phases import PhaseKind
from tests.budgets.adm_helpers import (
    admin_of,
    registered_projects,  # noqa: F401 (a fixture, used below)
)
from tests.budgets.conftest import open_vote
from tests.budgets.test_vote_races import fresh, fresh_budget, race
from tests.factories import PhaseFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("registered_projects"),
]

NO_LONGER = "A project of your ballot is no longer on the ballot; remove it and confirm again."


def fresh_project(project):
    return Project.objects.get(pk=project.pk)


def test_unselecting_while_voters_confirm_leaves_no_ballot_holding_the_project():
    budget, (gone, kept, _third, _fourth) = open_vote(projects=4)
    admin = admin_of(budget.process)
    voters = [UserFactory() for _ in range(6)]
    for voter in voters:
        basket_add(voter=voter, budget=budget, project_id=gone.pk)
        basket_add(voter=voter, budget=budget, project_id=kept.pk)
    # Half of them had already confirmed once: their confirmed ballot holds it too.
    for voter in voters[:3]:
        ballot_confirm(voter=voter, budget=budget)

    outcomes = race(
        [
            lambda: project_services.project_status_set(
                project=fresh_project(gone), to=Project.Status.CANDIDATE, actor=fresh(admin)
            ),
            *(lambda v=v: ballot_confirm(voter=fresh(v), budget=fresh_budget(budget)) for v in voters),
        ]
    )

    assert outcomes[0] == "ok", outcomes
    assert set(outcomes[1:]) <= {"ok", NO_LONGER}, outcomes
    assert Project.objects.get(pk=gone.pk).status == Project.Status.CANDIDATE
    assert not BallotItem.objects.filter(project=gone).exists()
    assert not BasketItem.objects.filter(project=gone).exists()
    # Every confirmed ballot still holds the other project.
    for ballot in Ballot.objects.filter(budget=budget, confirmed_at__isnull=False):
        assert list(ballot.items.values_list("project_id", flat=True)) == [kept.pk]


def test_unselecting_racing_the_close_either_fixes_the_ballots_or_finds_them_frozen():
    budget, (gone, kept, *_rest) = open_vote(projects=3)
    process = budget.process
    vote_ends = process.phases.get().end_date
    PhaseFactory(
        process=process,
        kind=PhaseKind.RESULTS,
        start_date=vote_ends + timedelta(days=1),
        end_date=vote_ends + timedelta(days=30),
    )
    admin = admin_of(process)
    voter = UserFactory()
    basket_add(voter=voter, budget=budget, project_id=gone.pk)
    basket_add(voter=voter, budget=budget, project_id=kept.pk)
    ballot_confirm(voter=voter, budget=budget)

    outcomes = race(
        [
            lambda: project_services.project_status_set(
                project=fresh_project(gone), to=Project.Status.CANDIDATE, actor=fresh(admin)
            ),
            lambda: vote_close(process=Process.objects.get(pk=process.pk), actor=fresh(admin)),
        ]
    )

    assert outcomes[1] == "ok", outcomes
    items = set(BallotItem.objects.filter(ballot__voter=voter).values_list("project_id", flat=True))
    if outcomes[0] == "ok":
        assert items == {kept.pk}
        assert Project.objects.get(pk=gone.pk).status == Project.Status.CANDIDATE
    else:
        assert "frozen" in outcomes[0], outcomes
        assert items == {gone.pk, kept.pk}
        assert Project.objects.get(pk=gone.pk).status == Project.Status.SELECTED
