"""The Method of Equal Shares (MES), with the Add1 completion, exactly as pabutools computes it.

Each voter gets an equal share of the budget. Round after round, among the projects whose supporters can still pay
for them, MES buys the one whose cost can be split with the smallest payment per unit of satisfaction (``rho``): each
supporter pays ``min(their money left, rho * their satisfaction)``. Ties go to the smaller project id (as strings).

Satisfaction: the project's cost for approval and choose-1 ballots (``Cost_Sat``); the points given for cumulative
ballots (``Additive_Cardinal_Sat``); for rankings the Borda score within the ballot, ballot length - position - 1
(``Additive_Borda_Sat``).

Add1 (``mes_add1``), as equalshares.net and the official Wieliczka, Świecie and Assen results do it: raise each voter's
share by 1 unit as long as the outcome still fits the budget, and keep the last outcome that fits. Its oracle is
``exhaustion_by_budget_increase(inst, prof.as_multiprofile(), method_of_equal_shares, {"sat_class": S},
exhaustive_stop=False, budget_step=number_of_voters)``. ``completion="greedy"`` then fills the money left greedily.
Add1 does not count every share again: each fast run can also say how far the share may rise with the same outcome
(``Election.run_span``), and the shares within are skipped; and it tries shares further on (1, 2, 4... shares), skipping
those between when both ends buy the same projects in the same order with every rate clearly apart
(``_same_between``: with the same purchases, budgets only grow and rates only fall as the share rises).

Exactness: an exact engine in rationals mirrors pabutools step by step. A fast engine (NumPy floats) runs first and
watches every decision; when one is too close to call in floats (a near-tie, or supporters with just about enough
money), that run is redone exactly. The winners and their order are therefore always the exact ones.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .greedy import greedy
from .profile import APPROVAL, CHOOSE_1, CUMULATIVE, ORDINAL, Number, Outcome, Profile, exact_number, outcome

SAT_COST = "cost"
SAT_POINTS = "points"
SAT_BORDA = "borda"

# Relative tolerance under which the float engine does not trust a comparison and hands the run to the exact one.
TOLERANCE = 1e-9
# Add1 raises each share by 1: a run stops following its span once it is shorter than that (it saves no run).
MIN_SPAN = 1.0
# Add1 tries shares further on and skips those between when two runs' rates leave room (``_same_between``): each
# round of those runs also computes the rates up to this many times the least one, so that few are known only by
# an old lower bound.
LOOK_AHEAD = 1.1


def default_sat(vote_type: str) -> str:
    if vote_type in (APPROVAL, CHOOSE_1):
        return SAT_COST
    if vote_type == CUMULATIVE:
        return SAT_POINTS
    if vote_type == ORDINAL:
        return SAT_BORDA
    raise ValueError(f"no satisfaction for vote type {vote_type!r}")


class Election:
    """A profile prepared for MES: voter groups, each project's supporters with their satisfaction."""

    def __init__(self, profile: Profile, sat: str | None = None):
        sat = sat or default_sat(profile.vote_type)
        self.profile = profile
        self.sat = sat
        self.ids = list(profile.projects)
        index = {pid: j for j, pid in enumerate(self.ids)}
        cost = self.cost = [profile.projects[pid].cost for pid in self.ids]
        items = list(profile.ballots.items())
        mult = self.mult = [n for _, n in items]
        # The supporters as one flat list of (project, group, satisfaction) triples, in three lists.
        flat_p: list[int] = []
        flat_g: list[int] = []
        flat_s: list[Number] = []
        if sat == SAT_COST:
            for g, ballot in enumerate(profile.ballots):
                js = [index[pid] for pid in profile.project_ids(ballot)]
                flat_p.extend(js)
                flat_g.extend([g] * len(js))
            flat_s = [cost[j] for j in flat_p]
        elif sat == SAT_POINTS:
            for g, ballot in enumerate(profile.ballots):
                for pid, pts in ballot:
                    if pts > 0:
                        flat_p.append(index[pid])
                        flat_g.append(g)
                        flat_s.append(pts)
        elif sat == SAT_BORDA:
            for g, ballot in enumerate(profile.ballots):
                length = len(ballot)
                for position, pid in enumerate(ballot[: length - 1]):
                    flat_p.append(index[pid])
                    flat_g.append(g)
                    flat_s.append(length - position - 1)
        else:
            raise ValueError(f"unknown satisfaction {sat!r}")
        self._flat = (flat_p, flat_g, flat_s)
        self.integral = all(isinstance(x, int) for x in cost) and all(isinstance(x, int) for x in flat_s)
        total = [0] * len(self.ids)
        if sat == SAT_COST:
            for j, g in zip(flat_p, flat_g, strict=True):
                total[j] += mult[g]
            total = [t * c for t, c in zip(total, cost, strict=True)]
        else:
            for j, g, x in zip(flat_p, flat_g, flat_s, strict=True):
                total[j] += mult[g] * x
        self.total_sat = total
        self.num_voters = sum(mult)
        # Projects with support: free ones are bought at once (as pabutools does), the others are candidates.
        self.free = sorted(
            (j for j in range(len(self.ids)) if self.total_sat[j] > 0 and self.cost[j] == 0), key=self.ids.__getitem__
        )
        self.candidates = [j for j in range(len(self.ids)) if self.total_sat[j] > 0 and self.cost[j] > 0]
        self._arrays = None
        self._supporters = None
        # Each round also computes the rates up to this many times the least one (1: only those needed to choose).
        self.look_ahead = 1.0
        self.rounds = None

    @property
    def supporters(self) -> list[list[tuple[int, Number]]]:
        """Each project's supporters: (group, satisfaction) pairs, satisfaction > 0."""
        if self._supporters is None:
            supporters: list[list[tuple[int, Number]]] = [[] for _ in self.ids]
            for j, g, x in zip(*self._flat, strict=True):
                supporters[j].append((g, x))
            self._supporters = supporters
        return self._supporters

    # -- exact engine -------------------------------------------------------------------------------------------
    def run_exact(self, share: Number) -> list[int]:
        """One MES run with each voter's share ``share``, in rationals. Returns project indices in order."""
        mult, cost, supporters, total_sat = self.mult, self.cost, self.supporters, self.total_sat
        budget = [share] * len(mult)
        stored = {j: Fraction(cost[j], total_sat[j]) for j in self.candidates}
        selected = list(self.free)
        while stored:
            best = None
            tied: list[int] = []
            for j in sorted(stored, key=stored.__getitem__):
                sup = supporters[j]
                if sum(mult[g] * budget[g] for g, _ in sup) < cost[j]:
                    del stored[j]
                    continue
                if best is not None and stored[j] > best:
                    break
                rho = self._rho_exact(j, budget)
                stored[j] = rho
                if best is None or rho < best:
                    best, tied = rho, [j]
                elif rho == best:
                    tied.append(j)
            if not tied:
                break
            chosen = min(tied, key=self.ids.__getitem__)
            selected.append(chosen)
            del stored[chosen]
            for g, s in supporters[chosen]:
                pay = best * s
                budget[g] = budget[g] - pay if pay < budget[g] else 0
        return selected

    def _rho_exact(self, j: int, budget: list) -> Fraction:
        mult, cost = self.mult, self.cost[j]
        sup = sorted(self.supporters[j], key=lambda gs: Fraction(budget[gs[0]]) / gs[1])
        paid = 0
        denominator = self.total_sat[j]
        for g, s in sup:
            rho = Fraction(cost - paid, denominator)
            if rho * s <= budget[g]:
                return rho
            paid += mult[g] * budget[g]
            denominator -= mult[g] * s
        raise AssertionError("an affordable project always has a rate")  # pragma: no cover

    # -- fast engine --------------------------------------------------------------------------------------------
    def _prepare_arrays(self):
        import numpy as np

        flat_p, flat_g, flat_s = self._flat
        projects = np.asarray(flat_p, dtype=np.int64)
        order = np.argsort(projects, kind="stable")
        groups = np.asarray(flat_g, dtype=np.int64)[order]
        sats = np.asarray([float(x) for x in flat_s] if not self.integral else flat_s, dtype=np.float64)[order]
        mult = np.asarray(self.mult, dtype=np.float64)
        bounds = np.concatenate(([0], np.cumsum(np.bincount(projects, minlength=len(self.ids))))).tolist()
        arrays = []
        uniform = []
        for j in range(len(self.ids)):
            g = groups[bounds[j] : bounds[j + 1]]
            s = sats[bounds[j] : bounds[j + 1]]
            m = mult[g]
            arrays.append((g, s, m, m * s, float(self.total_sat[j]), float(self.cost[j])))
            # The one satisfaction all supporters share (as a float), or 0.0 when they differ.
            uniform.append(float(s[0]) if len(s) and s.min() == s.max() and self.integral else 0.0)
        self._arrays = arrays
        self._uniform = uniform
        return arrays

    def _weight(self, j: int, rich) -> Number:
        """Exactly: the sum of multiplicity x satisfaction over the supporters of project j selected by ``rich``."""
        g, s, m, ms, tsat, cost = self._arrays[j]
        if self.integral and tsat < 2**52:  # every partial sum is an integer a float holds exactly
            return int(ms[rich].sum())
        sup = self.supporters[j]
        return sum(self.mult[sup[i][0]] * sup[i][1] for i in rich.nonzero()[0].tolist())

    def run_fast(self, share: Number) -> list[int] | None:
        """One MES run in floats; None when a decision was too close to call (then use ``run_exact``).

        A project's rate is exact without rationals when every supporter who cannot pay their full part has
        nothing left (budget exactly 0): then ``rho = cost / (satisfaction of the supporters with money)``. Such
        exact rates settle ties; other near-ties send the run to the exact engine.
        """
        return self._run_fast(share, track=False)[0]

    def run_span(self, share: Number) -> tuple[list[int] | None, float]:
        """``run_fast``, and how far each voter's share may rise above ``share`` with the same outcome (``span``,
        >= 0, possibly infinite; 0 when the run was too close to call, or when it did not look).

        With the same decisions (the same projects bought in the same order, the same supporters paying all they
        have, the same projects found unaffordable), every budget and every rate is an affine function of the
        share: the run follows each one's slope beside its value. Each decision is a comparison between two such
        functions, which stays the same as long as their difference keeps its sign, with the engine's relative
        margin; ``span`` is where the first one would change. Projects not bought are compared by lower bounds of
        their rates (rates only grow as money is spent, and a rate computed with any set of supporters paying all
        they have is at most the true one), so their own supporters may change side freely."""
        return self._run_fast(share, track=True)

    def _run_fast(self, share: Number, track: bool) -> tuple[list[int] | None, float]:
        import numpy as np

        arrays = self._arrays or self._prepare_arrays()
        uniform = self._uniform
        tol = TOLERANCE
        reach = (1 + tol) * self.look_ahead
        base = float(share)
        budget = np.full(len(self.mult), base)
        # Each budget as budget + slope * (share - base) near base, while ``track`` (the span is not yet 0).
        slope = np.ones(len(self.mult)) if track else None
        span = math.inf if track else 0.0
        stored = {j: arrays[j][5] / arrays[j][4] for j in self.candidates}
        stored_slope = dict.fromkeys(stored, 0.0)
        selected = list(self.free)
        ids = self.ids
        # Each round's (rate paid, least rate -- or lower bound of it -- of the projects still in the running).
        self.rounds = rounds = []
        zeros_exact = True  # the budgets that are 0.0 are exactly those that are 0 in rationals
        while stored:
            best = None
            tied: list = []  # (project, rho, mask of the supporters who pay all they have or None, rho's slope)
            for j in sorted(stored, key=stored.__getitem__):
                g, s, m, ms, tsat, cost = arrays[j]
                if best is not None and stored[j] > best * reach:
                    break
                bud = budget[g]
                avail = float(bud @ m)
                if avail < cost * (1 + tol):
                    if avail > cost * (1 - tol):
                        return None, 0.0  # just about enough money: too close to call
                    del stored[j]
                    if track:  # it stays out of reach while its supporters' money stays under its cost
                        avail_slope = float(slope[g] @ m)
                        span = _span(span, cost - avail, -avail_slope, cost + avail, abs(avail_slope))
                        track = span >= MIN_SPAN
                    continue
                # Poor/rich: raise rho until the supporters who cannot pay rho * sat pay everything they have.
                # It starts from the rate last computed, a lower bound of the rate now (money only goes down):
                # from a lower bound the poor set only grows, so an unchanged count means an unchanged set.
                rho = stored[j]
                rho_slope = 0.0
                if uniform[j]:  # one satisfaction for all supporters (the cost, for approval ballots)
                    key = bud
                    limit = rho * uniform[j]
                else:
                    key = bud / s
                    limit = rho
                poor = key < limit
                count = int(np.count_nonzero(poor))
                if not count:  # nobody short even at that rate (then it is cost / satisfaction)
                    poor = None
                    rho = cost / tsat
                else:
                    bm = bud * m
                    for _ in range(len(g) + 1):
                        # (a dot product with the boolean mask itself: no float copy of it is made)
                        denominator = tsat - float(np.dot(ms, poor))
                        rho = (cost - float(np.dot(bm, poor))) / denominator
                        limit = rho * uniform[j] if uniform[j] else rho
                        new_poor = key < limit
                        new_count = int(np.count_nonzero(new_poor))
                        if new_count == count:
                            break
                        poor, count = new_poor, new_count
                    else:  # pragma: no cover - the poor set grows at each step; floats should not make it cycle
                        return None, 0.0
                    if track:
                        rho_slope = -float(np.dot(slope[g] * m, poor)) / denominator
                stored[j] = rho
                stored_slope[j] = rho_slope
                if best is None or rho < best * (1 - tol):
                    best, tied = rho, [(j, rho, poor, rho_slope)]
                elif rho <= best * (1 + tol):
                    tied.append((j, rho, poor, rho_slope))
                    best = min(best, rho)
            if not tied:
                break
            if len(tied) > 1:
                tied = [t for t in tied if t[1] <= best * (1 + tol)]
            excused: tuple = ()
            if len(tied) > 1:
                exact = []
                for j, rho, poor, rho_slope in tied:
                    g, s, m, ms, tsat, cost = arrays[j]
                    bud = budget[g]
                    if poor is None:
                        poor = np.zeros(len(g), dtype=bool)
                    if not zeros_exact or (bud[poor] != 0.0).any():
                        return None, 0.0  # a near-tie we cannot settle without rationals
                    rich_key = (bud / s)[~poor]
                    if rich_key.size and rich_key.min() < rho * (1 + tol):
                        return None, 0.0
                    rich_weight = self._weight(j, ~poor)
                    exact.append((Fraction(self.cost[j]) / rich_weight, ids[j], j, rho, poor, rho_slope))
                exact.sort()
                _, _, chosen, best, poor, best_slope = exact[0]
                if track:
                    # Those rates are exact and do not move with the share (the supporters paying all they have
                    # have nothing left): the tie and its settling hold as far as the rest holds.
                    if any(t[5] != 0.0 for t in exact):
                        span, track = 0.0, False
                    excused = tuple(t[2] for t in exact)
            else:
                chosen, best, poor, best_slope = tied[0]
            selected.append(chosen)
            del stored[chosen]
            rounds.append((best, min(stored.values()) if stored else math.inf))
            g, s, m, ms, tsat, cost = arrays[chosen]
            bud = budget[g]
            if track:
                span = self._span_of_choice(
                    span, chosen, best, best_slope, poor, bud, slope[g], stored, stored_slope, excused
                )
                track = span >= MIN_SPAN
            new = bud - best * s
            if poor is None:
                poor = np.zeros(len(g), dtype=bool)
            new[poor] = 0.0
            if zeros_exact:
                # A supporter left with (almost) nothing, or one that paid all it had by a hair: not sure in floats.
                close = (~poor) & (new <= bud * tol)
                near = poor & (bud > 0.0) & (bud / s >= best * (1 - tol))
                if close.any() or near.any():
                    zeros_exact = False
            budget[g] = np.maximum(new, 0.0)
            if track:
                new_slope = slope[g] - best_slope * s
                new_slope[poor] = 0.0
                slope[g] = new_slope
        return selected, (span if track else 0.0)

    def _span_of_choice(self, span, chosen, best, best_slope, poor, bud, bud_slope, stored, stored_slope, excused):
        """How far the share may rise with ``chosen`` bought at rate ``best`` as now: each of its supporters stays
        on their side (paying all they have, or rho x their satisfaction), and every other project's rate (a
        lower bound of it: the one last computed) stays above ``best``."""
        import numpy as np

        g, s, m, ms, tsat, cost = self._arrays[chosen]
        u = self._uniform[chosen]
        if u:
            key, key_slope, limit, limit_slope = bud, bud_slope, best * u, best_slope * u
        else:
            key, key_slope, limit, limit_slope = bud / s, bud_slope / s, best, best_slope
        # Poor supporters: limit - key > 0; the others: key - limit > 0.
        sign = -1.0 if poor is None else np.where(poor, 1.0, -1.0)
        span = _span(
            span,
            sign * (limit - key),
            sign * (limit_slope - key_slope),
            abs(limit) + np.abs(key),
            abs(limit_slope) + np.abs(key_slope),
        )
        if span <= 0:
            return 0.0
        others = [j for j in stored if j not in excused]
        if others:
            rates = np.fromiter((stored[j] for j in others), dtype=np.float64, count=len(others))
            slopes = np.fromiter((stored_slope[j] for j in others), dtype=np.float64, count=len(others))
            span = _span(span, rates - best, slopes - best_slope, rates + abs(best), np.abs(slopes) + abs(best_slope))
        return span

    def run(self, share: Number, engine: str = "auto") -> list[int]:
        return self.run_with_span(share, engine, span=False)[0]

    def run_with_span(self, share: Number, engine: str = "auto", span: bool = True) -> tuple[list[int], float]:
        """One run, and (with ``span``) how far each voter's share may rise with the same outcome: see
        ``run_span``; 0 from the exact engine, which does not look."""
        share = exact_number(share)
        self.rounds = None
        if engine == "exact" or (engine == "auto" and not _has_numpy()):
            return self.run_exact(share), 0.0
        result, rise = self._run_fast(share, track=span)
        if result is None:
            if engine == "fast":
                raise ArithmeticError("a decision too close to call in floats")
            self.exact_runs = getattr(self, "exact_runs", 0) + 1
            self.rounds = None
            return self.run_exact(share), 0.0
        return result, rise

    def spent(self, selection: list[int]) -> Number:
        return sum((self.cost[j] for j in selection), 0)

    def replay(self, share: Number, selection: list[int]) -> tuple[dict[int, list[tuple[int, Number]]], list]:
        """Replay a run's ``selection`` (in its order) exactly, with each voter's share ``share``: what each group of
        voters paid for each project bought, and the money each group had left at the end.

        Returns ``(payments, left)``: ``payments[j]`` lists ``(group, payment per voter)`` for every supporter of
        project j (a payment may be 0, for a supporter whose money had run out); ``left[g]`` is the money a voter
        of group g kept. The payments of a project add up to its cost (free projects cost nothing)."""
        share = exact_number(share)
        budget: list = [share] * len(self.mult)
        payments: dict[int, list[tuple[int, Number]]] = {}
        for j in selection:
            if self.cost[j] == 0:
                payments[j] = [(g, 0) for g, _ in self.supporters[j]]
                continue
            rho = self._rho_exact(j, budget)
            paid = []
            for g, s in self.supporters[j]:
                pay = rho * s
                pay = pay if pay < budget[g] else budget[g]
                budget[g] -= pay
                paid.append((g, pay))
            payments[j] = paid
        return payments, budget


