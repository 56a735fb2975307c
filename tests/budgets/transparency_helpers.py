"""Helpers of the receipt-check and recount tests: a closed vote with ballots, published through the results
service (the frozen Pabulib and CSV files)."""

from apps.budgets.models import Budget, CountingRule, Project
from tests.budgets.adm_helpers import admin_of, closed_vote_process, confirmed_ballot
from tests.factories import BudgetFactory, ProjectFactory, UserFactory

# (external id, title, cost): approvals below make greedy and Equal Shares choose differently.
PROJECTS = [
    ("p1", "Skatepark", 60),
    ("p2", "Bicycle racks", 30),
    ("p3", "Street library", 25),
    ("p4", "Trees", 20),
]
# Each group: (number of voters, projects approved).
GROUPS = [(6, ["p1", "p2"]), (4, ["p3", "p4"]), (2, ["p2", "p4"]), (1, ["p1"])]


def closed_election(*, ballot_kind=Budget.BallotKind.APPROVAL, **budget_fields):
    """A closed vote in one €100 budget; returns (budget, {external id: project}, [ballots], admin)."""
    process = closed_vote_process()
    fields = {"total_amount": 100, "max_projects": None, "title_en": "Town budget", "title_fr": "Budget de la ville"}
    fields.update(budget_fields)
    budget = BudgetFactory(process=process, ballot_kind=ballot_kind, **fields)
    projects = {
        key: ProjectFactory(
            budget=budget, external_id=key, title=title, title_en=title, cost=cost, status=Project.Status.SELECTED
        )
        for key, title, cost in PROJECTS
    }
    ballots = []
    for voters, keys in GROUPS:
        for _ in range(voters):
            ballots.append(
                confirmed_ballot(
                    budget,
                    [projects[key] for key in keys],
                    voter=UserFactory(display_name="Secret Voter Name"),
                    ranked=ballot_kind == Budget.BallotKind.RANKED,
                )
            )
    return budget, projects, ballots, admin_of(process)


def publish(budget, admin, rule=CountingRule.GREEDY, **kwargs):
    from apps.budgets.results_services import results_publish

    return results_publish(budget=budget, rule=rule, actor=admin, **kwargs)
