"""Why each project won or lost, rule by rule: the figures a results page explains the outcome with.

Plain Python, no Django (like the rest of the package); every figure is exact (ints and fractions).

- **Greedy** (and no-skip, minimum score): the walk down the ranking is replayed. A winner shows the money left when
  its turn came; a project left out lost on votes (below the minimum score; or, for no-skip, the count had stopped
  at an earlier project that did not fit) or did not fit the money left (how much was left when its turn came).
- **MES with Add1** (and the greedy completion): the final run is replayed exactly (``Election.replay``). A winner
  shows how many voters paid for it and how much each paid (the smallest, the largest, the typical (median)
  payment, and the total, which is the cost); a project left out shows the money its supporters still had when the
  count ended against its cost (MES buys a project only when its supporters can pay for it together), and, with
  the greedy completion, the money left when its turn came in the completion.
- **Phragmén**: winners in order; the others were not reached before the count stopped.

``explain(profile, rule, min_score=..., completion=...)`` mirrors ``count`` and returns an ``Explanation``;
``Explanation.as_dict()`` is its JSON form (money as decimal strings with at most two decimals).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from .count import GREEDY, GREEDY_NO_SKIP, MES, PHRAGMEN, count
from .greedy import order, scores
from .mes import Election, _share, complete_greedily
from .profile import Number, Outcome, Profile

# Why a project won.
FIT = "fit"  # greedy: it fitted the money left when its turn came
PAID = "paid"  # MES: its supporters paid for it
FREE = "free"  # MES: it costs nothing and someone voted for it
COMPLETION_FIT = "completion_fit"  # MES + greedy completion: bought with the money MES left
CHOSEN = "chosen"  # Phragmén
# Why a project lost.
NO_VOTES = "no_votes"
BELOW_MIN_SCORE = "below_min_score"
DID_NOT_FIT = "did_not_fit"
AFTER_STOP = "after_stop"  # greedy no-skip: the count had stopped at an earlier project
SHORT = "short"  # MES: its supporters did not have enough money left
NO_WEIGHT = "no_weight"  # MES: voted for, but worth no satisfaction (free under cost satisfaction, or ranked last)
NOT_REACHED = "not_reached"  # Phragmén: the count stopped before it

WIN_REASONS = (FIT, PAID, FREE, COMPLETION_FIT, CHOSEN)
LOSS_REASONS = (NO_VOTES, BELOW_MIN_SCORE, DID_NOT_FIT, AFTER_STOP, SHORT, NO_WEIGHT, NOT_REACHED)


@dataclass
class ProjectExplanation:
    id: str
    cost: Number
    votes: int  # how many voters named it
    score: Number  # its greedy score: votes, points, or rank points
    selected: bool
    position: int | None  # 1 for the first project chosen, ...
    reason: str
    data: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "cost": money(self.cost),
            "votes": self.votes,
            "score": plain(self.score),
            "selected": self.selected,
            "position": self.position,
            "reason": self.reason,
            **{key: _jsonable(key, value) for key, value in self.data.items()},
        }


@dataclass
class Explanation:
    rule: str
    completion: str
    min_score: Number | None
    budget: Number
    spent: Number
    voters: int
    winners: list[str]
    ranking: list[str]  # every project, by descending score (ties: smaller id as a string)
    projects: dict[str, ProjectExplanation]
    share: Number | None = None  # MES: each voter's share in the final run (after Add1)
    base_share: Number | None = None  # MES: the budget divided by the voters

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "completion": self.completion,
            "min_score": plain(self.min_score) if self.min_score is not None else None,
            "budget": money(self.budget),
            "spent": money(self.spent),
            "voters": self.voters,
            "winners": list(self.winners),
            "ranking": list(self.ranking),
            "share": money(self.share) if self.share is not None else None,
            "base_share": money(self.base_share) if self.base_share is not None else None,
            "projects": [self.projects[pid].as_dict() for pid in self.ranking],
        }


MONEY_KEYS = frozenset({"left", "left_after", "money_left", "missing", "min", "max", "typical", "total"})


def money(value: Number | None) -> str | None:
    """An exact amount as a decimal string, rounded to the cent when it is not whole: 1000 -> "1000",
    1000/3 -> "333.33"."""
    if value is None:
        return None
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    cents = round(value * 100)
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def plain(value: Number | None):
    """An int when whole, otherwise a float (scores in JSON)."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def _jsonable(key, value):
    if key in MONEY_KEYS or key.endswith("_left"):
        return money(value)
    if isinstance(value, Fraction):
        return plain(value)
    return value