def _span(span: float, gap, gap_slope, scale, scale_slope) -> float:
    """The largest rise x <= ``span`` of the share over which ``gap + gap_slope * x`` stays above the engine's
    margin, ``TOLERANCE * (scale + scale_slope * x)`` (scale: the size of what is compared). Numbers or arrays."""
    import numpy as np

    head = np.asarray(gap - TOLERANCE * scale, dtype=np.float64)
    drift = np.asarray(gap_slope - TOLERANCE * scale_slope, dtype=np.float64)
    if head.size == 0:
        return span
    if (head <= 0).any():
        return 0.0
    falling = drift < 0
    if falling.any():
        span = min(span, float((head[falling] / -drift[falling]).min()))
    return span


def _same_between(low_run, high_run) -> bool:
    """Whether every share between those of two runs that bought the same projects in the same order (``rounds`` of
    each: per round, the rate paid and the least rate, or a lower bound of it, among the projects left) buys them too.

    With the same purchases so far, a higher share leaves every voter at least as much money (a supporter keeps
    max(0, money - rate x satisfaction), and more money lowers every rate): each budget lies between its values in
    the two runs, and each rate between its values the other way round. The project bought in a round then costs
    at most its rate in the lower run, every other one at least its rate in the higher run (one out of reach there
    is out of reach below), so when the first is clearly below the second at every round, nothing changes between.
    """
    if low_run is None or high_run is None or len(low_run) != len(high_run):
        return False
    margin = 1 + 4 * TOLERANCE
    return all(paid * margin < least for (paid, _), (_, least) in zip(low_run, high_run, strict=True))


