"""Sequential Phragmén for approval ballots, exactly as pabutools' ``sequential_phragmen`` (its oracle).

Voters earn money continuously from 0; as soon as the supporters of a project can buy it, it is bought and its
supporters' loads are set to the new maximum load. The count stops at the first project bought that would break the
budget. Ties go to the smaller project id (as strings). Exact arithmetic (fractions).
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from .profile import APPROVAL, CHOOSE_1, Outcome, Profile, outcome


def phragmen(profile: Profile) -> Outcome:
    if profile.vote_type not in (APPROVAL, CHOOSE_1):
        raise ValueError("sequential Phragmén counts approval ballots only")
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
    return outcome(profile, "phragmen", winners)
