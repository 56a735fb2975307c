import pytest
from django.contrib.auth.models import AnonymousUser

from apps.core.permissions import refusal_reason
from apps.spaces.phases import PhaseKind
from tests.factories import CommentFactory, PhaseFactory, ProposalFactory, SitePageFactory, UserFactory
from tests.helpers import freeze_phase

pytestmark = pytest.mark.django_db


def test_signed_in_participant_may_comment_during_a_commenting_phase(proposal, commenter):
    assert refusal_reason("comments.add_comment", commenter, proposal) is None


def test_anonymous_is_asked_to_sign_in(proposal):
    assert refusal_reason("comments.add_comment", AnonymousUser(), proposal) == "Sign in to comment"


def test_phase_after_comments_says_when_they_closed(process, commenter):
    phase = process.phases.get()
    proposal = ProposalFactory(process=process)
    with freeze_phase(phase, "after"):
        reason = refusal_reason("comments.add_comment", commenter, proposal)
    assert reason.startswith("Comments closed on ")
    assert str(phase.end_date.year) in reason


def test_phase_before_comments_says_when_they_open(process, commenter):
    phase = process.phases.get()
    proposal = ProposalFactory(process=process)
    with freeze_phase(phase, "before"):
        reason = refusal_reason("comments.add_comment", commenter, proposal)
    assert reason.startswith("Comments open on ")


def test_information_phase_blocks_comments(commenter):
    phase = PhaseFactory(kind=PhaseKind.INFORMATION)
    proposal = ProposalFactory(process=phase.process)
    assert refusal_reason("comments.add_comment", commenter, proposal) is not None


def test_outdated_terms_block_comments(proposal, commenter):
    SitePageFactory(version="v2")
    assert "accept the updated terms" in refusal_reason("comments.add_comment", commenter, proposal)
    commenter.terms_version = "v2"
    assert refusal_reason("comments.add_comment", commenter, proposal) is None


def test_withdrawn_proposal_accepts_no_new_comments(process, commenter):
    proposal = ProposalFactory(process=process, status="withdrawn")
    assert "withdrawn" in refusal_reason("comments.add_comment", commenter, proposal)


def test_inactive_account_cannot_comment(proposal):
    user = UserFactory(is_active=False)
    assert refusal_reason("comments.add_comment", user, proposal) is not None


def test_only_the_author_may_edit_and_delete(proposal, commenter, other):
    comment = CommentFactory(target=proposal, author=commenter)
    assert refusal_reason("comments.change_comment", commenter, comment) is None
    assert refusal_reason("comments.delete_comment", commenter, comment) is None
    assert refusal_reason("comments.change_comment", other, comment) == "Only the author can edit this comment."
    assert refusal_reason("comments.delete_comment", other, comment) == "Only the author can delete this comment."


def test_deleted_comment_cannot_be_edited(proposal, commenter):
    from django.utils import timezone

    comment = CommentFactory(target=proposal, author=commenter, deleted_at=timezone.now())
    assert refusal_reason("comments.change_comment", commenter, comment) == "This comment has been deleted."


def test_vote_rules(proposal, commenter, other):
    comment = CommentFactory(target=proposal, author=commenter)
    assert refusal_reason("comments.vote_comment", other, comment) is None
    assert refusal_reason("comments.vote_comment", commenter, comment) == "You cannot vote on your own comment."
    assert refusal_reason("comments.vote_comment", AnonymousUser(), comment) == "Sign in to vote on comments"