# -- greedy -----------------------------------------------------------------------------------------------------


def _greedy_walk(
    profile: Profile,
    score: dict[str, Number],
    *,
    skip: bool = True,
    min_score: Number | None = None,
    budget: Number | None = None,
    exclude: Iterable[str] = (),
) -> tuple[list[str], dict[str, tuple[str, dict]]]:
    """The greedy walk, with each project's reason and figures (as greedy.greedy decides)."""
    left = profile.budget if budget is None else budget
    excluded = set(exclude)
    winners: list[str] = []
    reasons: dict[str, tuple[str, dict]] = {}
    stopped_at = None
    for pid in order(profile, score):
        if pid in excluded:
            continue
        cost = profile.projects[pid].cost
        if min_score is not None and score[pid] < min_score:
            reasons[pid] = (BELOW_MIN_SCORE, {"min_score": min_score})
            continue
        if stopped_at is not None:
            reasons[pid] = (AFTER_STOP, {"stopped_at": stopped_at, "left": left})
            continue
        if cost <= left:
            winners.append(pid)
            reasons[pid] = (FIT, {"left": left, "left_after": left - cost})
            left -= cost
        else:
            reasons[pid] = (DID_NOT_FIT, {"left": left, "missing": cost - left})
            if not skip:
                stopped_at = pid
    return winners, reasons


def explain_greedy(profile: Profile, *, skip: bool = True, min_score: Number | None = None) -> Explanation:
    rule = GREEDY if skip else GREEDY_NO_SKIP
    result = count(profile, rule, min_score=min_score)
    score = scores(profile)
    winners, reasons = _greedy_walk(profile, score, skip=skip, min_score=min_score)
    if winners != result.winners:  # pragma: no cover - the walk is greedy's own
        raise AssertionError("the greedy walk differs from the count")
    return _explanation(profile, result, score, reasons, rule=rule, min_score=min_score)


# -- MES --------------------------------------------------------------------------------------------------------


def _weighted_median(pairs: list[tuple[Number, int]]) -> Number:
    """The (lower) median of values given with their multiplicities."""
    pairs = sorted(pairs)
    total = sum(n for _, n in pairs)
    middle = (total + 1) // 2
    seen = 0
    for value, n in pairs:
        seen += n
        if seen >= middle:
            return value
    raise ValueError("no values")  # pragma: no cover


