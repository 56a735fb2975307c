"""Parity with pabutools (the oracle): the Pabulib files of ../shared/pabulib and their expected.jsonl, random
small elections full of ties run live, and the official winners the files record."""

import os
import random
from fractions import Fraction

import pytest

from apps.voting.rules import Profile, count, greedy, mes, mes_add1, phragmen, read, rule_from_meta
from apps.voting.rules.mes import Election

from .helpers import PABULIB, expected_outcomes, pabulib_files, pabutools_outcome

EXPECTED = expected_outcomes()
# More random elections on demand: VOTING_SEEDS=1000 pytest tests/voting -k random
SEEDS = int(os.environ.get("VOTING_SEEDS", "40"))
pytestmark = pytest.mark.skipif(not PABULIB.exists(), reason="../shared/pabulib is not here")


def _count(profile, rule):
    if rule == "greedy":
        return greedy(profile)
    if rule == "phragmen":
        return phragmen(profile)
    return mes_add1(profile)


@pytest.mark.parametrize("case", EXPECTED, ids=[f"{e['file']}-{e['rule']}" for e in EXPECTED])
def test_expected_outcomes_of_pabutools(case):
    profile = read(PABULIB / case["file"]).profile()
    result = _count(profile, case["rule"])
    winners = sorted(result.winners) if case["rule"] == "phragmen" else result.winners
    assert winners == case["winners"]  # MES and greedy: the selection order too
    assert str(result.spent) == case["spent"]
    assert str(result.budget) == case["budget"]
    assert result.voters == case["voters"]


def test_every_file_and_every_applicable_rule_has_an_expected_outcome():
    covered = {(e["file"], e["rule"]) for e in EXPECTED}
    for path in pabulib_files():
        vote_type = read(path).vote_type
        rules = ["mes"] + (["greedy", "phragmen"] if vote_type == "approval" else [])
        rules += ["greedy"] if vote_type == "choose-1" else []
        # Czestochowa 2025 (cumulative) and Krakow (ordinal) are checked against their official winners below.
        missing = [r for r in rules if (path.name, r) not in covered]
        if path.name in ("Poland_Krakow_2019_Bronowice.pb",):
            continue
        assert not missing, (path.name, missing)


@pytest.mark.parametrize("path", pabulib_files(), ids=lambda p: p.name)
def test_official_winners_with_the_files_own_rule(path):
    pf = read(path)
    official = pf.selected()
    if official is None:
        pytest.skip("the file does not record the official winners")
    rule, min_score = rule_from_meta(pf.meta)
    result = count(pf.profile(), rule, min_score=min_score)
    assert sorted(result.winners) == sorted(official)


@pytest.mark.parametrize("path", pabulib_files(), ids=lambda p: p.name)
def test_phragmen_fast_path_equals_the_exact_one(path):
    profile = read(path).profile()
    if profile.vote_type not in ("approval", "choose-1"):
        pytest.skip("Phragmén counts approval ballots")
    assert phragmen(profile).winners == phragmen(profile, engine="exact").winners


@pytest.mark.parametrize("path", pabulib_files(), ids=lambda p: p.name)
def test_fast_engine_equals_exact_engine(path):
    profile = read(path).profile()
    election = Election(profile)
    share = Fraction(profile.budget, profile.num_voters)
    for extra in (0, 7, 40):
        assert election.run(share + extra) == election.run_exact(share + extra)


# -- live pabutools -----------------------------------------------------------------------------------------------
pabutools = pytest.importorskip("pabutools")

LIVE = [
    ("Poland_Gdynia_2021_Oksywie__small.pb", "greedy"),
    ("Poland_Gdynia_2021_Oksywie__small.pb", "phragmen"),
    ("Poland_Gdynia_2021_Oksywie__small.pb", "mes"),
    ("Poland_Lodz_2024_Wiskitno.pb", "mes"),
    ("Poland_Zabrze_2021_Guido.pb", "greedy"),
]


