"""Explaining the outcome (apps/voting/rules/explain.py) on elections worked out by hand, and its invariants on real
Pabulib files: MES payments add up to each winner's cost; a project MES left out was short of money."""

from fractions import Fraction

import pytest

from apps.voting.rules import Profile, count, read
from apps.voting.rules.explain import (
    AFTER_STOP,
    BELOW_MIN_SCORE,
    CHOSEN,
    COMPLETION_FIT,
    DID_NOT_FIT,
    FIT,
    FREE,
    NO_VOTES,
    NO_WEIGHT,
    NOT_REACHED,
    PAID,
    SHORT,
    explain,
    money,
)
from apps.voting.rules.mes import Election, complete_greedily, mes_add1

from .helpers import pabulib_files


def consul_example():
    ballots = [["a"]] * 900 + [["b"]] * 800 + [["c"]] * 600
    return Profile.build(
        vote_type="approval", budget=1000, projects=[("a", 800), ("b", 300), ("c", 200)], ballots=ballots
    )


def poor_voter_example():
    """Budget 100, five voters (a share of 20 each). p1 (54) by voters 1-3, p2 (30) by voters 3-4, p3 (25) by voter 5,
    p4 (10) by nobody.

    MES buys p1 first (three supporters: 18 each). Voter 3 is left with 2, so p2 is out of reach until Add1 raises
    each share to 24: voter 3 then pays the 6 they have left and voter 4 pays 24. At 25, p3 (25) would be bought
    too and the outcome (109) would not fit: the final share is 24, and p3's only supporter had 24 for a cost of 25."""
    return Profile.build(
        vote_type="approval",
        budget=100,
        projects=[("p1", 54), ("p2", 30), ("p3", 25), ("p4", 10)],
        ballots=[["p1"], ["p1"], ["p1", "p2"], ["p2"], ["p3"]],
    )


def test_greedy_explains_the_money_left_at_each_turn():
    result = explain(consul_example(), "greedy")
    assert result.winners == ["a", "c"]
    a, b, c = (result.projects[pid] for pid in "abc")
    assert (a.reason, a.data, a.votes, a.position) == (FIT, {"left": 1000, "left_after": 200}, 900, 1)
    # b lost on money: 200 were left when its turn came, it costs 300.
    assert (b.reason, b.data, b.selected) == (DID_NOT_FIT, {"left": 200, "missing": 100}, False)
    assert (c.reason, c.data, c.position) == (FIT, {"left": 200, "left_after": 0}, 2)
    assert result.ranking == ["a", "b", "c"]


def test_no_skip_says_the_count_stopped_at_an_earlier_project():
    result = explain(consul_example(), "greedy-no-skip")
    assert result.winners == ["a"]
    assert result.projects["b"].reason == DID_NOT_FIT
    c = result.projects["c"]
    assert (c.reason, c.data) == (AFTER_STOP, {"stopped_at": "b", "left": 200})


def test_minimum_score_says_the_project_lost_on_votes():
    result = explain(consul_example(), "greedy", min_score=700)
    assert result.winners == ["a"]
    c = result.projects["c"]
    assert (c.reason, c.data, c.score) == (BELOW_MIN_SCORE, {"min_score": 700}, 600)
    assert result.as_dict()["min_score"] == 700
    # Below the minimum beats "after the stop": it could not have won anyway.
    no_skip = explain(consul_example(), "greedy-no-skip", min_score=700)
    assert no_skip.projects["c"].reason == BELOW_MIN_SCORE


def test_mes_says_who_paid_how_much_and_what_the_losers_lacked():
    profile = poor_voter_example()
    result = explain(profile, "mes")
    assert result.winners == count(profile, "mes").winners == ["p1", "p2"]
    assert (result.base_share, result.share, result.spent) == (20, 24, 84)
    p1, p2, p3, p4 = (result.projects[pid] for pid in ("p1", "p2", "p3", "p4"))
    assert p1.reason == PAID
    assert p1.data == {"supporters": 3, "payers": 3, "min": 18, "max": 18, "typical": 18, "total": 54}
    # Voter 3 had only 6 left after p1: they pay it all, voter 4 pays the rest.
    assert p2.data == {"supporters": 2, "payers": 2, "min": 6, "max": 24, "typical": 6, "total": 30}
    assert (p3.reason, p3.data) == (SHORT, {"supporters": 1, "money_left": 24, "missing": 1})
    assert (p4.reason, p4.votes) == (NO_VOTES, 0)


def test_mes_with_the_greedy_completion_explains_the_completion():
    result = explain(poor_voter_example(), "mes", completion="greedy")
    assert result.winners == ["p1", "p2", "p4"]
    p3, p4 = result.projects["p3"], result.projects["p4"]
    assert (p4.reason, p4.data, p4.position) == (COMPLETION_FIT, {"left": 16, "left_after": 6}, 3)
    assert p3.reason == SHORT and p3.data["completion_left"] == 16


