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
    return rolled_up_sums(
        count=len(rows),
        progress=sum(progress for progress, _cost in rows),
        cost=sum(cost for _progress, cost in rows),
        weighted=sum(progress * cost for progress, cost in rows),
        mode=mode,
    )


def rolled_up_sums(*, count, progress, cost, weighted, mode):
    """rolled_up() from the sums of its rows (the database's, for many rows): how many, their progress, their
    costs and their progress x cost (None for a sum of no value: 0)."""
    if not count:
        return Decimal(0)
    total_cost = _number(cost)
    if mode == Rollup.COST and total_cost > 0:
        value = _number(weighted) / total_cost
    else:
        value = _number(progress) / count
    return min(Decimal(100), max(Decimal(0), value)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
