"""Each rule on small elections worked out by hand (no database, no pabutools)."""

from fractions import Fraction

import pytest

from apps.voting.rules import Profile, count, greedy, mes, mes_add1, phragmen, rule_from_meta, scores
from apps.voting.rules.mes import Election


def approval(budget, projects, ballots):
    return Profile.build(vote_type="approval", budget=budget, projects=projects, ballots=ballots)


def consul_example():
    # CONSUL's worked example: budget 1000; (votes, cost) = (900, 800), (800, 300), (600, 200).
    ballots = [["a"]] * 900 + [["b"]] * 800 + [["c"]] * 600
    return approval(1000, [("a", 800), ("b", 300), ("c", 200)], ballots)


def test_consul_worked_example_greedy_takes_900_and_600():
    result = greedy(consul_example())
    assert result.winners == ["a", "c"]
    assert result.spent == 1000
    assert result.voters == 2300
    assert result.details["reasons"] == {"b": "did_not_fit"}


def test_no_skip_stops_at_the_first_project_that_does_not_fit():
    result = greedy(consul_example(), skip=False)
    assert result.winners == ["a"]
    assert result.details["reasons"]["b"] == "did_not_fit"
    assert result.details["reasons"]["c"] == "after_stop"


def test_minimum_score_leaves_weak_projects_out():
    result = greedy(consul_example(), min_score=700)
    assert result.winners == ["a"]
    assert result.details["reasons"]["c"] == "below_min_score"


def test_greedy_ties_go_to_the_smaller_id_as_a_string():
    # "10" < "9" as strings: with equal votes, "10" comes first.
    profile = approval(100, [("9", 60), ("10", 60)], [["9", "10"]] * 3)
    assert greedy(profile).winners == ["10"]


def test_greedy_scores_for_cumulative_and_rankings():
    cumulative = Profile.build(
        vote_type="cumulative",
        budget=10,
        projects=[("a", 5), ("b", 5), ("c", 5)],
        ballots=[{"a": 3, "b": 1}, {"b": 2, "c": 2}, [("c", 1)]],
    )
    assert scores(cumulative) == {"a": 3, "b": 3, "c": 3}
    assert greedy(cumulative).winners == ["a", "b"]
    ranked = Profile.build(
        vote_type="ordinal",
        budget=10,
        projects=[("a", 5), ("b", 5), ("c", 5)],
        ballots=[["a", "b", "c"], ["c"], ["b", "a"]],
    )
    # K = 3 (the longest ballot): a = 3 + 2, b = 2 + 3, c = 1 + 3.
    assert scores(ranked) == {"a": 5, "b": 5, "c": 4}
    assert greedy(ranked).winners == ["a", "b"]


def test_mes_shares_the_budget_between_groups():
    # 2 voters like x, 1 likes y: each voter has 10; x costs 20 (its two supporters), y costs 10.
    profile = approval(30, [("x", 20), ("y", 10), ("z", 25)], [["x"], ["x"], ["y", "z"]])
    assert mes(profile).winners == ["x", "y"]


def test_mes_add1_raises_shares_while_the_outcome_fits():
    # With equal shares of 9, nobody can pay a project of 10; Add1 raises the shares to 10, and the outcome
    # {p, q} still fits; at 11, r would come in and break the budget of 20.
    profile = approval(20, [("p", 10), ("q", 10), ("r", 11)], [["p"], ["q"], ["r"]])
    plain = mes(profile, share=Fraction(20, 3))
    assert plain.winners == []
    result = mes_add1(profile)
    assert result.winners == ["p", "q"]
    assert result.spent == 20


def test_mes_greedy_completion_fills_the_money_left():
    profile = approval(100, [("a", 60), ("b", 30), ("c", 30)], [["a"]] * 3 + [["b", "c"]])
    plain = mes_add1(profile)
    completed = mes_add1(profile, completion="greedy")
    assert completed.winners[: len(plain.winners)] == plain.winners
    assert completed.spent <= 100
    assert set(completed.winners) >= set(plain.winners)


