from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.comments import services
from apps.comments.models import Comment, CommentVote, comment_settings_for
from apps.core.models import AuditEntry
from tests.factories import CommentFactory, ProposalFactory, UserFactory
from tests.helpers import freeze_phase

pytestmark = pytest.mark.django_db


def create(user, target, body="Bonne idée", opinion="in_favour", parent=None):
    return services.comment_create(user=user, target=target, body=body, opinion=opinion, parent=parent)


def test_create_stores_the_comment_counts_it_and_audits(proposal, commenter):
    comment = create(commenter, proposal)
    assert comment.target == proposal
    assert comment.process == proposal.process
    assert comment.depth == 0
    proposal.refresh_from_db()
    assert proposal.comment_count == 1
    assert AuditEntry.objects.filter(action="comments.create", actor=commenter).exists()
    assert comment.get_absolute_url() == f"{proposal.get_absolute_url()}#comment-{comment.pk}"


def test_create_calls_the_notifications(proposal, commenter):
    with mock.patch("apps.notifications.services.notify_comment_created") as notify:
        comment = create(commenter, proposal)
    notify.assert_called_once_with(comment=comment, mentioned_ids=set())


def test_replies_nest_up_to_depth_two_then_are_refused(proposal, commenter, other):
    top = create(commenter, proposal)
    reply = create(other, proposal, parent=top)
    reply2 = create(commenter, proposal, parent=reply)
    assert (top.depth, reply.depth, reply2.depth) == (0, 1, 2)
    top.refresh_from_db()
    assert top.reply_count == 1
    with pytest.raises(ValidationError) as error:
        create(other, proposal, parent=reply2)
    assert "limited to three levels" in str(error.value)
    proposal.refresh_from_db()
    assert proposal.comment_count == 3  # replies count too


def test_reply_must_belong_to_the_same_target(proposal, commenter):
    elsewhere = CommentFactory(target=ProposalFactory(process=proposal.process))
    with pytest.raises(ValidationError):
        create(commenter, proposal, parent=elsewhere)


def test_create_is_refused_when_the_phase_blocks_comments(proposal, commenter):
    with freeze_phase(proposal.process.phases.get(), "after"), pytest.raises(PermissionDenied) as denied:
        create(commenter, proposal)
    assert "Comments closed on" in str(denied.value)
    assert not Comment.objects.exists()


def test_create_refuses_a_text_over_the_process_maximum(proposal, commenter):
    comment_settings_for(proposal.process).comment_max_length = 20
    comment_settings_for(proposal.process).save()
    with pytest.raises(ValidationError) as error:
        create(commenter, proposal, body="x" * 21)
    assert "body" in error.value.message_dict


def test_opinion_is_required(proposal, commenter):
    with pytest.raises(ValidationError) as error:
        create(commenter, proposal, opinion="")
    assert "opinion" in error.value.message_dict


def test_mentions_are_stored_for_existing_active_users(proposal, commenter, other):
    UserFactory(nickname="ghost", is_active=False)
    comment = create(commenter, proposal, body="Merci @Karim et @ghost et @nobody, écrivez à a@karim.fr")
    assert list(comment.mentions.all()) == [other]


def test_edit_marks_edited_and_updates_mentions(proposal, commenter, other):
    comment = create(commenter, proposal)
    services.comment_edit(user=commenter, comment=comment, body="Finalement @karim a raison", opinion="neutral")
    comment.refresh_from_db()
    assert comment.is_edited and comment.edited_at
    assert comment.opinion == "neutral"
    assert list(comment.mentions.all()) == [other]


def test_edit_by_someone_else_is_refused(proposal, commenter, other):
    comment = create(commenter, proposal)
    with pytest.raises(PermissionDenied):
        services.comment_edit(user=other, comment=comment, body="Piraté", opinion="against")


def test_delete_keeps_a_placeholder_and_the_replies(proposal, commenter, other):
    comment = create(commenter, proposal, body="Texte privé")
    reply = create(other, proposal, parent=comment)
    services.comment_delete(user=commenter, comment=comment)
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == ""
    assert Comment.objects.filter(pk=reply.pk, parent=comment).exists()
    proposal.refresh_from_db()
    assert proposal.comment_count == 2  # placeholders stay counted
    with pytest.raises(PermissionDenied):
        services.comment_delete(user=commenter, comment=comment)


def test_cannot_reply_to_a_deleted_comment(proposal, commenter, other):
    comment = create(commenter, proposal)
    services.comment_delete(user=commenter, comment=comment)
    with pytest.raises(ValidationError):
        create(other, proposal, parent=comment)


def test_votes_one_per_user_same_value_removes_other_switches(proposal, commenter, other):
    comment = create(commenter, proposal)
    third = UserFactory()
    assert services.comment_vote(user=other, comment=comment, value=1) == 1
    assert services.comment_vote(user=third, comment=comment, value="1") == 1
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes) == (2, 0)
    assert services.comment_vote(user=other, comment=comment, value=-1) == -1
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes) == (1, 1)
    assert CommentVote.objects.filter(comment=comment, user=other).count() == 1
    assert services.comment_vote(user=other, comment=comment, value=-1) == 0
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes) == (1, 0)
    assert not CommentVote.objects.filter(comment=comment, user=other).exists()


def test_cannot_vote_on_own_comment_or_with_a_bad_value(proposal, commenter, other):
    comment = create(commenter, proposal)
    with pytest.raises(PermissionDenied):
        services.comment_vote(user=commenter, comment=comment, value=1)
    with pytest.raises(ValidationError):
        services.comment_vote(user=other, comment=comment, value=5)
