"""Helpers of the feasibility review tests (their fixtures `team` and `english` are in conftest.py)."""

from tests.factories import ProcessRoleFactory


def staff(process, role):
    return ProcessRoleFactory(process=process, role=role).user


def feasible(cost="12000", **extra):
    return {"verdict": "feasible", "estimated_cost": cost, "cost_explanation": "Quote", "duration_months": 3, **extra}
