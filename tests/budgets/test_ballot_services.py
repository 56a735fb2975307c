"""The online vote through its services: the basket, the confirmation, the receipt, changes; refusals leave the
stored ballot as it was."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from apps.budgets.models import Ballot, BallotItem, BasketItem, Channel, Participation, Project
from apps.budgets.services import (
    ballot_confirm,
    basket_add,
    basket_move,
    basket_rank,
    basket_remove,
    basket_set_points,
    vote_close,
)
from apps.core.models import AuditEntry
from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.budgets.conftest import open_vote
from tests.factories import BudgetFactory, PhaseFactory, ProcessRoleFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def commit_callbacks(django_capture_on_commit_callbacks, monkeypatch):
    """Run what the services queue after the commit (the receipt e-mail) when each call returns."""
    import apps.budgets.services as services

    original = services.ballot_confirm

    def confirm(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(**kwargs)

    monkeypatch.setitem(globals(), "ballot_confirm", confirm)


def refusal(call):
    with pytest.raises((ValidationError, PermissionDenied)) as caught:
        call()
    error = caught.value
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def basket_ids(voter, budget):
    return sorted(
        BasketItem.objects.filter(ballot__voter=voter, ballot__budget=budget).values_list("project_id", flat=True)
    )


def ballot_ids(voter, budget):
    return sorted(
        BallotItem.objects.filter(ballot__voter=voter, ballot__budget=budget).values_list("project_id", flat=True)
    )


def test_a_receipt_code_already_given_is_refused_by_the_column_and_the_confirmation_runs_again(voter, monkeypatch):
    import apps.budgets.services as services

    budget, projects = open_vote()
    first = UserFactory()
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    Ballot.objects.create(budget=BudgetFactory(process=budget.process), voter=first, receipt_code="TAKE-NTAK-ENXX",
                          confirmed_at=timezone.now())
    codes = iter(["TAKE-NTAK-ENXX", "FRES-HFRE-SHXX"])
    monkeypatch.setattr(services, "new_receipt_code", lambda: next(codes))
    ballot = ballot_confirm(voter=voter, budget=budget)
    assert ballot.receipt_code == "FRES-HFRE-SHXX"
    assert Participation.objects.filter(budget=budget, user=voter).count() == 1  # the first try left nothing
    assert AuditEntry.objects.filter(action="budgets.ballot_confirm").count() == 1
    assert ballot_ids(voter, budget) == [projects[0].pk] and len(mail.outbox) == 1


def test_fill_confirm_and_receive_a_receipt(voter):
    budget, projects = open_vote()
    for project in projects[:3]:
        basket_add(voter=voter, budget=budget, project_id=project.pk)
    ballot = ballot_confirm(voter=voter, budget=budget)
    assert ballot.confirmed_at and len(ballot.receipt_code) == 14
    assert ballot_ids(voter, budget) == sorted(p.pk for p in projects[:3])
    participation = Participation.objects.get(budget=budget, user=voter)
    assert participation.channel == Channel.ONLINE and participation.ballot == ballot
    assert AuditEntry.objects.filter(action="budgets.ballot_confirm").count() == 1
    assert len(mail.outbox) == 1 and ballot.receipt_code in mail.outbox[0].body
    # The audit never holds the choice.
    assert all(
        str(p.pk) not in str(AuditEntry.objects.get(action="budgets.ballot_confirm").data.get("items", ""))
        for p in projects
    )


def test_the_fourth_project_of_an_approval_ballot_is_refused_and_nothing_changes(voter):
    budget, projects = open_vote()
    for project in projects[:3]:
        basket_add(voter=voter, budget=budget, project_id=project.pk)
    assert refusal(lambda: basket_add(voter=voter, budget=budget, project_id=projects[3].pk)) == (
        "You can choose at most 3 projects."
    )
    assert basket_ids(voter, budget) == sorted(p.pk for p in projects[:3])


def test_knapsack_refuses_the_project_that_does_not_fit(voter):
    budget, projects = open_vote(ballot_kind="knapsack", max_projects=None, cost=40000)
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    basket_add(voter=voter, budget=budget, project_id=projects[1].pk)
    assert "only 20,000 € are left" in refusal(
        lambda: basket_add(voter=voter, budget=budget, project_id=projects[2].pk)
    )
    basket_remove(voter=voter, budget=budget, project_id=projects[1].pk)
    basket_add(voter=voter, budget=budget, project_id=projects[2].pk)
    assert basket_ids(voter, budget) == sorted([projects[0].pk, projects[2].pk])


@pytest.mark.parametrize(
    "project_id",
    ["abc", None, "-1", "999999", "1 OR 1=1"],
)
def test_tampered_project_ids_are_refused(voter, project_id):
    budget, _projects = open_vote()
    assert refusal(lambda: basket_add(voter=voter, budget=budget, project_id=project_id)) == (
        "This project is not on the ballot of this budget."
    )
    assert not BasketItem.objects.exists()


def test_another_budgets_project_and_an_unselected_project_are_refused(voter):
    budget, _projects = open_vote()
    other = ProjectFactory(budget=BudgetFactory(process=budget.process))
    candidate = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE)
    for project in (other, candidate):
        assert refusal(lambda pk=project.pk: basket_add(voter=voter, budget=budget, project_id=pk)) == (
            "This project is not on the ballot of this budget."
        )
    assert not BasketItem.objects.exists()


def test_change_a_confirmed_ballot_keeps_the_code_and_is_audited(voter):
    budget, projects = open_vote()
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    code = ballot_confirm(voter=voter, budget=budget).receipt_code
    basket_add(voter=voter, budget=budget, project_id=projects[1].pk)
    # Until confirmed again, the confirmed ballot is untouched.
    assert ballot_ids(voter, budget) == [projects[0].pk]
    ballot = ballot_confirm(voter=voter, budget=budget)
    assert ballot.receipt_code == code and ballot.changes == 1
    assert ballot_ids(voter, budget) == sorted([projects[0].pk, projects[1].pk])
    assert AuditEntry.objects.filter(action="budgets.ballot_change").count() == 1
    assert Ballot.objects.filter(voter=voter).count() == 1
    assert Participation.objects.filter(user=voter).count() == 1
    assert "a été modifié." in mail.outbox[-1].body  # the receipt is in the voter's language (French)


def test_confirming_an_unchanged_ballot_again_records_nothing(voter):
    budget, projects = open_vote()
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    ballot_confirm(voter=voter, budget=budget)
    ballot = ballot_confirm(voter=voter, budget=budget)
    assert ballot.changes == 0 and len(mail.outbox) == 1


def test_a_final_ballot_cannot_change(voter):
    budget, projects = open_vote(ballot_is_final=True)
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    ballot_confirm(voter=voter, budget=budget)
    assert refusal(lambda: basket_add(voter=voter, budget=budget, project_id=projects[1].pk)) == (
        "Your ballot is confirmed and final: it can no longer be changed."
    )
    assert basket_ids(voter, budget) == [projects[0].pk]


def test_an_incomplete_ballot_cannot_be_confirmed(voter):
    budget, projects = open_vote(min_projects=2)
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    assert refusal(lambda: ballot_confirm(voter=voter, budget=budget)) == "Choose at least 2 projects."
    assert not Ballot.objects.filter(confirmed_at__isnull=False).exists()
    assert refusal(lambda: ballot_confirm(voter=UserFactory(), budget=budget)) == (
        "Your ballot is empty: choose at least one project."
    )


def test_cumulative_points(voter):
    budget, projects = open_vote(ballot_kind="cumulative", max_projects=None, points_total=5, max_points_per_project=3)
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk, points=3)
    assert refusal(lambda: basket_add(voter=voter, budget=budget, project_id=projects[1].pk, points=3)) == (
        "You have only 2 points left."
    )
    assert refusal(lambda: basket_add(voter=voter, budget=budget, project_id=projects[1].pk, points=-2)) == (
        "Give at least one point."
    )
    assert refusal(lambda: basket_add(voter=voter, budget=budget, project_id=projects[1].pk, points="x")) == (
        "Give a whole number of points."
    )
    basket_add(voter=voter, budget=budget, project_id=projects[1].pk, points=2)
    assert refusal(lambda: basket_set_points(voter=voter, budget=budget, project_id=projects[0].pk, points=4)) == (
        "A project can take at most 3 points."
    )
    basket_set_points(voter=voter, budget=budget, project_id=projects[0].pk, points=1)
    ballot_confirm(voter=voter, budget=budget)
    assert sorted(BallotItem.objects.values_list("points", flat=True)) == [1, 2]


def test_ranked_order_moves_and_refuses_repeats(voter):
    budget, projects = open_vote(ballot_kind="ranked", max_projects=3)
    a, b, c = projects[:3]
    for project in (a, b, c):
        basket_add(voter=voter, budget=budget, project_id=project.pk)
    basket_move(voter=voter, budget=budget, project_id=c.pk, offset=-1)
    order = list(BasketItem.objects.order_by("rank").values_list("project_id", flat=True))
    assert order == [a.pk, c.pk, b.pk]
    assert refusal(lambda: basket_rank(voter=voter, budget=budget, project_ids=[a.pk, a.pk, b.pk])) == (
        "A project appears twice in the ranking."
    )
    assert refusal(lambda: basket_rank(voter=voter, budget=budget, project_ids=[a.pk, b.pk])) == (
        "The ranking must list exactly the projects of your ballot."
    )
    basket_remove(voter=voter, budget=budget, project_id=a.pk)
    assert list(BasketItem.objects.order_by("rank").values_list("project_id", "rank")) == [(c.pk, 1), (b.pk, 2)]
    ballot_confirm(voter=voter, budget=budget)
    assert list(BallotItem.objects.order_by("rank").values_list("project_id", "rank")) == [(c.pk, 1), (b.pk, 2)]


def test_nothing_is_accepted_outside_the_voting_phase(voter):
    budget, projects = open_vote()
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    admin = UserFactory()
    ProcessRoleFactory(process=budget.process, user=admin, role=ProcessRole.Role.ADMIN)
    voting = budget.process.phases.get()
    PhaseFactory(
        process=budget.process,
        kind=PhaseKind.RESULTS,
        start_date=voting.end_date + timedelta(days=1),
        end_date=voting.end_date + timedelta(days=3),
    )
    vote_close(process=budget.process, actor=admin)
    assert refusal(lambda: ballot_confirm(voter=voter, budget=budget)).startswith("Voting closed on ")
    assert refusal(lambda: basket_add(voter=voter, budget=budget, project_id=projects[1].pk)).startswith(
        "Voting closed on "
    )
    assert not Ballot.objects.filter(confirmed_at__isnull=False).exists()
    assert AuditEntry.objects.filter(action="budgets.vote_close").exists()


def test_closing_the_vote_is_for_the_process_admin(voter):
    budget, _projects = open_vote()
    assert refusal(lambda: vote_close(process=budget.process, actor=voter)) == (
        "Only the administrators of this process can manage its budgets."
    )


def test_an_anonymous_visitor_cannot_reorder_a_ranking():
    from django.contrib.auth.models import AnonymousUser

    budget, projects = open_vote(ballot_kind="ranked", max_projects=3)
    assert refusal(lambda: basket_move(voter=AnonymousUser(), budget=budget, project_id=projects[0].pk, offset=1)) == (
        "Sign in to vote."
    )
