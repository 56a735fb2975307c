"""Races on PostgreSQL (skipped on SQLite, which serialises writers anyway): double clicks, two tabs, two devices,
and changes racing the close."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from apps.budgets.models import Ballot, BallotItem, BasketItem, Budget, Participation
from apps.budgets.services import ballot_confirm, basket_add, vote_close
from apps.spaces.models import Process, ProcessRole
from apps.spaces.phases import PhaseKind
from tests.budgets.conftest import open_vote
from tests.factories import PhaseFactory, ProcessRoleFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                call()
            outcomes[index] = "ok"
        except PermissionDenied as refusal:
            outcomes[index] = str(refusal)
        except ValidationError as refusal:
            outcomes[index] = " ".join(refusal.messages)
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def fresh_budget(budget):
    return Budget.objects.get(pk=budget.pk)


def test_two_tabs_adding_past_the_maximum_keep_the_limit():
    budget, projects = open_vote(projects=6, max_projects=3)
    voter = UserFactory()
    outcomes = race(
        [lambda p=p: basket_add(voter=fresh(voter), budget=fresh_budget(budget), project_id=p.pk) for p in projects]
    )
    assert outcomes.count("ok") == 3, outcomes
    assert set(outcomes) == {"ok", "You can choose at most 3 projects."}, outcomes
    assert BasketItem.objects.filter(ballot__voter=voter).count() == 3
    assert Ballot.objects.filter(voter=voter).count() == 1


def test_knapsack_devices_racing_for_the_last_euros():
    budget, projects = open_vote(projects=4, cost=40000, ballot_kind="knapsack", max_projects=None)
    voter = UserFactory()
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    outcomes = race(
        [lambda p=p: basket_add(voter=fresh(voter), budget=fresh_budget(budget), project_id=p.pk) for p in projects[1:]]
    )
    assert outcomes.count("ok") == 1, outcomes
    spent = sum(item.project.cost for item in BasketItem.objects.filter(ballot__voter=voter).select_related("project"))
    assert spent == 80000


def test_double_click_on_confirm_stores_one_ballot_one_register_entry_one_code():
    budget, projects = open_vote()
    voter = UserFactory()
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    outcomes = race([lambda: ballot_confirm(voter=fresh(voter), budget=fresh_budget(budget)) for _ in range(4)])
    assert outcomes == ["ok"] * 4, outcomes
    assert Ballot.objects.filter(voter=voter).count() == 1
    assert Participation.objects.filter(user=voter).count() == 1
    ballot = Ballot.objects.get(voter=voter)
    assert ballot.receipt_code and ballot.changes == 0
    assert BallotItem.objects.filter(ballot=ballot).count() == 1


def test_confirmations_racing_the_close_are_before_it_or_refused():
    budget, projects = open_vote(projects=3)
    process = budget.process
    voting = process.phases.get()
    PhaseFactory(
        process=process,
        kind=PhaseKind.RESULTS,
        start_date=voting.end_date + timedelta(days=1),
        end_date=voting.end_date + timedelta(days=2),
    )
    admin = UserFactory()
    ProcessRoleFactory(process=process, user=admin, role=ProcessRole.Role.ADMIN)
    voters = UserFactory.create_batch(8)
    for voter in voters:
        basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    calls = [lambda v=v: ballot_confirm(voter=fresh(v), budget=fresh_budget(budget)) for v in voters]
    calls.append(lambda: vote_close(process=Process.objects.get(pk=process.pk), actor=fresh(admin)))
    outcomes = race(calls)
    assert outcomes[-1] == "ok", outcomes
    confirmed = [o for o in outcomes[:-1] if o == "ok"]
    refused = [o for o in outcomes[:-1] if o != "ok"]
    assert all(o.startswith("Voting closed on ") or o == "Voting is not open in the current phase." for o in refused)
    # Every confirmation the services accepted is stored, and no other.
    assert Ballot.objects.filter(budget=budget, confirmed_at__isnull=False).count() == len(confirmed)
    assert Participation.objects.filter(budget=budget).count() == len(confirmed)
    # After the close nothing more is accepted.
    late = race([lambda: ballot_confirm(voter=fresh(voters[0]), budget=fresh_budget(budget))])
    assert late[0] != "ok"


def test_one_budget_processes_two_budgets_at_once():
    first, projects = open_vote(projects=1)
    from apps.budgets.models import VoterScope
    from tests.factories import BudgetFactory, ProjectFactory

    settings = first.process.voting_settings
    settings.voter_scope = VoterScope.ONE_BUDGET
    settings.save()
    second = BudgetFactory(process=first.process)
    other = ProjectFactory(budget=second)
    voter = UserFactory()
    basket_add(voter=voter, budget=first, project_id=projects[0].pk)
    basket_add(voter=voter, budget=second, project_id=other.pk)
    outcomes = race(
        [
            lambda: ballot_confirm(voter=fresh(voter), budget=fresh_budget(first)),
            lambda: ballot_confirm(voter=fresh(voter), budget=fresh_budget(second)),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert Participation.objects.filter(user=voter).count() == 1


def test_a_confirmation_that_waited_for_the_close_of_a_vote_begun_today_is_refused():
    """A vote that began today closes by pinning the next phase (the process row, not the phases): a confirmation
    that was waiting for the process lock reads the row after it, and sees the vote closed."""
    import time

    from django.db import transaction
    from django.utils import timezone

    from tests.factories import ProcessFactory

    today = timezone.localdate()
    process = ProcessFactory()
    PhaseFactory(process=process, kind=PhaseKind.VOTING, start_date=today, end_date=today + timedelta(days=10))
    PhaseFactory(
        process=process,
        kind=PhaseKind.RESULTS,
        start_date=today + timedelta(days=11),
        end_date=today + timedelta(days=30),
    )
    budget, projects = open_vote(projects=1, process=process)
    admin = UserFactory()
    ProcessRoleFactory(process=process, user=admin, role=ProcessRole.Role.ADMIN)
    voter = UserFactory()
    basket_add(voter=voter, budget=budget, project_id=projects[0].pk)
    closed, release, outcome = threading.Event(), threading.Event(), []

    def close():
        try:
            with transaction.atomic():
                vote_close(process=Process.objects.get(pk=process.pk), actor=fresh(admin))
                closed.set()
                release.wait(timeout=10)  # the process row stays locked, the pinned phase not yet committed
        finally:
            connection.close()

    def confirm():
        try:
            with translation.override("en"):
                ballot_confirm(voter=fresh(voter), budget=fresh_budget(budget))
            outcome.append("ok")
        except (PermissionDenied, ValidationError) as refusal:
            outcome.append(" ".join(getattr(refusal, "messages", [str(refusal)])))
        finally:
            connection.close()

    closer = threading.Thread(target=close)
    closer.start()
    assert closed.wait(timeout=10)
    confirmer = threading.Thread(target=confirm)
    confirmer.start()
    time.sleep(0.5)  # the confirmation has read what it reads before the lock, and waits for the process row
    release.set()
    closer.join(timeout=30)
    confirmer.join(timeout=30)
    assert outcome == ["Voting is not open in the current phase."], outcome
    assert not Participation.objects.filter(budget=budget).exists()
