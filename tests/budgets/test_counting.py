"""The bridge from the database to the counting rules: profiles from confirmed ballots only, each ballot kind,
the budget's own rule, the query count, and the anonymised Pabulib export parsed back."""

import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from apps.budgets import counting
from apps.budgets.models import Ballot, BallotItem, Budget, Channel, CountingRule
from apps.voting.rules.count import count as count_profile
from apps.voting.rules.pabulib import parse
from tests.budgets.adm_helpers import admin_of, basket, closed_vote_process, confirmed_ballot
from tests.factories import BudgetFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def ballots(budget, contents, *, channel=Channel.PAPER):
    """Confirmed ballots without a voter (paper), each holding `contents[i]`: a list of projects, of
    (project, points) pairs for cumulative ballots, or of projects in rank order for ranked ones."""
    ranked = budget.ballot_kind == Budget.BallotKind.RANKED
    made = []
    for content in contents:
        ballot = Ballot.objects.create(budget=budget, channel=channel, confirmed_at=timezone.now())
        items = []
        for position, entry in enumerate(content, start=1):
            project, points = entry if isinstance(entry, tuple) else (entry, 1)
            items.append(BallotItem(ballot=ballot, project=project, points=points, rank=position if ranked else None))
        BallotItem.objects.bulk_create(items)
        made.append(ballot)
    return made


def consul_budget(**fields):
    """CONSUL's worked example: budget 1000; (votes, cost) of (900, 800), (800, 300), (600, 200)."""
    budget = BudgetFactory(process=closed_vote_process(), total_amount=1000, max_projects=3, **fields)
    big = ProjectFactory(budget=budget, cost=800, external_id="big")
    mid = ProjectFactory(budget=budget, cost=300, external_id="mid")
    small = ProjectFactory(budget=budget, cost=200, external_id="small")
    # 600 voters approve all three, 200 big and mid, 100 big alone: 900, 800, 600.
    contents = [[big, mid, small]] * 600 + [[big, mid]] * 200 + [[big]] * 100
    rows = [Ballot(budget=budget, channel=Channel.PAPER, confirmed_at=timezone.now()) for _ in contents]
    Ballot.objects.bulk_create(rows)
    rows = list(Ballot.objects.filter(budget=budget).order_by("pk"))
    BallotItem.objects.bulk_create(
        BallotItem(ballot=ballot, project=project)
        for ballot, content in zip(rows, contents, strict=True)
        for project in content
    )
    return budget, (big, mid, small)


def test_consul_worked_example_through_real_ballots():
    budget, (big, mid, small) = consul_budget()
    profile = counting.profile_from_budget(budget)
    assert profile.approvals() == {"big": 900, "mid": 800, "small": 600}
    outcome = counting.count_budget(budget)
    assert outcome.winners == ["big", "small"]
    assert outcome.spent == 1000 and outcome.budget == 1000 and outcome.voters == 900
    # No-skip stops at the 300 project that does not fit.
    assert counting.count_budget(budget, rule=CountingRule.GREEDY_NO_SKIP).winners == ["big"]
    # A minimum of 700 votes keeps the 600 project out.
    assert counting.count_budget(budget, min_score=700).winners == ["big"]


def test_the_budget_own_rule_min_score_and_completion_are_the_defaults():
    budget, _projects = consul_budget(min_score=Decimal("700"))
    assert counting.count_budget(budget).winners == ["big"]
    assert counting.count_budget(budget, min_score=None).winners == ["big", "small"]
    budget.counting_rule = CountingRule.MES
    budget.min_score = None
    budget.full_clean()
    budget.save()
    outcome = counting.count_budget(budget)
    assert outcome.rule == "mes"
    assert outcome.winners == count_profile(counting.profile_from_budget(budget), "mes").winners


def test_approval_profile_ignores_unconfirmed_ballots_and_baskets():
    process = closed_vote_process()
    budget = BudgetFactory(process=process, max_projects=3)
    a, b, c = (ProjectFactory(budget=budget, external_id=x) for x in "abc")
    confirmed_ballot(budget, [a, b])
    confirmed_ballot(budget, [b, a], channel=Channel.ASSISTED)
    ballots(budget, [[c]])
    basket(budget, [c])  # not confirmed: a basket never counts
    # A confirmed ballot whose voter is changing it: the basket differs, the confirmed items count.
    changing = confirmed_ballot(budget, [a])
    changing.basket.create(project=c)
    profile = counting.profile_from_budget(budget)
    assert profile.vote_type == "approval"
    assert profile.ballots == {("a", "b"): 2, ("c",): 1, ("a",): 1}
    assert profile.num_voters == 4
    assert profile.budget == 100000
    assert set(profile.projects) == {"a", "b", "c"}


