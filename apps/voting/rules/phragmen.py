"""Sequential Phragmén for approval ballots, exactly as pabutools' ``sequential_phragmen`` (its oracle).

Voters earn money continuously from 0; as soon as the supporters of a project can buy it, it is bought and its
supporters' loads are set to the new maximum load. The count stops at the first project bought that would break the
budget. Ties go to the smaller project id (as strings). Exact arithmetic (fractions).
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from itertools import chain

from .profile import APPROVAL, CHOOSE_1, Outcome, Profile, outcome

# Relative tolerance under which two float loads are compared again exactly.
TOLERANCE = 1e-9


def phragmen(profile: Profile, *, engine: str = "auto") -> Outcome:
    if profile.vote_type not in (APPROVAL, CHOOSE_1):
        raise ValueError("sequential Phragmén counts approval ballots only")
    if engine == "exact":
        return outcome(profile, "phragmen", _phragmen_exact(profile))
    try:
        import numpy  # noqa: F401
    except ImportError:  # pragma: no cover - numpy is a dependency
        return outcome(profile, "phragmen", _phragmen_exact(profile))
    return outcome(profile, "phragmen", _phragmen_fast(profile))


def _phragmen_fast(profile: Profile) -> list[str]:
    """Floats for the loads, near-ties settled in rationals.

    Each step computes every project's time ``(cost + sum of its supporters' loads) / score`` from the groups' float
    loads (one weighted count over the flat supporter list). A project alone at the front is bought at once; a
    near-tie is settled exactly: each bought project's exact load is derived on demand from how much load each earlier
    purchase left on its supporters (kept at each purchase), so rationals are only made where a tie needs them."""
    import numpy as np

    ids = list(profile.projects)
    index = {pid: j for j, pid in enumerate(ids)}
    budget = profile.budget
    n_projects = len(ids)
    ballots = list(profile.ballots)
    counts = list(profile.ballots.values())
    n_groups = len(ballots)
    mult = np.array(counts, dtype=np.float64)
    lengths = np.fromiter(map(len, ballots), dtype=np.int64, count=n_groups)
    flat_p = np.fromiter(
        map(index.__getitem__, chain.from_iterable(ballots)), dtype=np.int64, count=int(lengths.sum())
    )
    flat_g = np.repeat(np.arange(n_groups, dtype=np.int64), lengths)
    score = np.bincount(flat_p, weights=mult[flat_g], minlength=n_projects)
    score_int = [int(round(x)) for x in score.tolist()]
    # Each project's supporting groups, in one array cut by bounds.
    # (a stable sort of small integers is a radix sort)
    order = np.argsort(flat_p.astype(np.int16) if n_projects < 2**15 else flat_p, kind="stable")
    sup_all = flat_g[order]
    bounds = np.concatenate(([0], np.cumsum(np.bincount(flat_p, minlength=n_projects)))).tolist()
    cost = [profile.projects[pid].cost for pid in ids]
    cost_f = np.array([float(c) for c in cost])
    remaining = np.array([c <= budget for c in cost], dtype=bool)
    safe_score = np.where(score > 0, score, 1.0)
    load = np.zeros(n_groups)  # float load of each group
    group_class = np.full(n_groups, -1, dtype=np.int64)  # the bought project that set the load (-1: none yet)
    # Each bought project's supporters' classes just before it was bought: its exact load is made from them.
    before: dict[int, np.ndarray] = {}
    exact_load: dict[int, Fraction] = {-1: Fraction(0)}
    spent = 0
    winners: list[str] = []

    def load_of(c: int) -> Fraction:
        if c not in exact_load:
            parts = composition(c, before[c])
            for k, _n in parts:  # earlier classes first
                load_of(k)
            exact_load[c] = Fraction(cost[c] + sum(n * exact_load[k] for k, n in parts), score_int[c])
        return exact_load[c]

    def composition(j: int, classes) -> list[tuple[int, int]]:
        """[(class, voters)] of project j's supporters, their classes being ``classes``."""
        sup = sup_all[bounds[j] : bounds[j + 1]]
        weights = np.bincount(classes + 1, weights=mult[sup], minlength=n_projects + 1)
        found = np.flatnonzero(weights)
        return [(k - 1, int(round(w))) for k, w in zip(found.tolist(), weights[found].tolist(), strict=True)]

    def exact_value(j: int):
        if score_int[j] == 0:
            return float("inf")
        sup = sup_all[bounds[j] : bounds[j + 1]]
        parts = composition(j, group_class[sup])
        return Fraction(cost[j] + sum(n * load_of(k) for k, n in parts if k != -1), score_int[j])

    with np.errstate(divide="ignore", invalid="ignore"):
        while remaining.any():
            load_sum = np.bincount(flat_p, weights=(mult * load)[flat_g], minlength=n_projects)
            values = np.where(score > 0, (load_sum + cost_f) / safe_score, np.inf)
            values[~remaining] = np.inf
            candidates = np.flatnonzero(remaining)
            best_f = values[candidates].min()
            if np.isinf(best_f):
                near = candidates[np.isinf(values[candidates])].tolist()
                exact = dict.fromkeys(near, float("inf"))
            else:
                near = candidates[values[candidates] <= best_f * (1 + TOLERANCE)].tolist()
                exact = {near[0]: best_f} if len(near) == 1 else {j: exact_value(j) for j in near}
            best = min(exact.values())
            tied = [j for j in near if exact[j] == best]
            if any(spent + cost[j] > budget for j in tied):
                break
            chosen = min(tied, key=ids.__getitem__)
            winners.append(ids[chosen])
            remaining[chosen] = False
            spent += cost[chosen]
            if score_int[chosen] == 0:
                continue
            sup = sup_all[bounds[chosen] : bounds[chosen + 1]]
            before[chosen] = group_class[sup]
            load[sup] = float(best) if not isinstance(best, float) else best
            group_class[sup] = chosen
    return winners


