"""Sequential Phragmén's fast path: floats for the loads, rationals only where a near-tie needs them."""

import sys
from fractions import Fraction

import pytest

from apps.voting.rules import Profile, phragmen, read

from .helpers import PABULIB

pytestmark = pytest.mark.skipif(not PABULIB.exists(), reason="../shared/pabulib is not here")


def _count_rationals(monkeypatch):
    module = sys.modules["apps.voting.rules.phragmen"]
    made = []

    def fraction(*args):
        made.append(args)
        return Fraction(*args)

    monkeypatch.setattr(module, "Fraction", fraction)
    return made


def test_without_near_ties_no_rational_is_made(monkeypatch):
    profile = read(PABULIB / "Poland_Swiecie_2023.pb").profile()
    expected = phragmen(profile, engine="exact").winners
    made = _count_rationals(monkeypatch)
    assert phragmen(profile).winners == expected
    assert len(made) <= 1  # the zero load of the voters who have bought nothing yet


def test_a_tie_is_settled_exactly_with_the_loads_of_earlier_purchases(monkeypatch):
    # p1 and p2 are bought first (their supporters share nothing), leaving loads of 1/3 and 2/3 (not exact in
    # floats); p3 (4 + 3 x 1/3) / 3 and p4 (3 + 3 x 2/3) / 3 then tie exactly at 5/3, and the smaller id wins.
    profile = Profile.build(
        vote_type="approval",
        budget=100,
        projects=[("p1", 1), ("p2", 2), ("p3", 4), ("p4", 3)],
        ballots=[["p1", "p3"], ["p1", "p3"], ["p1", "p3"], ["p2", "p4"], ["p2", "p4"], ["p2", "p4"]],
    )
    made = _count_rationals(monkeypatch)
    assert phragmen(profile).winners == phragmen(profile, engine="exact").winners
    assert phragmen(profile).winners[:3] == ["p1", "p2", "p3"]
    assert len(made) > 1  # settled in rationals
