"""Reclassification (CONSUL's "reclassified votes"): unselecting a project or moving it to another budget while the
vote is open takes it off the ballots and baskets that hold it, in one transaction; their voters are told and the
audit entry says how many ballots were fixed. Once the vote has closed, the ballots are frozen."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.budgets import project_services as services
from apps.budgets.models import Ballot, BallotItem, BasketItem, Channel, Project
from apps.core.models import AuditEntry
from apps.notifications.models import Notification
from apps.spaces.phases import PhaseKind
from tests.budgets.adm_helpers import (
    admin_of,
    basket,
    closed_vote_process,
    confirmed_ballot,
    process_in,
    registered_projects,  # noqa: F401 (a fixture, used below)
    voting_process,
)
from tests.factories import BudgetFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registered_projects")]


@pytest.fixture
def vote():
    process = voting_process()
    budget = BudgetFactory(process=process)
    projects = [ProjectFactory(budget=budget) for _ in range(4)]
    return {"process": process, "admin": admin_of(process), "budget": budget, "projects": projects}


def _reclassified(user):
    return Notification.objects.filter(recipient=user, kind=Notification.Kind.BALLOT_RECLASSIFIED)


def test_unselecting_during_the_vote_fixes_ballots_and_baskets_and_tells_their_voters(vote):
    gone, kept, other = vote["projects"][0], vote["projects"][1], vote["projects"][2]
    alice, bob, carol, dan = (UserFactory(language=lang) for lang in ("en", "fr", "fr", "fr"))
    holding = confirmed_ballot(vote["budget"], [gone, kept], voter=alice)
    also = confirmed_ballot(vote["budget"], [gone], voter=bob)
    untouched = confirmed_ballot(vote["budget"], [kept, other], voter=carol)
    filling = basket(vote["budget"], [gone, other], voter=dan)

    services.project_status_set(project=gone, to=Project.Status.CANDIDATE, actor=vote["admin"])

    assert Project.objects.get(pk=gone.pk).status == Project.Status.CANDIDATE
    assert not BallotItem.objects.filter(project=gone).exists()
    assert not BasketItem.objects.filter(project=gone).exists()
    assert list(holding.items.values_list("project_id", flat=True)) == [kept.pk]
    assert list(filling.basket.values_list("project_id", flat=True)) == [other.pk]
    assert untouched.items.count() == 2
    # The ballots stay confirmed (with what is left): the voters may change them until the vote closes.
    assert Ballot.objects.filter(pk__in=[holding.pk, also.pk], confirmed_at__isnull=False).count() == 2
    for voter in (alice, bob, dan):
        assert _reclassified(voter).count() == 1
    assert not _reclassified(carol).exists()
    with translation.override("en"):
        assert "is no longer on the ballot" in _reclassified(alice).get().summary
    with translation.override("fr"):
        assert _reclassified(bob).get().summary != _reclassified(bob).get().data["title"]
    entry = AuditEntry.objects.get(action="budgets.project_unselect")
    assert entry.data == {"before": "selected", "after": "candidate", "ballots": 2, "baskets": 1}
    assert entry.actor == vote["admin"]


def test_ranks_stay_contiguous_after_a_ranked_project_is_removed(vote):
    first, second, third = vote["projects"][:3]
    ballot = confirmed_ballot(vote["budget"], [first, second, third], ranked=True)
    filling = basket(vote["budget"], [second, first, third], ranked=True)

    services.project_status_set(project=first, to=Project.Status.CANDIDATE, actor=vote["admin"])

    assert list(ballot.items.order_by("rank").values_list("project_id", "rank")) == [(second.pk, 1), (third.pk, 2)]
    assert list(filling.basket.order_by("rank").values_list("project_id", "rank")) == [(second.pk, 1), (third.pk, 2)]


def test_paper_ballots_are_fixed_without_anyone_to_tell(vote):
    gone = vote["projects"][0]
    paper = confirmed_ballot(vote["budget"], [gone, vote["projects"][1]], channel=Channel.PAPER)

    services.project_status_set(project=gone, to=Project.Status.CANDIDATE, actor=vote["admin"])

    assert paper.items.count() == 1
    assert not Notification.objects.filter(kind=Notification.Kind.BALLOT_RECLASSIFIED).exists()
    assert AuditEntry.objects.get(action="budgets.project_unselect").data["ballots"] == 1


def test_moving_a_project_during_the_vote_fixes_the_former_budgets_ballots(vote):
    moved = vote["projects"][0]
    district = BudgetFactory(process=vote["process"])
    voter = UserFactory()
    ballot = confirmed_ballot(vote["budget"], [moved, vote["projects"][1]], voter=voter)

    project, fixed = services.project_move(project=moved, budget=district, actor=vote["admin"])

    assert Project.objects.get(pk=moved.pk).budget == district
    assert project.status == Project.Status.SELECTED
    assert (fixed.ballots, fixed.baskets) == (1, 0)
    assert list(ballot.items.values_list("project_id", flat=True)) == [vote["projects"][1].pk]
    assert _reclassified(voter).count() == 1
    entry = AuditEntry.objects.get(action="budgets.project_move")
    assert entry.data == {"from": vote["budget"].pk, "to": district.pk, "ballots": 1, "baskets": 0}


def test_a_project_moves_only_within_its_process(vote):
    elsewhere = BudgetFactory(process=process_in(PhaseKind.VOTING))
    with pytest.raises(ValidationError):
        services.project_move(project=vote["projects"][0], budget=elsewhere, actor=vote["admin"])
    with pytest.raises(ValidationError):
        services.project_move(project=vote["projects"][0], budget=vote["budget"], actor=vote["admin"])
    assert Project.objects.get(pk=vote["projects"][0].pk).budget == vote["budget"]


def test_a_project_without_ballots_is_unselected_quietly(vote):
    services.project_status_set(project=vote["projects"][3], to=Project.Status.CANDIDATE, actor=vote["admin"])
    assert not Notification.objects.filter(kind=Notification.Kind.BALLOT_RECLASSIFIED).exists()
    assert AuditEntry.objects.get(action="budgets.project_unselect").data == {
        "before": "selected",
        "after": "candidate",
        "ballots": 0,
        "baskets": 0,
    }


def test_once_the_vote_has_closed_ballots_are_frozen():
    process = closed_vote_process()
    admin = admin_of(process)
    budget = BudgetFactory(process=process)
    other = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget)
    ballot = confirmed_ballot(budget, [project])

    with pytest.raises(ValidationError) as refused:
        services.project_status_set(project=project, to=Project.Status.CANDIDATE, actor=admin)
    assert "frozen" in str(refused.value) or "figé" in str(refused.value)
    with pytest.raises(ValidationError):
        services.project_move(project=project, budget=other, actor=admin)

    project.refresh_from_db()
    assert (project.status, project.budget) == (Project.Status.SELECTED, budget)
    assert ballot.items.get().project == project
    assert not AuditEntry.objects.filter(action__in=["budgets.project_unselect", "budgets.project_move"]).exists()


def test_a_failed_reclassification_changes_nothing(vote, monkeypatch):
    gone = vote["projects"][0]
    ballot = confirmed_ballot(vote["budget"], [gone])

    def broken(**kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(services.notification_services, "notify_ballot_reclassified", broken)
    with pytest.raises(RuntimeError):
        services.project_status_set(project=gone, to=Project.Status.CANDIDATE, actor=vote["admin"])

    assert Project.objects.get(pk=gone.pk).status == Project.Status.SELECTED
    assert ballot.items.get().project == gone
