"""Greedy counting with CONSUL's semantics, and the variants real cities use (no-skip, minimum score).

Score of a project: its approvals (approval and choose-1 ballots), its total points (cumulative ballots), or its rank
points (rankings: a voter's first choice gets K points, the second K-1, ... with K the longest ballot). Projects go in
descending score, ties to the smaller project id compared as strings; each is taken if it still fits in the money
left, otherwise skipped (or, with ``skip=False``, the count stops there). With ``min_score``, a project whose score is
below it cannot win.

On approval and choose-1 ballots this equals pabutools' ``greedy_utilitarian_welfare(..., sat_class=Cost_Sat)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from .profile import APPROVAL, CHOOSE_1, CUMULATIVE, ORDINAL, Number, Outcome, Profile, outcome


def scores(profile: Profile, *, rank_points: int | None = None) -> dict[str, Number]:
    """Each project's greedy score (see the module docstring). ``rank_points`` overrides K for rankings."""
    result: dict[str, Number] = dict.fromkeys(profile.projects, 0)
    if profile.vote_type in (APPROVAL, CHOOSE_1):
        for ballot, n in profile.ballots.items():
            for pid in ballot:
                result[pid] += n
    elif profile.vote_type == CUMULATIVE:
        for ballot, n in profile.ballots.items():
            for pid, pts in ballot:
                result[pid] += n * pts
    elif profile.vote_type == ORDINAL:
        k = rank_points if rank_points is not None else profile.max_ballot_length()
        for ballot, n in profile.ballots.items():
            for position, pid in enumerate(ballot):
                result[pid] += n * max(k - position, 0)
    else:  # pragma: no cover - Profile.build refuses other types
        raise ValueError(f"unknown vote type {profile.vote_type!r}")
    return result


def order(profile: Profile, score: dict[str, Number]) -> list[str]:
    """Projects in greedy order: a free project with support first (as pabutools does), then descending score,
    ties to the smaller id as a string."""

    def key(pid: str):
        cost = profile.projects[pid].cost
        s = score[pid]
        return (0 if (cost == 0 and s > 0) else 1, -s, pid)

    return sorted(profile.projects, key=key)


def greedy(
    profile: Profile,
    *,
    skip: bool = True,
    min_score: Number | None = None,
    budget: Number | None = None,
    exclude: Iterable[str] = (),
    rank_points: int | None = None,
) -> Outcome:
    """Greedy by score. ``budget`` defaults to the profile's; ``exclude`` leaves projects out (for completions)."""
    score = scores(profile, rank_points=rank_points)
    left = profile.budget if budget is None else budget
    excluded = set(exclude)
    winners: list[str] = []
    reasons: dict[str, str] = {}
    for pid in order(profile, score):
        if pid in excluded:
            continue
        if min_score is not None and score[pid] < min_score:
            reasons[pid] = "below_min_score"
            continue
        cost = profile.projects[pid].cost
        if cost <= left:
            winners.append(pid)
            left -= cost
        elif skip:
            reasons[pid] = "did_not_fit"
        else:
            reasons[pid] = "did_not_fit"
            for rest in order(profile, score):
                if rest not in winners and rest not in reasons and rest not in excluded:
                    reasons[rest] = "after_stop"
            break
    rule = "greedy" if skip else "greedy-no-skip"
    return outcome(profile, rule, winners, scores=score, reasons=reasons, min_score=min_score)
