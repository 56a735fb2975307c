import pytest

from apps.spaces.phases import PhaseKind
from tests.factories import BudgetFactory, PhaseFactory, ProcessFactory, ProjectFactory, UserFactory


def open_vote(*, projects=4, cost=10000, process=None, **budget_fields):
    """A published process whose active phase is the vote, one budget (approval of at most 3 by default, €100,000)
    and `projects` projects selected for the vote, each costing `cost`. Returns (budget, projects)."""
    if process is None:
        process = ProcessFactory()
        PhaseFactory(process=process, kind=PhaseKind.VOTING)
    budget = BudgetFactory(process=process, **budget_fields)
    return budget, ProjectFactory.create_batch(projects, budget=budget, cost=cost)


@pytest.fixture
def vote():
    return open_vote


@pytest.fixture
def voter(db):
    return UserFactory()