def test_choose_one_cumulative_and_ranked_profiles():
    process = closed_vote_process()
    one = BudgetFactory(process=process, max_projects=1)
    p1, p2 = ProjectFactory(budget=one), ProjectFactory(budget=one)
    ballots(one, [[p1], [p2], [p2]])
    profile = counting.profile_from_budget(one)
    assert profile.vote_type == "choose-1"
    # Projects without an external id are named by their number.
    assert profile.ballots == {(str(p1.pk),): 1, (str(p2.pk),): 2}

    cumul = BudgetFactory(process=process, ballot_kind="cumulative", points_total=5, max_projects=None)
    x, y = ProjectFactory(budget=cumul, external_id="x"), ProjectFactory(budget=cumul, external_id="y")
    ballots(cumul, [[(x, 3), (y, 2)], [(y, 2), (x, 3)], [(y, 5)]])
    profile = counting.profile_from_budget(cumul)
    assert profile.vote_type == "cumulative"
    assert profile.ballots == {(("x", 3), ("y", 2)): 2, (("y", 5),): 1}
    assert counting.count_budget(cumul).winners[0] == "y"  # 9 points against 6

    ranked = BudgetFactory(process=process, ballot_kind="ranked", max_projects=3)
    r = [ProjectFactory(budget=ranked, external_id=f"r{i}", cost=40000) for i in range(3)]
    ballots(ranked, [[r[2], r[0]], [r[2], r[1], r[0]], [r[0], r[2]]])
    profile = counting.profile_from_budget(ranked)
    assert profile.vote_type == "ordinal"
    assert profile.ballots == {("r2", "r0"): 1, ("r2", "r1", "r0"): 1, ("r0", "r2"): 1}
    # Rank points (K = 3): r2 gets 3+3+2, r0 2+1+3, r1 2; two fit in 100,000.
    assert counting.count_budget(ranked).winners == ["r2", "r0"]

    knapsack = BudgetFactory(process=process, ballot_kind="knapsack", max_projects=None)
    assert counting.vote_type_for(knapsack) == "approval"


def test_impossible_combinations_are_clear_errors():
    process = closed_vote_process()
    no_amounts = BudgetFactory(process=process, total_amount=None)
    ranked = BudgetFactory(process=process, ballot_kind="ranked", max_projects=3)
    with translation.override("en"):
        with pytest.raises(counting.CountingError, match="need amounts"):
            counting.count_budget(no_amounts, rule="mes")
        with pytest.raises(counting.CountingError, match="approval ballots only"):
            counting.count_budget(ranked, rule="phragmen")
        with pytest.raises(counting.CountingError, match="greedy rules only"):
            counting.count_budget(ranked, rule="mes", min_score=3)
        with pytest.raises(counting.CountingError, match="Unknown counting rule"):
            counting.count_budget(ranked, rule="borda")
        # The model refuses them too (the back-office form shows these next to the fields).
        no_amounts.counting_rule = CountingRule.PHRAGMEN
        with pytest.raises(ValidationError) as info:
            no_amounts.full_clean()
        assert "counting_rule" in info.value.message_dict
        ranked.counting_rule = CountingRule.PHRAGMEN
        with pytest.raises(ValidationError) as info:
            ranked.full_clean()
        assert "approval ballots only" in info.value.message_dict["counting_rule"][0]
        ranked.counting_rule = CountingRule.MES
        ranked.counting_completion = "greedy"
        ranked.full_clean()  # MES with a completion: fine...
        ranked.min_score = Decimal("3")
        with pytest.raises(ValidationError) as info:
            ranked.full_clean()
        assert "greedy rules only" in info.value.message_dict["min_score"][0]
        ranked.counting_rule = CountingRule.GREEDY
        with pytest.raises(ValidationError) as info:
            ranked.full_clean()  # ...but not with greedy
        assert list(info.value.message_dict) == ["counting_completion"]


def test_a_budget_without_amounts_ranks_every_project_in():
    budget = BudgetFactory(process=closed_vote_process(), total_amount=None)
    a, b = (
        ProjectFactory(budget=budget, external_id="a", cost=0),
        ProjectFactory(budget=budget, external_id="b", cost=0),
    )
    ballots(budget, [[b], [a, b]])
    assert counting.count_budget(budget).winners == ["b", "a"]


def test_query_count_does_not_grow_with_the_ballots():
    process = closed_vote_process()

    def queries(n):
        budget = BudgetFactory(process=process, max_projects=3)
        projects = [ProjectFactory(budget=budget) for _ in range(4)]
        ballots(budget, [projects[i % 4 : i % 4 + 2] for i in range(n)])
        budget = Budget.objects.get(pk=budget.pk)
        with CaptureQueriesContext(connection) as ctx:
            profile = counting.profile_from_budget(budget)
        assert profile.num_voters == n
        return len(ctx.captured_queries)

    assert queries(10) == queries(300)
    assert queries(10) <= 4