def test_mes_ties_go_to_the_smaller_id():
    profile = approval(20, [("b", 10), ("a", 10), ("c", 10)], [["a"], ["b"], ["c"], ["a", "b", "c"]])
    # Each voter has 5; a, b and c each have two supporters: a three-way tie, a wins; then b and c cannot be paid.
    assert mes(profile).winners == ["a"]


def test_fast_and_exact_engines_agree_on_ties():
    profile = approval(
        12, [("a", 4), ("b", 4), ("c", 6), ("d", 2)], [["a", "b"], ["b", "c"], ["a", "c", "d"], ["d"], ["b"]]
    )
    election = Election(profile)
    for share in (Fraction(12, 5), 3, 4, Fraction(9, 2), 6):
        assert election.run_exact(share) == election.run(share)


def test_phragmen_stops_at_the_first_project_that_breaks_the_budget():
    profile = approval(10, [("a", 6), ("b", 6), ("c", 3)], [["a"]] * 3 + [["b"]] * 2 + [["c"]])
    result = phragmen(profile)
    # Loads: a = 6/3 = 2, b = 6/2 = 3, c = 3/1 = 3 -> a first; then b (tie with c, "b" < "c") does not fit: stop.
    assert result.winners == ["a"]


def test_rule_from_meta():
    assert rule_from_meta({"rule": "greedy"}) == ("greedy", None)
    assert rule_from_meta({"rule": "greedy-no-skip"}) == ("greedy-no-skip", None)
    assert rule_from_meta({"rule": "greedy-threshold", "min_project_score_threshold": "50"}) == ("greedy", 50)
    assert rule_from_meta({"rule": "equalshares/add1"}) == ("mes", None)
    assert rule_from_meta({"rule": "equalshares"}) == ("mes", None)
    assert rule_from_meta({"rule": "unknown"}) == ("greedy", None)
    # Sequential Phragmén, as export_pabulib names it, and its other spellings; it counts approval ballots only.
    assert rule_from_meta({"rule": "sequential-phragmen", "vote_type": "approval"}) == ("phragmen", None)
    assert rule_from_meta({"rule": "phragmen", "vote_type": "choose-1"}) == ("phragmen", None)
    assert rule_from_meta({"rule": "Sequential-Phragmén"}) == ("phragmen", None)
    assert rule_from_meta({"rule": "sequential-phragmen", "vote_type": "ordinal"}) == ("greedy", None)


def test_count_dispatches_and_refuses_unknown_rules():
    assert count(consul_example(), "greedy").winners == ["a", "c"]
    assert count(consul_example(), "greedy-no-skip").winners == ["a"]
    with pytest.raises(ValueError):
        count(consul_example(), "borda")
    with pytest.raises(ValueError):
        count(consul_example(), "mes", completion="magic")


def test_outcome_as_dict_is_plain_json():
    assert count(consul_example()).as_dict() == {
        "rule": "greedy",
        "budget": 1000,
        "spent": 1000,
        "winners": ["a", "c"],
        "voters": 2300,
    }


@pytest.mark.parametrize("seed", range(12))
def test_fast_engine_equals_exact_engine_on_larger_random_elections(seed):
    import random

    rng = random.Random(1000 + seed)
    vote_type = ["approval", "cumulative", "ordinal"][seed % 3]
    costs = {f"p{i:02d}": rng.choice([5, 8, 10, 12, 20, 25, 40]) * 1000 for i in range(rng.randint(5, 15))}
    ids = list(costs)
    ballots = []
    for _ in range(rng.randint(40, 250)):
        chosen = rng.sample(ids, rng.randint(1, min(5, len(ids))))
        ballots.append({p: rng.randint(1, 5) for p in chosen} if vote_type == "cumulative" else chosen)
    budget = sum(costs.values()) // rng.choice([2, 3, 4])
    profile = Profile.build(vote_type=vote_type, budget=budget, projects=list(costs.items()), ballots=ballots)
    election = Election(profile)
    share = Fraction(budget, profile.num_voters)
    for extra in (0, 13, 101, 997):
        assert election.run(share + extra) == election.run_exact(share + extra)
    if vote_type == "approval":
        assert phragmen(profile).winners == phragmen(profile, engine="exact").winners
