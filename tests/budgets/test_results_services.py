"""Publishing results (apps/budgets/results_services.py): the projects move to Winner or Not chosen through the
pipeline (their authors are told), the recount files are frozen with their SHA-256, the entry is audited; refused
twice, while the vote is open, and to anybody but the process's administrators. The preview's figures."""

import csv
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from apps.budgets import counting, results_selectors
from apps.budgets.models import CountingCompletion, CountingRule, Project, ResultPublication
from apps.budgets.project_services import project_status_set
from apps.budgets.results_services import results_publish
from apps.core.models import AuditEntry
from apps.core.permissions import is_allowed, refusal_reason
from apps.notifications.models import Notification
from apps.spaces.models import ProcessRole
from apps.voting.rules import pabulib
from tests.budgets.adm_helpers import accepted_proposal, admin_of, registered_projects, voting_process  # noqa: F401
from tests.budgets.results_helpers import counted_budget, results_process
from tests.factories import ProcessRoleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registered_projects")]


@pytest.fixture
def process():
    return results_process()


@pytest.fixture
def admin(process):
    return admin_of(process)


@pytest.fixture
def counted(process):
    return counted_budget(process)


def statuses(budget):
    return dict(Project.objects.filter(budget=budget).values_list("external_id", "status"))


def test_publishing_greedy_moves_every_project_and_tells_their_authors(process, admin, counted):
    budget, projects = counted
    author = UserFactory(language="en")
    projects["library"].proposals.add(accepted_proposal(process, author=author))

    publication = results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)

    W, N = Project.Status.WINNER, Project.Status.NOT_WINNER
    assert statuses(budget) == {"park": W, "bikes": W, "library": N, "trees": W}
    notification = Notification.objects.get(recipient=author, kind=Notification.Kind.STATUS_CHANGED)
    with translation.override("en"):
        assert "Not chosen by the vote" in notification.summary
    stored = ResultPublication.objects.get(budget=budget)
    assert stored == publication and stored.published_by == admin and stored.rule == CountingRule.GREEDY
    assert stored.outcome["winners"] == ["park", "bikes", "trees"]
    assert stored.outcome["spent"] == "98000" and stored.outcome["voters"] == 6
    assert stored.outcome["voters_with_winner"] == 6
    library = next(row for row in stored.outcome["projects"] if row["id"] == "library")
    assert library == {
        "id": "library",
        "pk": projects["library"].pk,
        "cost": "25000",
        "votes": 2,
        "score": 2,
        "selected": False,
        "position": None,
        "reason": "did_not_fit",
        "left": "10000",
        "missing": "15000",
    }
    entry = AuditEntry.objects.get(action="budgets.results_publish")
    assert entry.actor == admin and entry.process_id == process.pk
    assert entry.data["winners"] == ["park", "bikes", "trees"] and entry.data["projects_moved"] == 4
    assert AuditEntry.objects.filter(action="budgets.project_win").count() == 3


def test_the_recount_files_are_frozen_with_their_hashes(admin, counted):
    budget, _projects = counted
    publication = results_publish(budget=budget, rule=CountingRule.MES, completion="none", actor=admin)

    assert publication.pabulib_text == counting.pabulib_text_for_budget(budget)
    assert publication.pabulib_sha256 == hashlib.sha256(publication.pabulib_text.encode()).hexdigest()
    assert publication.csv_sha256 == hashlib.sha256(publication.csv_text.encode()).hexdigest()
    # The CSV: one row per ballot, the voter ids of the Pabulib file, the same projects.
    rows = list(csv.DictReader(io.StringIO(publication.csv_text)))
    assert len(rows) == 6
    votes = {row["voter_id"]: row["vote"] for row in pabulib.read(publication.pabulib_text).votes}
    assert {row["voter_id"]: row["vote"] for row in rows} == votes
    assert sorted(row["vote"] for row in rows)[0] == "bikes,library"
    # Counting the frozen file gives the published winners.
    assert pabulib.read(publication.pabulib_text).profile() is not None
    assert publication.outcome["winners"] == counting.count_budget(budget, rule="mes", completion="none").winners


def test_equal_shares_explanations_are_stored(admin, counted):
    budget, _projects = counted
    publication = results_publish(
        budget=budget, rule=CountingRule.MES, completion=CountingCompletion.GREEDY, actor=admin
    )
    outcome = publication.outcome
    assert outcome["rule"] == "mes" and outcome["completion"] == "greedy"
    assert outcome["share"] and outcome["base_share"] == "16666.67"
    reasons = {row["id"]: row["reason"] for row in outcome["projects"]}
    assert {reasons[pid] for pid in outcome["winners"]} <= {"paid", "completion_fit"}
    for row in outcome["projects"]:
        if row["reason"] == "paid":
            assert row["total"] == row["cost"] and row["payers"] >= 1