def _phragmen_exact(profile: Profile) -> list[str]:
    budget = profile.budget
    ballots = list(profile.ballots.items())
    score = dict.fromkeys(profile.projects, 0)
    supporters: dict[str, list[int]] = {pid: [] for pid in profile.projects}
    for g, (ballot, n) in enumerate(ballots):
        for pid in ballot:
            score[pid] += n
            supporters[pid].append(g)
    remaining = {pid for pid, p in profile.projects.items() if p.cost <= budget}
    # Loads: each group's load is that of the last selected project it supports (class) or 0 (class None).
    load_of_class: dict[object, Fraction] = {None: Fraction(0)}
    group_class: list[object] = [None] * len(ballots)
    # load_sum[pid] = sum over its supporters of multiplicity * load, kept up to date.
    load_sum: dict[str, Fraction] = dict.fromkeys(profile.projects, Fraction(0))
    spent = 0
    winners: list[str] = []
    while remaining:
        best = None
        tied: list[str] = []
        for pid in remaining:
            if score[pid] == 0:
                value = float("inf")
            else:
                value = (load_sum[pid] + profile.projects[pid].cost) / score[pid]
            if best is None or value < best:
                best, tied = value, [pid]
            elif value == best:
                tied.append(pid)
        if any(spent + profile.projects[pid].cost > budget for pid in tied):
            break
        chosen = min(tied)
        winners.append(chosen)
        remaining.discard(chosen)
        spent += profile.projects[chosen].cost
        if score[chosen] == 0:
            continue
        load_of_class[chosen] = best
        moved: dict[tuple[str, object], int] = defaultdict(int)
        for g in supporters[chosen]:
            ballot, n = ballots[g]
            old = group_class[g]
            group_class[g] = chosen
            for pid in ballot:
                moved[(pid, old)] += n
        for (pid, old), n in moved.items():
            load_sum[pid] += n * (best - load_of_class[old])
    return winners
