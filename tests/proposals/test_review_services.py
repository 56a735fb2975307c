"""Review rules (cost and answer), statuses through proposal_status_set, publication and its notifications,
and one audit entry with before and after for each action."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.models import AuditEntry
from apps.notifications import services as notification_services
from apps.notifications.models import Notification
from apps.proposals import review_services as services
from apps.proposals import services as proposal_services
from apps.proposals.models import InternalNote, Proposal, Review, ReviewAssignment, proposal_settings_for
from tests.factories import ProposalFactory, UserFactory
from tests.proposals.review_helpers import feasible

pytestmark = pytest.mark.django_db


def _entries(proposal, action):
    return list(AuditEntry.objects.filter(target_id=str(proposal.pk), action=action).order_by("pk"))


def test_assignment_moves_to_evaluation_and_is_audited_once_with_before_and_after(team, english):
    proposal = team["proposal"]
    assert proposal.status == Proposal.Status.EVALUATING
    [entry] = _entries(proposal, "proposals.review_assign")
    assert entry.actor == team["admin"]
    assert entry.data["before"] == {"evaluators": []}
    assert entry.data["after"]["evaluators"] == [team["evaluator"].pk]
    [move] = _entries(proposal, "proposals.evaluate")
    assert move.data["before"] == "published" and move.data["after"] == "evaluating"


def test_bulk_assignment_to_several_evaluators_with_a_due_date(team, english):
    more = ProposalFactory.create_batch(3, process=team["process"])
    created = services.review_assign(
        proposals=more,
        evaluators=[team["evaluator"], team["other_evaluator"]],
        actor=team["admin"],
        due_date="2030-01-01",
    )
    assert created == 6
    assert ReviewAssignment.objects.filter(proposal__in=more, due_date="2030-01-01").count() == 6
    # Assigning again adds nothing.
    assert services.review_assign(proposals=more, evaluators=[team["evaluator"]], actor=team["admin"]) == 0


def test_only_evaluators_of_the_process_can_be_assigned(team, english):
    with pytest.raises(ValidationError) as refused:
        services.review_assign(proposals=[team["proposal"]], evaluators=[team["moderator"]], actor=team["admin"])
    assert "is not an evaluator of this process" in refused.value.message_dict["evaluators"][0]
    with pytest.raises(PermissionDenied, match="Only the administrators of this process can assign proposals."):
        services.review_assign(proposals=[team["proposal"]], evaluators=[team["evaluator"]], actor=team["other_admin"])


def test_a_feasible_verdict_without_a_cost_is_refused_and_nothing_is_stored(team, english):
    with pytest.raises(ValidationError) as refused:
        services.review_save(proposal=team["proposal"], actor=team["evaluator"], data=feasible(cost=None))
    assert refused.value.message_dict == {"estimated_cost": ["Give the estimated cost of a feasible proposal."]}
    assert not Review.objects.exists()
    assert not _entries(team["proposal"], "proposals.review_save")


def test_a_not_feasible_verdict_without_an_answer_is_refused(team, english):
    with pytest.raises(ValidationError) as refused:
        services.review_save(proposal=team["proposal"], actor=team["evaluator"], data={"verdict": "not_feasible"})
    assert refused.value.message_dict == {
        "public_answer_fr": ["Explain to the author, in a public answer, why it is not feasible."]
    }
    # An answer in any language is enough.
    review = services.review_save(
        proposal=team["proposal"],
        actor=team["evaluator"],
        data={"verdict": "not_feasible", "public_answer_en": "Private land."},
    )
    assert review.public_answer_en == "Private land."


def test_handing_over_needs_a_verdict(team, english):
    with pytest.raises(ValidationError) as refused:
        services.review_save(proposal=team["proposal"], actor=team["evaluator"], data={}, submit="hold")
    assert "verdict" in refused.value.message_dict


def test_saving_the_grid_is_one_audit_entry_with_before_and_after(team, english):
    proposal, evaluator = team["proposal"], team["evaluator"]
    land, feasible_ = team["criteria"]
    services.review_save(
        proposal=proposal,
        actor=evaluator,
        data=feasible(cost="1000"),
        assessments={land.pk: {"met": True, "comment": "Parc"}, feasible_.pk: {"met": None, "comment": ""}},
    )
    services.review_save(
        proposal=proposal,
        actor=evaluator,
        data=feasible(cost="2500.50"),
        assessments={land.pk: {"met": False, "comment": "Privé"}},
    )
    first, second = _entries(proposal, "proposals.review_save")
    assert first.data["before"]["verdict"] is None and first.data["after"]["verdict"] == "feasible"
    assert second.data["before"]["estimated_cost"] == "1000.00"
    assert second.data["after"]["estimated_cost"] == "2500.50"
    assert second.data["before"]["criteria"][str(land.pk)] == {"met": True, "comment": "Parc"}
    assert second.data["after"]["criteria"][str(land.pk)] == {"met": False, "comment": "Privé"}
    assert "verdict" not in second.data["after"]  # unchanged values are not repeated
    review = Review.objects.get()
    assert review.estimated_cost == Decimal("2500.50")
    assert {a.criterion_id: a.met for a in review.assessments.all()} == {land.pk: False, feasible_.pk: None}


def test_held_answers_wait_and_an_evaluator_cannot_publish_them(team, english):
    proposal, evaluator = team["proposal"], team["evaluator"]
    services.review_save(proposal=proposal, actor=evaluator, data=feasible(), submit="hold")
    assert Review.objects.get().answer_state == Review.AnswerState.HELD
    with pytest.raises(PermissionDenied, match="Only the administrators of this process can publish answers."):
        services.review_publish_answer(proposal=proposal, actor=evaluator)
    with pytest.raises(PermissionDenied):
        services.review_save(proposal=proposal, actor=evaluator, data=feasible(), submit="publish")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.EVALUATING


def test_evaluators_publish_themselves_when_the_process_says_so(team, english):
    settings = proposal_settings_for(team["process"])
    settings.evaluators_publish_answers = True
    settings.save()
    services.review_save(proposal=team["proposal"], actor=team["evaluator"], data=feasible(), submit="publish")
    team["proposal"].refresh_from_db()
    assert team["proposal"].status == Proposal.Status.ACCEPTED


def test_bulk_publication_moves_statuses_notifies_in_each_language_and_audits(
    team, english, django_capture_on_commit_callbacks
):
    process, admin, evaluator = team["process"], team["admin"], team["evaluator"]
    french_author = UserFactory(language="fr", email_frequency="immediate", email="auteur@example.org")
    accepted, rejected = team["proposal"], ProposalFactory(process=process, author=french_author)
    services.review_assign(proposals=[rejected], evaluators=[evaluator], actor=admin)
    follower = UserFactory(language="en", email_frequency="immediate", email="follower@example.org")
    notification_services.follow_add(user=follower, target=accepted)
    services.review_save(
        proposal=accepted,
        actor=evaluator,
        submit="hold",
        data=feasible(public_answer_fr="Retenu.", public_answer_en="Accepted, it will be built."),
    )
    services.review_save(
        proposal=rejected,
        actor=evaluator,
        submit="hold",
        data={"verdict": "not_feasible", "public_answer_fr": "Terrain privé.", "public_answer_en": "Private land."},
    )
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published, refused = services.answers_publish(process=process, actor=admin)
    assert (published, refused) == (2, [])
    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert (accepted.status, rejected.status) == ("accepted", "rejected")
    assert accepted.answer == "Retenu." and rejected.answer == "Terrain privé."
    # The author and the follower are told, each in their language.
    summaries = {n.recipient_id: n.summary for n in Notification.objects.filter(target_id=accepted.pk)}
    assert summaries[follower.pk] == f"“{accepted.title}” has a new status: Accepted"
    assert summaries[accepted.author_id] == f"“{accepted.title}” has a new status: Accepted"
    french_mail = [m for m in mail.outbox if rejected.author.email in m.to]
    english_mail = [m for m in mail.outbox if follower.email in m.to]
    assert french_mail and english_mail
    # In French (the new status labels get their French text in the final translation pass).
    assert "statut" in french_mail[0].body and "Terrain privé." in french_mail[0].body
    assert "Accepted" in english_mail[0].body and "Retenu." in english_mail[0].body
    [publication] = _entries(accepted, "proposals.answer_publish")
    assert publication.data["before"]["answer_state"] == "held"
    assert publication.data["after"] == {"answer_state": "published", "status": "accepted"}
    [move] = _entries(accepted, "proposals.accept")
    assert move.data["before"] == "evaluating" and move.data["after"] == "accepted"
    assert move.data["answer"] == "Retenu."
    # Nothing is published twice.
    assert services.answers_publish(process=process, actor=admin) == (0, [])
    with pytest.raises(ValidationError, match="already been published"):
        services.review_publish_answer(proposal=accepted, actor=admin)


def test_needs_information_publishes_an_update_and_keeps_the_review_open(team, english):
    proposal, admin = team["proposal"], team["admin"]
    services.review_save(
        proposal=proposal,
        actor=admin,
        submit="publish",
        data={"verdict": "needs_information", "public_answer_en": "Where exactly?"},
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.EVALUATING and proposal.answer == "Where exactly?"
    notification = Notification.objects.get(
        recipient=proposal.author, target_id=proposal.pk, data__excerpt="Where exactly?"
    )
    assert notification.summary == f"“{proposal.title}” has been updated"
    # The review can go on.
    services.review_save(proposal=proposal, actor=team["evaluator"], data=feasible(), submit="hold")
    assert Review.objects.get().answer_state == Review.AnswerState.HELD


def test_the_author_can_withdraw_a_proposal_under_evaluation_and_the_review_closes(team, english):
    proposal = team["proposal"]
    proposal_services.proposal_withdraw(proposal=proposal, user=team["citizen"])
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    with pytest.raises(PermissionDenied, match="no longer open to review"):
        services.review_save(proposal=proposal, actor=team["evaluator"], data=feasible())


@pytest.mark.parametrize(
    ("source", "target", "actor"),
    [
        ("published", "evaluating", "citizen"),
        ("published", "evaluating", "other_evaluator"),
        ("published", "evaluating", "moderator"),
        ("published", "evaluating", "other_admin"),
        ("evaluating", "accepted", "evaluator"),
        ("evaluating", "rejected", "evaluator"),
        ("evaluating", "accepted", "citizen"),
        ("evaluating", "withdrawn", "admin"),
        ("evaluating", "rejected", "other_admin"),
    ],
)
def test_each_allowed_move_still_asks_its_rule(team, english, source, target, actor):
    proposal = ProposalFactory(process=team["process"], author=team["citizen"], status=source)
    if actor == "evaluator":
        ReviewAssignment.objects.create(proposal=proposal, evaluator=team["evaluator"])
    with pytest.raises(PermissionDenied):
        proposal_services.proposal_status_set(proposal=proposal, to=target, actor=team[actor])
    proposal.refresh_from_db()
    assert proposal.status == source


def test_internal_notes_are_threaded_and_audited(team, english):
    proposal = team["proposal"]
    note = services.internal_note_add(proposal=proposal, author=team["evaluator"], body="Coût à vérifier.")
    reply = services.internal_note_add(proposal=proposal, author=team["admin"], body="OK", parent=note)
    deeper = services.internal_note_add(proposal=proposal, author=team["evaluator"], body="Merci", parent=reply)
    assert reply.parent == note and deeper.parent == note  # one level of replies
    assert len(_entries(proposal, "proposals.note_add")) == 3
    with pytest.raises(PermissionDenied):
        services.internal_note_add(proposal=proposal, author=team["moderator"], body="?")
    with pytest.raises(ValidationError):
        services.internal_note_add(proposal=proposal, author=team["admin"], body="   ")
    assert InternalNote.objects.count() == 3