def test_publishing_twice_is_refused(admin, counted):
    budget, _projects = counted
    results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)
    with translation.override("en"), pytest.raises(ValidationError, match="already published"):
        results_publish(budget=budget, rule=CountingRule.MES, completion="none", actor=admin)
    assert ResultPublication.objects.count() == 1
    # And the database holds one publication per budget whatever the code does.
    publication = ResultPublication.objects.get()
    publication.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        publication.save()


def test_published_outcomes_are_frozen_in_the_pipeline(admin, counted):
    budget, projects = counted
    results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)
    with translation.override("en"), pytest.raises(ValidationError, match="published"):
        project_status_set(project=projects["park"], to=Project.Status.SELECTED, actor=admin)
    assert Project.objects.get(pk=projects["park"].pk).status == Project.Status.WINNER


def test_refused_while_the_vote_is_open():
    process = voting_process()
    admin = admin_of(process)
    budget, _projects = counted_budget(process)
    with translation.override("en"):
        assert not is_allowed("budgets.publish_results", admin, budget)
        assert "vote is open" in refusal_reason("budgets.publish_results", admin, budget)
        with pytest.raises((PermissionDenied, ValidationError), match="vote is open"):
            results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=admin)
    assert not ResultPublication.objects.exists()
    assert set(statuses(budget).values()) == {Project.Status.SELECTED}


@pytest.mark.parametrize("role", [None, ProcessRole.Role.EVALUATOR, ProcessRole.Role.MODERATOR])
def test_only_the_process_administrators_publish(process, counted, role):
    budget, _projects = counted
    user = UserFactory() if role is None else ProcessRoleFactory(process=process, role=role).user
    assert not is_allowed("budgets.publish_results", user, budget)
    with pytest.raises(PermissionDenied):
        results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=user)
    # An administrator of another process neither.
    other = admin_of(results_process())
    with pytest.raises(PermissionDenied):
        results_publish(budget=budget, rule=CountingRule.GREEDY, completion="none", actor=other)
    assert not ResultPublication.objects.exists()


def test_a_rule_that_does_not_fit_the_budget_is_refused(admin, process):
    budget, _projects = counted_budget(process, ballot_kind="cumulative", points_total=5, max_projects=None)
    with pytest.raises(ValidationError):
        results_publish(budget=budget, rule=CountingRule.PHRAGMEN, completion="none", actor=admin)
    assert not ResultPublication.objects.exists()


def test_the_preview_counts_every_applicable_rule(counted):
    budget, projects = counted
    preview = results_selectors.results_preview(budget)
    by_key = {item.option.key: item for item in preview.rules}
    assert list(by_key) == ["greedy", "greedy-no-skip", "mes", "mes-greedy", "phragmen"]
    assert [p.external_id for p in by_key["greedy"].winners] == ["park", "bikes", "trees"]
    assert [p.external_id for p in by_key["greedy-no-skip"].winners] == ["park", "bikes"]
    assert by_key["greedy"].spent == 98000 and by_key["greedy-no-skip"].spent == 90000
    assert by_key["greedy"].voters_with_winner == 6 and by_key["greedy-no-skip"].voters_with_winner == 5
    for key in ("mes", "mes-greedy", "phragmen"):
        assert [p.external_id for p in by_key[key].winners] == counting.count_budget(
            budget, rule=by_key[key].option.rule, completion=by_key[key].option.completion
        ).winners
    assert preview.ballots == 6
    assert by_key["greedy"].is_budget_rule
    different = {project.external_id for project, _chosen in preview.differences}
    assert "trees" in different and "park" not in different
    assert projects["park"] in preview.agreed


def test_the_preview_adds_the_minimum_score_and_drops_rules_that_need_amounts(process):
    budget, _projects = counted_budget(process, min_score=2)
    keys = [option.key for option in results_selectors.rule_options(budget)]
    assert "greedy-min-score" in keys
    by_key = {item.option.key: item for item in results_selectors.results_preview(budget).rules}
    assert [p.external_id for p in by_key["greedy-min-score"].winners] == ["park", "bikes"]
    ranked, _projects = counted_budget(process, ballot_kind="ranked", max_projects=3)
    assert "phragmen" not in [option.key for option in results_selectors.rule_options(ranked)]
