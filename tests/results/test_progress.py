"""The roll-up of a parent's progress, in plain Python (apps/results/progress.py)."""

from decimal import Decimal

from apps.results.models import Rollup
from apps.results.progress import rolled_up


def test_weighted_by_cost():
    # 100 % of a 30,000 € piece and 0 % of a 10,000 € one: three quarters done.
    assert rolled_up([(100, 30000), (0, 10000)], Rollup.COST) == Decimal("75.00")


def test_average():
    assert rolled_up([(100, 30000), (0, 10000)], Rollup.AVERAGE) == Decimal("50.00")


def test_weighted_without_any_cost_is_the_average():
    assert rolled_up([(60, None), (30, 0)], Rollup.COST) == Decimal("45.00")


def test_a_child_without_cost_weighs_nothing_when_others_have_one():
    assert rolled_up([(100, None), (20, 5000)], Rollup.COST) == Decimal("20.00")


def test_no_children_is_zero_and_the_value_is_rounded():
    assert rolled_up([], Rollup.AVERAGE) == 0
    assert rolled_up([(10, None), (10, None), (11, None)], Rollup.AVERAGE) == Decimal("10.33")