def test_export_parses_back_with_the_same_winners_and_anonymous_ids(settings):
    budget, _projects = consul_budget()
    code_ballot = confirmed_ballot(budget, [])
    text = counting.pabulib_text_for_budget(budget)
    assert counting.pabulib_text_for_budget(budget) == text  # byte-identical: its SHA-256 is published
    pf = parse(text)
    assert pf.meta["rule"] == "greedy"
    assert pf.meta["vote_type"] == "approval" and pf.meta["budget"] == "1000"
    assert pf.meta["num_votes"] == "901" and pf.meta["max_length"] == "3"
    assert [(p["project_id"], p["cost"], p["votes"]) for p in pf.projects] == [
        ("big", "800", "900"),
        ("mid", "300", "800"),
        ("small", "200", "600"),
    ]
    ids = [v["voter_id"] for v in pf.votes]
    assert ids == sorted(ids) and len(set(ids)) == 901
    assert all(len(i) == 16 for i in ids)
    # The ballot with a receipt code is found by its code, and it is empty here.
    mine = counting.receipt_voter_id(code_ballot.receipt_code)
    assert mine == hashlib.sha256(f"pbplatform-receipt:{code_ballot.receipt_code}".encode()).hexdigest()[:16]
    assert [v["vote"] for v in pf.votes if v["voter_id"] == mine] == [""]
    # Ballot numbers do not show: the ids are not the sequential numbers nor in the order of the ballots.
    pks = list(
        Ballot.objects.filter(budget=budget, receipt_code__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    assert [counting.anonymous_voter_id(pk) for pk in pks] != sorted(counting.anonymous_voter_id(pk) for pk in pks)
    profile = pf.profile()
    assert count_profile(profile, "greedy").winners == counting.count_budget(budget).winners == ["big", "small"]
    assert profile.ballots == counting.profile_from_budget(budget).ballots


def test_export_of_cumulative_and_threshold_rules():
    process = closed_vote_process()
    budget = BudgetFactory(
        process=process, ballot_kind="cumulative", points_total=5, max_projects=None, min_score=Decimal("4.5")
    )
    x, y = ProjectFactory(budget=budget, external_id="x", cost="100.50"), ProjectFactory(budget=budget, external_id="y")
    ballots(budget, [[(x, 3), (y, 2)], [(y, 2)]])
    pf = parse(counting.pabulib_text_for_budget(budget))
    assert pf.meta["rule"] == "greedy-threshold" and pf.meta["min_project_score_threshold"] == "4.5"
    assert pf.meta["max_sum_points"] == "5"
    assert [(p["project_id"], p["cost"], p["votes"], p["score"]) for p in pf.projects] == [
        ("x", "100.5", "1", "3"),
        ("y", "10000", "2", "4"),
    ]
    assert sorted((v["vote"], v["points"]) for v in pf.votes) == [("x,y", "3,2"), ("y", "2")]
    # 3 and 4 points, both below 4.5: nobody wins.
    assert counting.count_budget(budget).winners == []


def test_imported_channel_is_allowed_without_voter_nor_receipt():
    budget = BudgetFactory(process=closed_vote_process())
    ballot = Ballot.objects.create(budget=budget, channel=Channel.IMPORTED, confirmed_at=timezone.now())
    assert ballot.voter is None and ballot.receipt_code is None


def test_budget_form_edits_the_counting_settings(client):
    from apps.budgets import project_services

    process = closed_vote_process()
    budget = BudgetFactory(process=process, max_projects=3)
    admin = admin_of(process)
    project_services.budget_update(
        actor=admin, budget=budget, data={"counting_rule": "mes", "counting_completion": "greedy"}
    )
    budget.refresh_from_db()
    assert (budget.counting_rule, budget.counting_completion) == ("mes", "greedy")
    with pytest.raises(ValidationError):
        project_services.budget_update(actor=admin, budget=budget, data={"min_score": Decimal("10")})


def test_budget_edit_page_offers_the_counting_rule_and_refuses_phragmen_on_rankings(client):
    from django.urls import reverse

    process = closed_vote_process()
    budget = BudgetFactory(process=process, ballot_kind="ranked", max_projects=3)
    client.force_login(admin_of(process))
    with translation.override("en"):
        edit = reverse("budgets_backoffice:budget_edit", kwargs={"budget_id": budget.pk})
        page = client.get(edit).content.decode()
        assert 'name="counting_rule"' in page and 'name="min_score"' in page
        assert "Method of Equal Shares" in page and "Greedy rules only" in page
        data = {
            "title_fr": "Classement",
            "ballot_kind": "ranked",
            "max_projects": 3,
            "total_amount": "100000",
            "currency": "EUR",
            "min_projects": 0,
            "min_spend_percent": 0,
            "position": 0,
            "counting_rule": "phragmen",
            "counting_completion": "none",
        }
        response = client.post(edit, data)
        assert response.status_code == 400
        assert "Phragmén counts approval ballots only" in response.content.decode()
        response = client.post(edit, {**data, "counting_rule": "greedy", "min_score": "12"})
    assert response.status_code == 302
    budget.refresh_from_db()
    assert (budget.counting_rule, budget.min_score) == ("greedy", Decimal("12"))