def explain_mes(
    profile: Profile, *, completion: str = "none", sat: str | None = None, mes_outcome: Outcome | None = None
) -> Explanation:
    """``mes_outcome``: the MES outcome (Add1, no completion) when the caller already has it (Add1 may take
    thousands of runs on a small election with a large budget: this spares counting it again)."""
    if mes_outcome is None:
        mes_outcome = count(profile, MES)
    result = complete_greedily(profile, mes_outcome) if completion == "greedy" else mes_outcome
    score = scores(profile)
    election = Election(profile, sat)
    index = {pid: j for j, pid in enumerate(election.ids)}
    mult = election.mult
    n_mes = result.details.get("mes_winners", len(result.winners))
    mes_ids = result.winners[:n_mes]
    share = result.details.get("share", 0)
    payments, left = election.replay(share, [index[pid] for pid in mes_ids]) if profile.num_voters else ({}, [])
    reasons: dict[str, tuple[str, dict]] = {}
    for pid in mes_ids:
        j = index[pid]
        if election.cost[j] == 0:
            reasons[pid] = (FREE, {"supporters": sum(mult[g] for g, _ in election.supporters[j])})
            continue
        paid = [(pay, mult[g]) for g, pay in payments[j] if pay > 0]
        reasons[pid] = (
            PAID,
            {
                "supporters": sum(mult[g] for g, _ in election.supporters[j]),
                "payers": sum(n for _, n in paid),
                "min": min(pay for pay, _ in paid),
                "max": max(pay for pay, _ in paid),
                "typical": _weighted_median(paid),
                "total": sum(pay * n for pay, n in paid),
            },
        )
    completion_reasons: dict[str, tuple[str, dict]] = {}
    if completion == "greedy":
        _, completion_reasons = _greedy_walk(
            profile, score, budget=profile.budget - election.spent([index[p] for p in mes_ids]), exclude=mes_ids
        )
    for pid in result.winners[n_mes:]:
        reasons[pid] = (COMPLETION_FIT, completion_reasons[pid][1])
    votes = profile.approvals()
    for pid in profile.projects:
        if pid in reasons:
            continue
        j = index[pid]
        if not votes[pid]:
            reasons[pid] = (NO_VOTES, {})
            continue
        supporters = election.supporters[j]
        if not election.total_sat[j]:
            reasons[pid] = (NO_WEIGHT, {})
            continue
        money_left = sum(mult[g] * left[g] for g, _ in supporters) if left else 0
        data = {
            "supporters": sum(mult[g] for g, _ in supporters),
            "money_left": money_left,
            "missing": election.cost[j] - money_left,
        }
        if pid in completion_reasons:
            data["completion_left"] = completion_reasons[pid][1].get("left")
        reasons[pid] = (SHORT, data)
    base = _share(profile) if profile.num_voters else None
    return _explanation(
        profile,
        result,
        score,
        reasons,
        rule=MES,
        completion=completion,
        share=share if profile.num_voters else None,
        base_share=base,
    )


# -- Phragmén ---------------------------------------------------------------------------------------------------


def explain_phragmen(profile: Profile) -> Explanation:
    result = count(profile, PHRAGMEN)
    score = scores(profile)
    votes = profile.approvals()
    left = profile.budget - result.spent
    reasons: dict[str, tuple[str, dict]] = {pid: (CHOSEN, {}) for pid in result.winners}
    for pid in profile.projects:
        if pid not in reasons:
            reasons[pid] = (NO_VOTES, {}) if not votes[pid] else (NOT_REACHED, {"left": left})
    return _explanation(profile, result, score, reasons, rule=PHRAGMEN)


# -- all rules --------------------------------------------------------------------------------------------------


def _explanation(profile, result, score, reasons, *, rule, min_score=None, completion="none", **extra):
    votes = profile.approvals()
    position = {pid: k for k, pid in enumerate(result.winners, start=1)}
    projects = {
        pid: ProjectExplanation(
            id=pid,
            cost=profile.projects[pid].cost,
            votes=votes[pid],
            score=score[pid],
            selected=pid in position,
            position=position.get(pid),
            reason=reasons[pid][0],
            data=reasons[pid][1],
        )
        for pid in profile.projects
    }
    return Explanation(
        rule=rule,
        completion=completion,
        min_score=min_score,
        budget=profile.budget,
        spent=result.spent,
        voters=result.voters,
        winners=list(result.winners),
        ranking=order(profile, score),
        projects=projects,
        **extra,
    )


def explain(
    profile: Profile,
    rule: str = GREEDY,
    *,
    min_score: Number | None = None,
    completion: str = "none",
    mes_outcome: Outcome | None = None,
) -> Explanation:
    """Count ``profile`` with ``rule`` (as ``count`` does) and explain each project's fate. For MES, ``mes_outcome``
    reuses an MES outcome (Add1, no completion) already counted."""
    if rule == GREEDY:
        return explain_greedy(profile, min_score=min_score)
    if rule == GREEDY_NO_SKIP:
        return explain_greedy(profile, skip=False, min_score=min_score)
    if rule == MES:
        return explain_mes(profile, completion=completion or "none", mes_outcome=mes_outcome)
    if rule == PHRAGMEN:
        return explain_phragmen(profile)
    raise ValueError(f"unknown rule {rule!r}")
