"""Sequential Phragmén for approval ballots, exactly as pabutools' ``sequential_phragmen`` (its oracle).

Voters earn money continuously from 0; as soon as the supporters of a project can buy it, it is bought and its
supporters' loads are set to the new maximum load. The count stops at the first project bought that would break the
budget. Ties go to the smaller project id (as strings). Exact arithmetic (fractions).
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from .profile import APPROVAL, CHOOSE_1, Outcome, Profile, outcome

# Relative tolerance under which two float loads are compared again exactly.
TOLERANCE = 1e-9
# Above this many group x project cells, the dense float matrix of the fast path is not worth its memory.
DENSE_LIMIT = 30_000_000


def phragmen(profile: Profile, *, engine: str = "auto") -> Outcome:
    if profile.vote_type not in (APPROVAL, CHOOSE_1):
        raise ValueError("sequential Phragmén counts approval ballots only")
    if engine == "exact" or len(profile.ballots) * max(len(profile.projects), 1) > DENSE_LIMIT:
        return outcome(profile, "phragmen", _phragmen_exact(profile))
    try:
        import numpy  # noqa: F401
    except ImportError:  # pragma: no cover - numpy is a dependency
        return outcome(profile, "phragmen", _phragmen_exact(profile))
    return outcome(profile, "phragmen", _phragmen_fast(profile))


def _phragmen_fast(profile: Profile) -> list[str]:
    """Floats for the loads, with every near-tie and every load kept settled in rationals."""
    import numpy as np

    ids = list(profile.projects)
    index = {pid: j for j, pid in enumerate(ids)}
    budget = profile.budget
    ballots = list(profile.ballots.items())
    n_groups, n_projects = len(ballots), len(ids)
    mult = np.array([n for _, n in ballots], dtype=np.float64)
    matrix = np.zeros((n_groups, n_projects), dtype=np.float64)
    for g, (ballot, _) in enumerate(ballots):
        matrix[g, [index[pid] for pid in ballot]] = 1.0
    scores_f = mult @ matrix
    score = [int(round(x)) for x in scores_f.tolist()]
    supporters = [np.flatnonzero(matrix[:, j]) for j in range(n_projects)]
    cost = [profile.projects[pid].cost for pid in ids]
    cost_f = np.array([float(c) for c in cost])
    remaining = np.array([c <= budget for c in cost], dtype=bool)
    load = np.zeros(n_groups)  # float load of each group
    group_class = np.full(n_groups, -1, dtype=np.int64)  # the selected project that set the load (-1: none yet)
    class_load: dict[int, Fraction] = {-1: Fraction(0)}
    load_sum = np.zeros(n_projects)  # sum over supporters of multiplicity x load, per project
    spent = 0
    winners: list[str] = []

    def exact_value(j: int):
        if score[j] == 0:
            return float("inf")
        sup = supporters[j]
        classes = group_class[sup]
        total = Fraction(0)
        for c in np.unique(classes).tolist():
            if c != -1:
                total += int(round(float(mult[sup][classes == c].sum()))) * class_load[c]
        return (total + cost[j]) / score[j]

    with np.errstate(divide="ignore"):
        while remaining.any():
            values = np.where(scores_f > 0, (load_sum + cost_f) / np.where(scores_f > 0, scores_f, 1.0), np.inf)
            values[~remaining] = np.inf
            candidates = np.flatnonzero(remaining)
            best_f = values[candidates].min()
            if np.isinf(best_f):
                near = candidates[np.isinf(values[candidates])].tolist()
                exact = dict.fromkeys(near, float("inf"))
            else:
                near = candidates[values[candidates] <= best_f * (1 + TOLERANCE)].tolist()
                exact = {j: exact_value(j) for j in near}
            best = min(exact.values())
            tied = [j for j in near if exact[j] == best]
            if any(spent + cost[j] > budget for j in tied):
                break
            chosen = min(tied, key=ids.__getitem__)
            winners.append(ids[chosen])
            remaining[chosen] = False
            spent += cost[chosen]
            if score[chosen] == 0:
                continue
            class_load[chosen] = best
            sup = supporters[chosen]
            delta = (float(best) - load[sup]) * mult[sup]
            load_sum += delta @ matrix[sup]
            load[sup] = float(best)
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
