"""How a parent result's progress follows its children's (and the process's overall progress its results'): plain
Python, so that it is tested alone. Decidim weighs the children by their weight, or averages them; here the weight
is the cost (set per process in ResultsSettings.rollup)."""

from decimal import ROUND_HALF_UP, Decimal

from .models import Rollup

HUNDREDTH = Decimal("0.01")


def _number(value):
    return Decimal(value) if value is not None else Decimal(0)


def rolled_up(rows, mode):
    """The progress (a Decimal, 0-100, to the hundredth) of a group of `rows`: (progress, cost) pairs.

    COST: each row weighs its cost; rows without a cost weigh nothing; when no row has a cost, the plain average.
    AVERAGE: the plain average. No rows: 0.
    """
    rows = [(_number(progress), _number(cost)) for progress, cost in rows]
    if not rows:
        return Decimal(0)
    total_cost = sum(cost for _progress, cost in rows)
    if mode == Rollup.COST and total_cost > 0:
        value = sum(progress * cost for progress, cost in rows) / total_cost
    else:
        value = sum(progress for progress, _cost in rows) / len(rows)
    return min(Decimal(100), max(Decimal(0), value)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
