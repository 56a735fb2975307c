"""The four ballot rules, at their limits (plain checks: no database)."""

from decimal import Decimal

import pytest
from django.utils import translation

from apps.budgets.ballot_rules import (
    Choice,
    completeness_errors,
    refusal_to_add,
    refusal_to_set_points,
    summary,
)
from apps.budgets.models import Budget

Kind = Budget.BallotKind


def budget(**fields):
    defaults = {"total_amount": Decimal("100000"), "ballot_kind": Kind.APPROVAL, "max_projects": 3}
    return Budget(**{**defaults, **fields})


def picks(*costs, points=None, ranks=None):
    return [
        Choice(
            project_id=index + 1,
            cost=Decimal(cost),
            points=points[index] if points else 1,
            rank=ranks[index] if ranks else None,
        )
        for index, cost in enumerate(costs)
    ]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# -- approval --------------------------------------------------------------------------------------------------


def test_approval_accepts_up_to_the_maximum_and_refuses_one_more():
    rule = budget(max_projects=3)
    assert refusal_to_add(rule, picks(1, 1), Choice(project_id=9, cost=Decimal(1))) is None
    assert refusal_to_add(rule, picks(1, 1, 1), Choice(project_id=9, cost=Decimal(1))) == (
        "You can choose at most 3 projects."
    )
    assert completeness_errors(rule, picks(1, 1, 1)) == []
    assert completeness_errors(rule, picks(1, 1, 1, 1)) == ["You can choose at most 3 projects."]


def test_approval_minimum():
    rule = budget(min_projects=2, max_projects=3)
    assert completeness_errors(rule, picks(1)) == ["Choose at least 2 projects."]
    assert completeness_errors(rule, picks(1, 1)) == []


def test_an_empty_ballot_is_refused():
    assert completeness_errors(budget(), []) == ["Your ballot is empty: choose at least one project."]


def test_approval_ignores_costs_even_over_the_amount():
    assert completeness_errors(budget(max_projects=3), picks(90000, 90000)) == []


def test_a_project_twice_is_refused_when_adding_and_when_confirming():
    rule = budget()
    assert refusal_to_add(rule, picks(1), Choice(project_id=1, cost=Decimal(1))) == (
        "This project is already in your ballot."
    )
    twice = [Choice(project_id=1, cost=Decimal(1)), Choice(project_id=1, cost=Decimal(1))]
    assert "A project appears twice in the ballot." in completeness_errors(rule, twice)


# -- knapsack --------------------------------------------------------------------------------------------------


def knapsack(**fields):
    return budget(ballot_kind=Kind.KNAPSACK, max_projects=None, **fields)


def test_knapsack_exactly_at_the_budget_is_accepted():
    rule = knapsack()
    assert refusal_to_add(rule, picks(60000), Choice(project_id=9, cost=Decimal(40000))) is None
    assert completeness_errors(rule, picks(60000, 40000)) == []


def test_knapsack_one_unit_over_is_refused_with_the_money_left():
    rule = knapsack()
    reason = refusal_to_add(rule, picks(60000), Choice(project_id=9, cost=Decimal("40000.01")))
    assert reason == "This project costs 40,000.01 € and only 40,000 € are left in your budget."
    assert completeness_errors(rule, picks(60000, "40000.01")) == [
        "Your choice costs 100,000.01 €, more than the budget of 100,000 €."
    ]


def test_knapsack_minimum_share_to_spend():
    rule = knapsack(min_spend_percent=50)
    assert completeness_errors(rule, picks(49999)) == [
        "Your choice must spend at least 50,000 € (50 % of the budget); it spends 49,999 €."
    ]
    assert completeness_errors(rule, picks(50000)) == []


def test_knapsack_minimum_number_of_projects():
    assert completeness_errors(knapsack(min_projects=2), picks(100)) == ["Choose at least 2 projects."]


def test_the_meter_of_a_knapsack():
    meter = summary(knapsack(), picks(25000, 25000))
    assert (meter.count, meter.spent, meter.remaining, meter.percent_used) == (2, 50000, 50000, 50)


def test_amounts_are_written_in_french():
    with translation.override("fr"):
        reason = refusal_to_add(knapsack(), picks(99000), Choice(project_id=9, cost=Decimal(2000)))
    assert "2\u202f000\u00a0€" in reason or "2 000 €" in reason or "2\xa0000 €" in reason, reason


# -- cumulative ------------------------------------------------------------------------------------------------


def cumulative(**fields):
    return budget(ballot_kind=Kind.CUMULATIVE, max_projects=None, points_total=10, max_points_per_project=4, **fields)


def test_cumulative_points_per_project_at_and_over_the_limit():
    rule = cumulative()
    assert refusal_to_add(rule, [], Choice(project_id=1, points=4)) is None
    assert refusal_to_add(rule, [], Choice(project_id=1, points=5)) == "A project can take at most 4 points."
    assert completeness_errors(rule, picks(0, 0, 0, points=[4, 4, 2])) == []
    assert "A project can take at most 4 points." in completeness_errors(rule, picks(0, 0, points=[5, 1]))


def test_cumulative_total_points():
    rule = cumulative()
    assert refusal_to_add(rule, picks(0, 0, points=[4, 4]), Choice(project_id=9, points=3)) == (
        "You have only 2 points left."
    )
    assert completeness_errors(rule, picks(0, 0, 0, points=[4, 4, 3])) == ["You gave 11 points; you have 10."]


def test_negative_or_zero_points_are_refused():
    rule = cumulative()
    assert refusal_to_add(rule, [], Choice(project_id=1, points=0)) == "Give at least one point."
    assert refusal_to_set_points(rule, picks(0, points=[2]), 1, -1) == "Give at least one point."
    assert "Give at least one point to each chosen project." in completeness_errors(rule, picks(0, points=[-2]))


def test_changing_points_counts_the_other_projects_only():
    rule = cumulative()
    basket = picks(0, 0, 0, points=[4, 4, 2])
    assert refusal_to_set_points(rule, basket, 3, 2) is None
    assert refusal_to_set_points(rule, basket, 3, 3) == "You have only 2 points left."


def test_points_on_an_approval_ballot_are_refused():
    assert completeness_errors(budget(), picks(1, points=[3])) == ["This ballot does not use points."]


# -- ranked ----------------------------------------------------------------------------------------------------


def ranked():
    return budget(ballot_kind=Kind.RANKED, max_projects=3)


def test_ranked_up_to_k_projects():
    rule = ranked()
    assert completeness_errors(rule, picks(1, 1, 1, ranks=[2, 1, 3])) == []
    assert refusal_to_add(rule, picks(1, 1, 1, ranks=[1, 2, 3]), Choice(project_id=9, rank=4)) == (
        "You can choose at most 3 projects."
    )


def test_a_ranking_with_repeats_or_gaps_is_refused():
    message = "Rank the chosen projects 1, 2, 3… without gaps or repeats."
    assert completeness_errors(ranked(), picks(1, 1, ranks=[1, 1])) == [message]
    assert completeness_errors(ranked(), picks(1, 1, ranks=[1, 3])) == [message]
    assert completeness_errors(ranked(), picks(1, 1, ranks=[1, None])) == [message]
