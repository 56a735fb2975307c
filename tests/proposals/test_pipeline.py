"""The proposal status pipeline: one table (Proposal.TRANSITIONS), one service (proposal_status_set)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from apps.core.models import AuditEntry
from apps.notifications import services as notification_services
from apps.notifications.models import Notification
from apps.proposals import services
from apps.proposals.models import Proposal
from apps.proposals.pipeline import MOVE_RULES, PIPELINE
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

ALLOWED = {(source, target) for source, targets in Proposal.TRANSITIONS.items() for target in targets}
FORBIDDEN = sorted(set(PIPELINE.pairs()) - ALLOWED)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _in(status, *, process, author):
    return ProposalFactory(
        process=process,
        author=author,
        status=status,
        published_at=None if status == "draft" else timezone.now(),
        withdrawn_at=timezone.now() if status == "withdrawn" else None,
        reference=None,
    )


def test_the_table_holds_the_expected_moves_each_with_its_rule():
    assert ALLOWED == {
        ("draft", "published"),
        ("published", "withdrawn"),
        ("published", "merged"),
        ("published", "evaluating"),
        ("evaluating", "accepted"),
        ("evaluating", "rejected"),
        ("evaluating", "withdrawn"),
        ("evaluating", "merged"),
    }
    assert set(MOVE_RULES) == ALLOWED


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_every_forbidden_move_is_refused_and_nothing_changes(source, target, process, citizen):
    proposal = _in(source, process=process, author=citizen)
    with pytest.raises(ValidationError) as refused:
        services.proposal_status_set(proposal=proposal, to=target, actor=citizen)
    labels = dict(Proposal.Status.choices)
    expected = f"A proposal cannot go from {labels[source]} to {labels[target]}."
    assert refused.value.message_dict == {"status": [expected]}
    proposal.refresh_from_db()
    assert proposal.status == source
    assert not AuditEntry.objects.filter(target_id=str(proposal.pk)).exists()
    assert not Notification.objects.exists()


def test_the_message_names_the_statuses():
    with pytest.raises(ValidationError) as refused:
        PIPELINE.check("withdrawn", "draft")
    assert refused.value.messages == ["A proposal cannot go from Withdrawn to Draft."]


def test_withdrawing_is_audited_with_before_and_after_and_tells_followers(process, citizen):
    proposal = _in("published", process=process, author=citizen)
    follower = UserFactory(language="en")
    notification_services.follow_add(user=follower, target=proposal)
    services.proposal_status_set(proposal=proposal, to="withdrawn", actor=citizen)
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn" and proposal.withdrawn_at is not None
    entry = AuditEntry.objects.get(action="proposals.withdraw", target_id=str(proposal.pk))
    assert entry.data["before"] == "published" and entry.data["after"] == "withdrawn"
    notification = Notification.objects.get(recipient=follower)
    assert notification.kind == Notification.Kind.STATUS_CHANGED
    assert notification.data["title"] == proposal.title
    assert notification.data["url"] == proposal.get_absolute_url()
    assert notification.data["status"] == "withdrawn"
    assert notification.summary == f"“{proposal.title}” has a new status: Withdrawn"
    assert not Notification.objects.filter(recipient=citizen).exists()  # the actor is not told of their own act


def test_publishing_goes_through_the_service(process, citizen, category):
    proposal = _in("draft", process=process, author=citizen)
    proposal.category = category
    proposal.save()
    services.proposal_publish(proposal=proposal, user=citizen)
    proposal.refresh_from_db()
    assert proposal.status == "published" and proposal.reference and proposal.published_at
    entry = AuditEntry.objects.get(action="proposals.publish", target_id=str(proposal.pk))
    assert entry.data == {"before": "draft", "after": "published", "reference": proposal.reference}


def test_an_allowed_move_still_asks_its_rule(process, citizen):
    proposal = _in("published", process=process, author=citizen)
    with pytest.raises(PermissionDenied, match="Only the author can withdraw this proposal."):
        services.proposal_status_set(proposal=proposal, to="withdrawn", actor=UserFactory())
    with pytest.raises(PermissionDenied, match="Only the author can continue this draft."):
        services.proposal_status_set(
            proposal=_in("draft", process=process, author=citizen), to="published", actor=UserFactory()
        )


def test_unknown_status_is_refused(process, citizen):
    proposal = _in("published", process=process, author=citizen)
    with pytest.raises(ValidationError):
        services.proposal_status_set(proposal=proposal, to="archived", actor=citizen)


def test_staff_answer_is_stored_shown_audited_and_tells_the_author(client, process, citizen, process_admin):
    proposal = _in("published", process=process, author=citizen)
    services.proposal_status_set(
        proposal=proposal, to="published", actor=process_admin, answer="  Merci, nous l'étudions.\n"
    )
    proposal.refresh_from_db()
    assert proposal.answer == "Merci, nous l'étudions." and proposal.answered_at is not None
    entry = AuditEntry.objects.get(action="proposals.answer", target_id=str(proposal.pk))
    assert entry.data["answer"] == proposal.answer
    notification = Notification.objects.get(recipient=citizen)
    assert notification.data["excerpt"] == "Merci, nous l'étudions."
    assert notification.summary == f"“{proposal.title}” has been updated"
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="proposal-answer"' in html and "Merci, nous l&#x27;étudions." in html


def test_citizens_cannot_answer(process, citizen):
    proposal = _in("published", process=process, author=citizen)
    with pytest.raises(PermissionDenied):
        services.proposal_status_set(proposal=proposal, to="published", actor=citizen, answer="Moi-même")


def test_admin_save_refuses_a_forbidden_move_and_routes_an_allowed_one(process, citizen, process_admin):
    withdrawn = _in("withdrawn", process=process, author=citizen)
    withdrawn.status = "published"
    with pytest.raises(ValidationError):
        services.proposal_admin_save(proposal=withdrawn, actor=process_admin, is_new=False)
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"

    official = _in("draft", process=process, author=process_admin)
    official.status = "published"
    services.proposal_admin_save(proposal=official, actor=process_admin, is_new=False)
    official.refresh_from_db()
    assert official.status == "published"
    assert AuditEntry.objects.filter(action="proposals.publish", target_id=str(official.pk)).exists()


def test_admin_cannot_create_a_withdrawn_proposal(process, process_admin):
    proposal = Proposal(process=process, author=process_admin, title="Une proposition officielle", body="Texte")
    proposal.status = "withdrawn"
    with pytest.raises(ValidationError):
        services.proposal_admin_save(proposal=proposal, actor=process_admin, is_new=True)