def test_mes_payers_leave_out_supporters_whose_money_had_run_out():
    # Four voters (share 25): x (60) by voters 1-3 costs them 20 each; y (20) by everyone. y goes first (4
    # supporters, 5 each), then x (3 supporters, 20 each). z (50) by voter 1 only: never affordable.
    profile = Profile.build(
        vote_type="approval",
        budget=100,
        projects=[("x", 60), ("y", 20), ("z", 50)],
        ballots=[["x", "y", "z"], ["x", "y"], ["x", "y"], ["y"]],
    )
    result = explain(profile, "mes")
    assert result.winners == count(profile, "mes").winners
    for pid in result.winners:
        data = result.projects[pid].data
        assert data["total"] == profile.projects[pid].cost
        assert data["min"] <= data["typical"] <= data["max"]
    z = result.projects["z"]
    assert z.reason == SHORT and z.data["money_left"] < 50


def test_free_projects_and_elections_without_voters():
    # With points, a free project someone gave points to is bought at once; with approvals (cost satisfaction)
    # it is worth nothing to MES.
    points = Profile.build(
        vote_type="cumulative", budget=10, projects=[("free", 0), ("a", 5)], ballots=[{"free": 1, "a": 2}, {"a": 1}]
    )
    result = explain(points, "mes")
    assert (result.projects["free"].reason, result.projects["free"].position) == (FREE, 1)
    assert result.projects["a"].reason == PAID
    approvals = Profile.build(
        vote_type="approval", budget=10, projects=[("free", 0), ("a", 5)], ballots=[["free", "a"], ["a"]]
    )
    assert explain(approvals, "mes").projects["free"].reason == NO_WEIGHT
    empty = Profile.build(vote_type="approval", budget=10, projects=[("a", 5)], ballots=[])
    for rule in ("mes", "greedy", "phragmen"):
        assert explain(empty, rule).projects["a"].reason in (NO_VOTES, FIT, CHOSEN)
    assert explain(empty, "mes").share is None


def test_cumulative_payments_follow_the_points():
    # Budget 12, two voters (share 6): a (12) gets 3 points from voter 1 and 1 from voter 2; with equal shares
    # voter 1 pays 3 per point... Add1 raises the shares until a is bought, and voter 1 pays three times voter 2.
    profile = Profile.build(
        vote_type="cumulative", budget=12, projects=[("a", 12), ("b", 6)], ballots=[{"a": 3}, {"a": 1, "b": 2}]
    )
    result = explain(profile, "mes")
    assert result.winners == count(profile, "mes").winners
    a = result.projects["a"]
    if a.selected:
        assert a.data["max"] == 3 * a.data["min"]
        assert a.data["total"] == 12


def test_phragmen_explanation():
    profile = poor_voter_example()
    result = explain(profile, "phragmen")
    assert result.winners == count(profile, "phragmen").winners
    assert {result.projects[p].reason for p in result.winners} == {CHOSEN}
    assert result.projects["p3"].reason == NOT_REACHED
    assert result.projects["p4"].reason == NO_VOTES


def test_json_form_is_plain_and_rounds_money_to_the_cent():
    assert money(Fraction(1000, 3)) == "333.33"
    assert money(Fraction(2, 3)) == "0.67"
    assert money(1500) == "1500"
    data = explain(poor_voter_example(), "mes", completion="greedy").as_dict()
    assert data["winners"] == ["p1", "p2", "p4"]
    assert data["share"] == "24" and data["spent"] == "94"
    p2 = next(p for p in data["projects"] if p["id"] == "p2")
    assert p2 == {
        "id": "p2",
        "cost": "30",
        "votes": 2,
        "score": 2,
        "selected": True,
        "position": 2,
        "reason": "paid",
        "supporters": 2,
        "payers": 2,
        "min": "6",
        "max": "24",
        "typical": "6",
        "total": "30",
    }
    with pytest.raises(ValueError):
        explain(poor_voter_example(), "borda")


SMALL_FILES = [path for path in pabulib_files() if path.stat().st_size < 400_000]


@pytest.mark.parametrize("path", SMALL_FILES, ids=[p.stem for p in SMALL_FILES])
def test_mes_explanation_invariants_on_real_files(path):
    profile = read(path).profile()
    result = explain(profile, "mes")
    assert result.winners == count(profile, "mes").winners
    election = Election(profile)
    for project in result.projects.values():
        if project.reason == PAID:
            assert project.data["total"] == project.cost
            assert 0 < project.data["min"] <= project.data["typical"] <= project.data["max"] <= result.share
            assert project.data["payers"] <= project.data["supporters"]
        elif project.reason == SHORT:
            # MES stops only when no project left can be paid for by its supporters.
            assert project.data["money_left"] < project.cost
    assert sum(result.projects[p].cost for p in result.winners) == result.spent <= profile.budget
    # The greedy completion of an MES outcome already counted is mes_add1's own.
    once = mes_add1(profile)
    assert complete_greedily(profile, once).winners == mes_add1(profile, completion="greedy").winners
    assert (
        explain(profile, "mes", completion="greedy", mes_outcome=once).winners
        == complete_greedily(profile, once).winners
    )
    assert election.ids == list(profile.projects)