def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:  # pragma: no cover - numpy is a dependency; the exact engine still counts without it
        return False
    return True


def _share(profile: Profile) -> Number:
    n = profile.num_voters
    share = Fraction(profile.budget, n) if n else Fraction(0)
    return int(share) if share.denominator == 1 else share


def mes(profile: Profile, *, sat: str | None = None, share: Number | None = None, engine: str = "auto") -> Outcome:
    """One run of MES (no completion) with each voter's share ``budget / voters`` unless ``share`` is given."""
    election = Election(profile, sat)
    if profile.num_voters == 0:
        return outcome(profile, "mes", [])
    selection = election.run(_share(profile) if share is None else share, engine)
    return outcome(profile, "mes", [election.ids[j] for j in selection], sat=election.sat)


def mes_add1(profile: Profile, *, sat: str | None = None, completion: str = "none", engine: str = "auto") -> Outcome:
    """MES with the Add1 completion (see the module docstring); ``completion="greedy"`` then fills greedily."""
    election = Election(profile, sat)
    n = profile.num_voters
    winners: list[int] = []
    runs = 0
    share: Number = 0
    if n:
        budget = profile.budget
        base = _share(profile)
        # pabutools raises the budget by n (each share by 1) while the budget stays <= budget * (n + 1).
        last_k = (budget * (n + 1) - budget) // n if budget > 0 else 0
        everything = election.spent(election.free + election.candidates)
        if everything <= budget:
            # Every outcome fits: the loop runs to its bound and keeps the last one.
            winners = election.run(base + last_k, engine)
            share = base + last_k
            runs = 1
        else:
            # The outcome only changes at a few shares. Each run may say how far the share may rise with the same
            # outcome (its span), and the shares up to there are not counted again; then the next share tried is
            # further on (1, 2, 4... shares) and the shares between are skipped when both ends give the same
            # outcome with room to spare (``_same_between``), and tried nearer otherwise.
            # Following the span costs a little: after a run whose span saved nothing, the next 1, 2, 4... runs
            # do not look.
            k = 0
            misses = pause = 0
            step = 1
            skipped = failed = 0  # runs ahead of the next share that did or did not skip the shares between
            previous: list[int] = []
            counted: dict = {}  # share - base: (outcome, span, rounds), for the runs ahead of k

            def count(at: int, span: bool):
                if at not in counted:
                    counted[at] = (*election.run_with_span(base + at, engine, span=span), election.rounds)
                return counted.pop(at)

            current, rise, current_rounds = count(0, True)
            runs = 1
            if election.spent(current) <= budget:
                while True:
                    if pause:
                        pause -= 1
                    elif rise < MIN_SPAN:
                        misses += 1
                        pause = 2**misses - 1
                    else:
                        misses = 0
                    # The last share within the span, with a margin for the float rounding of share and span.
                    k_last = min(last_k, k + int(math.floor(rise * (1 - 1e-9)))) if rise < math.inf else last_k
                    if k_last > k:  # (the run's rates still vouch for the shares from its own on)
                        k, step = k_last, 1  # the span ends where something changes: try the next share first
                    previous, share = current, base + k
                    if k >= last_k:
                        break
                    while True:
                        ahead = min(last_k, k + step)
                        known = ahead in counted
                        # Only a run ahead of the next share has its rates compared with those of the run at k. The
                        # rates computed beyond the least cost time (a lot on city-scale files, where comparing seldom
                        # skips anything): they stop once comparing fails four times as often as it skips.
                        election.look_ahead = LOOK_AHEAD if ahead > k + 1 and 4 * skipped >= failed else 1.0
                        current, rise, rounds = count(ahead, pause == 0)
                        runs += not known
                        if ahead == k + 1:
                            step = step * 2 if current == previous else 1
                            break
                        if current == previous and _same_between(current_rounds, rounds):
                            step *= 2
                            skipped += 1
                            break
                        failed += 1
                        counted[ahead] = (current, rise, rounds)
                        step = max(1, (ahead - k) // 2)
                    k, current_rounds = ahead, rounds
                    for done in [d for d in counted if d <= k]:
                        del counted[done]
                    if election.spent(current) > budget:
                        break
            winners = previous
    ids = [election.ids[j] for j in winners]
    rule = "mes"
    if completion == "greedy":
        spent = election.spent(winners)
        extra = greedy(profile, budget=profile.budget - spent, exclude=ids)
        ids += extra.winners
        rule = "mes+greedy"
    elif completion not in ("none", None):
        raise ValueError(f"unknown completion {completion!r}")
    return outcome(
        profile,
        rule,
        ids,
        sat=election.sat,
        runs=runs,
        exact_runs=getattr(election, "exact_runs", 0),
        share=share,
        mes_winners=len(winners),
    )


def complete_greedily(profile: Profile, result: Outcome) -> Outcome:
    """``result`` (MES with Add1, no completion) with the money it left filled greedily, exactly as
    ``mes_add1(..., completion="greedy")`` does: lets a caller that already has the MES outcome skip a second run."""
    if result.rule != "mes":
        raise ValueError("complete_greedily completes an MES outcome without completion")
    extra = greedy(profile, budget=profile.budget - result.spent, exclude=result.winners)
    return outcome(profile, "mes+greedy", result.winners + extra.winners, **result.details)
