"""MES with Add1 skips the shares whose outcome cannot differ: each run says how far the share may rise with the same
outcome (its span). The span must be right: every share within it gives the same winners, in the same order."""

import math
import random
from fractions import Fraction

import pytest

from apps.voting.rules import Profile, mes_add1, read
from apps.voting.rules.mes import Election, _same_between

from .helpers import PABULIB, pabulib_files

pytestmark = pytest.mark.skipif(not PABULIB.exists(), reason="../shared/pabulib is not here")


def _add1_share_by_share(profile):
    """Add1 as pabutools runs it: every share in turn, no skipping."""
    election = Election(profile)
    n = profile.num_voters
    base = Fraction(profile.budget, n)
    last_k = (profile.budget * (n + 1) - profile.budget) // n
    previous = []
    for k in range(last_k + 1):
        current = election.run(base + k)
        if election.spent(current) > profile.budget:
            break
        previous = current
    return [election.ids[j] for j in previous]


@pytest.mark.parametrize("path", pabulib_files(), ids=lambda p: p.name)
def test_every_share_within_a_span_gives_the_same_outcome(path):
    profile = read(path).profile()
    election = Election(profile)
    base = Fraction(profile.budget, profile.num_voters)
    for k in (0, 3, 17, 60):
        selection, span = election.run_with_span(base + k)
        assert span >= 0
        for step in range(1, int(min(span, 25)) + 1):
            assert election.run_exact(base + k + step) == selection, (k, step, span)


def test_add1_skips_shares_on_files_with_few_distinct_ballots():
    # Grabowka: 201 voters, 64 distinct ballots; Add1 raises the share 2,403 times, and the outcome changes once.
    result = mes_add1(read(PABULIB / "Poland_Czestochowa_2020_Grabowka.pb").profile())
    assert result.winners == ["463", "196", "47", "198", "443"]
    assert result.details["runs"] < 200


def test_add1_skips_shares_whose_runs_leave_room_between_the_rates():
    # Zurich S5R (ordinal, 180 voters): the outcome changes 6 times over 155 shares, but a single run's span is 0-4
    # shares (some supporter changes side at nearly every share). Two runs buying the same projects in the same
    # order, each project bought clearly cheaper at the lower share than any other at the higher one, vouch for
    # the shares between: Add1 counts 55 shares there, not 139.
    result = mes_add1(read(PABULIB / "Switzerland_Zurich_S5R.pb").profile())
    assert result.winners == ["5", "13", "7", "17", "14", "6", "24", "19", "11"]
    assert result.details["runs"] < 80


def test_two_runs_vouch_for_the_shares_between_only_with_room_between_the_rates():
    # Per round: (the rate paid, the least rate of the projects left).
    assert _same_between([(1.0, 1.5), (2.0, 3.0)], [(0.9, 1.2), (1.5, 2.5)])
    assert not _same_between([(1.0, 1.5), (2.0, 3.0)], [(0.9, 1.2), (1.5, 2.0)])  # 2.0 paid below, 2.0 above
    assert not _same_between([(1.0, 1.5)], [(0.9, 1.0 + 1e-12)])  # too close to call in floats
    assert _same_between([(1.0, math.inf)], [(0.9, math.inf)])  # nothing left to buy
    assert not _same_between(None, [(0.9, 1.2)])  # a run counted in rationals says nothing
    assert not _same_between([(1.0, 1.5)], [(0.9, 1.2), (1.5, 2.5)])


def _random_profile(rng, vote_type):
    n_projects = rng.randint(3, 12)
    costs = {f"p{i}": rng.choice([1, 2, 3, 4, 5, 6, 10, 12, 15, 20]) * 3 for i in range(n_projects)}
    ids = list(costs)
    weights = [rng.random() ** 2 for _ in ids]
    ballots = []
    for _ in range(rng.randint(3, 60)):
        chosen = list(dict.fromkeys(rng.choices(ids, weights=weights, k=rng.randint(1, min(len(ids), 5)))))
        ballots.append({p: rng.randint(1, 4) for p in chosen} if vote_type == "cumulative" else chosen)
    budget = rng.randint(1, sum(costs.values()))
    return Profile.build(vote_type=vote_type, budget=budget, projects=list(costs.items()), ballots=ballots)


@pytest.mark.parametrize("seed", range(60))
def test_add1_with_spans_equals_add1_share_by_share(seed):
    rng = random.Random(seed)
    profile = _random_profile(rng, ["approval", "cumulative", "ordinal"][seed % 3])
    assert mes_add1(profile).winners == _add1_share_by_share(profile)


def test_a_span_ends_where_the_outcome_changes():
    # A (cost 30) has one voter, B (cost 150) three. At a share of 40, A is bought and B's voters have 120: B is out
    # of reach until the share is 50, where the span must end. From a share of 51 on, nothing changes any more.
    profile = Profile.build(
        vote_type="approval", budget=160, projects=[("A", 30), ("B", 150)], ballots=[["A"], ["B"], ["B"], ["B"]]
    )
    election = Election(profile)
    selection, span = election.run_with_span(Fraction(40))
    assert [election.ids[j] for j in selection] == ["A"]
    assert span == pytest.approx(10, rel=1e-6)
    selection, span = election.run_with_span(Fraction(51))
    assert [election.ids[j] for j in selection] == ["B", "A"]
    assert span == math.inf