@pytest.mark.parametrize("name,rule", LIVE)
def test_live_pabutools_on_small_files(name, rule):
    profile = read(PABULIB / name).profile()
    result = _count(profile, rule)
    winners = sorted(result.winners) if rule == "phragmen" else result.winners
    assert winners == pabutools_outcome(PABULIB / name, rule)


def _pabutools_election(vote_type, budget, costs, ballots):
    from pabutools.election import (
        ApprovalBallot,
        ApprovalProfile,
        CumulativeBallot,
        CumulativeProfile,
        Instance,
        OrdinalBallot,
        OrdinalProfile,
        Project,
    )

    projects = {pid: Project(pid, cost) for pid, cost in costs.items()}
    instance = Instance(projects.values(), budget_limit=budget)
    if vote_type == "approval":
        profile = ApprovalProfile([ApprovalBallot(projects[p] for p in b) for b in ballots])
    elif vote_type == "cumulative":
        profile = CumulativeProfile([CumulativeBallot({projects[p]: pts for p, pts in b.items()}) for b in ballots])
    else:
        profile = OrdinalProfile([OrdinalBallot([projects[p] for p in b]) for b in ballots])
    return instance, profile


def _random_election(rng, vote_type):
    n_projects = rng.randint(2, 7)
    costs = {f"p{i}": rng.choice([1, 2, 3, 4, 5, 6, 10]) * 10 for i in range(n_projects)}
    ids = list(costs)
    ballots = []
    for _ in range(rng.randint(1, 12)):
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        if vote_type == "cumulative":
            ballots.append({p: rng.randint(1, 4) for p in chosen})
        else:
            ballots.append(chosen)
    budget = rng.randint(1, sum(costs.values()) // 10) * 10
    return budget, costs, ballots


@pytest.mark.parametrize("seed", range(SEEDS))
def test_random_small_elections_match_pabutools_live(seed):
    from pabutools.election import Additive_Borda_Sat, Additive_Cardinal_Sat, Cost_Sat
    from pabutools.rules import (
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    rng = random.Random(seed)
    vote_type = ["approval", "cumulative", "ordinal"][seed % 3]
    budget, costs, ballots = _random_election(rng, vote_type)
    profile = Profile.build(vote_type=vote_type, budget=budget, projects=list(costs.items()), ballots=ballots)
    inst, prof = _pabutools_election(vote_type, budget, costs, ballots)
    sat = {"approval": Cost_Sat, "cumulative": Additive_Cardinal_Sat, "ordinal": Additive_Borda_Sat}[vote_type]

    expected = [p.name for p in method_of_equal_shares(inst, prof.as_multiprofile(), sat_class=sat)]
    assert mes(profile).winners == expected
    assert mes(profile, engine="exact").winners == expected

    expected = exhaustion_by_budget_increase(
        inst,
        prof.as_multiprofile(),
        method_of_equal_shares,
        {"sat_class": sat},
        exhaustive_stop=False,
        budget_step=prof.num_ballots(),
    )
    assert mes_add1(profile).winners == [p.name for p in expected]

    if vote_type == "approval":
        from pabutools.rules import completion_by_rule_combination

        completed = completion_by_rule_combination(
            inst,
            prof.as_multiprofile(),
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [
                {
                    "rule": method_of_equal_shares,
                    "rule_params": {"sat_class": Cost_Sat},
                    "exhaustive_stop": False,
                    "budget_step": prof.num_ballots(),
                },
                {"sat_class": Cost_Sat},
            ],
        )
        assert mes_add1(profile, completion="greedy").winners == [p.name for p in completed]
        expected = [p.name for p in greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)]
        assert greedy(profile).winners == expected
        expected = sorted(p.name for p in sequential_phragmen(inst, prof))
        assert sorted(phragmen(profile).winners) == expected
        assert sorted(phragmen(profile, engine="exact").winners) == expected
