"""Reports, automatic hiding, decisions and blocks, through the services (the rules are asked there too)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.accounts.models import User
from apps.comments.models import Comment
from apps.core.models import AuditEntry
from apps.moderation import services
from apps.moderation.models import Block, ModeratedItem, ModerationSettings, Report
from apps.notifications.models import Notification
from apps.proposals.models import Proposal
from tests.factories import CommentFactory, ProcessRoleFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def report(user, target, reason=Report.Reason.SPAM, text=""):
    return services.report_create(user=user, target=target, reason=reason, text=text)


def item_of(target):
    return ModeratedItem.objects.get(object_id=target.pk, content_type__model=target._meta.model_name)


class TestReports:
    def test_a_report_opens_a_pending_item(self, comment, citizen):
        created = report(citizen, comment, Report.Reason.OFFENSIVE, "  insultes  ")
        item = item_of(comment)
        assert (created.reason, created.text, created.item) == ("offensive", "insultes", item)
        assert (item.status, item.report_count, item.process, item.author) == (
            "pending",
            1,
            comment.process,
            comment.author,
        )
        assert item.url.endswith(f"#comment-{comment.pk}")

    def test_one_report_per_person_and_item(self, proposal, citizen):
        report(citizen, proposal)
        with pytest.raises(ValidationError, match="You have already reported this."):
            report(citizen, proposal, Report.Reason.OTHER)
        assert Report.objects.count() == 1
        assert item_of(proposal).report_count == 1

    def test_the_unique_constraint_holds_without_the_service(self, proposal, citizen):
        report(citizen, proposal)
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Report.objects.create(item=item_of(proposal), reporter=citizen, reason="spam")

    def test_own_content_refused_with_the_reason(self, proposal):
        with pytest.raises(PermissionDenied, match="You cannot report your own content."):
            report(proposal.author, proposal)

    def test_users_can_be_reported_but_not_oneself(self, citizen):
        troll = UserFactory()
        report(citizen, troll, Report.Reason.OFFENSIVE)
        item = item_of(troll)
        assert (item.process, item.author, item.status) == (None, troll, "pending")
        with pytest.raises(PermissionDenied, match="You cannot report your own content."):
            report(troll, troll)

    def test_unknown_reason_refused(self, proposal, citizen):
        with pytest.raises(ValidationError):
            report(citizen, proposal, "boring")

    def test_hidden_content_cannot_be_reported_by_those_who_cannot_see_it(self, proposal, citizen, reporters):
        for user in reporters[:3]:
            report(user, proposal)
        with pytest.raises(PermissionDenied, match="This is not available."):
            report(citizen, proposal)

    def test_a_blocked_user_cannot_report(self, proposal, citizen):
        citizen.blocked_at = timezone.now()
        citizen.save()
        with pytest.raises(PermissionDenied, match="Your account has been blocked."):
            report(citizen, proposal)


class TestAutomaticHiding:
    def test_hidden_after_three_distinct_reports_by_default(self, comment, reporters):
        proposal = comment.target
        before = Proposal.objects.get(pk=proposal.pk).comment_count
        report(reporters[0], comment)
        report(reporters[1], comment)
        comment.refresh_from_db()
        assert comment.hidden_at is None
        report(reporters[2], comment)
        comment.refresh_from_db()
        item = item_of(comment)
        assert comment.hidden_at is not None and comment.hidden_reason == ""
        assert (item.status, item.auto_hidden, item.report_count) == ("pending", True, 3)
        assert Proposal.objects.get(pk=proposal.pk).comment_count == before - 1
        assert AuditEntry.objects.filter(action="moderation.auto_hide").count() == 1

    def test_the_threshold_is_set_per_process(self, proposal, reporters):
        ModerationSettings.objects.update_or_create(process=proposal.process, defaults={"hide_threshold": 1})
        report(reporters[0], proposal)
        assert Proposal.objects.get(pk=proposal.pk).hidden_at is not None

    def test_a_moderators_dismissal_is_not_overruled_by_more_reports(self, proposal, reporters, moderator):
        report(reporters[0], proposal)
        services.item_dismiss(actor=moderator, item=item_of(proposal))
        for user in reporters[1:5]:
            report(user, proposal)
        item = item_of(proposal)
        assert item.status == "pending"  # reopened for a look
        assert item.hidden_at is None
        assert Proposal.objects.get(pk=proposal.pk).hidden_at is None

    def test_participants_are_never_hidden_automatically(self, reporters):
        troll = UserFactory()
        for user in reporters:
            report(user, troll)
        assert item_of(troll).hidden_at is None


class TestDecisions:
    def test_hide_with_a_justification(self, comment, citizen, moderator):
        report(citizen, comment)
        services.item_hide(actor=moderator, item=item_of(comment), justification="Propos insultants.")
        comment.refresh_from_db()
        item = item_of(comment)
        assert (comment.hidden_reason, item.status, item.justification, item.decided_by) == (
            "Propos insultants.",
            "hidden",
            "Propos insultants.",
            moderator,
        )

    def test_hide_needs_a_justification(self, comment, citizen, moderator):
        report(citizen, comment)
        with pytest.raises(ValidationError, match="its author will read it"):
            services.item_hide(actor=moderator, item=item_of(comment), justification="  ")
        assert Comment.objects.get(pk=comment.pk).hidden_at is None

    def test_unhide_restores_the_content_and_its_count(self, comment, reporters, moderator):
        proposal = comment.target
        count = Proposal.objects.get(pk=proposal.pk).comment_count
        for user in reporters[:3]:
            report(user, comment)
        services.item_hide(actor=moderator, item=item_of(comment), justification="Hors sujet.")
        services.item_unhide(actor=moderator, item=item_of(comment))
        comment.refresh_from_db()
        assert (comment.hidden_at, comment.hidden_reason) == (None, "")
        assert item_of(comment).status == "dismissed"
        assert Proposal.objects.get(pk=proposal.pk).comment_count == count

    def test_dismiss_shows_auto_hidden_content_again(self, proposal, reporters, moderator):
        for user in reporters[:3]:
            report(user, proposal)
        services.item_dismiss(actor=moderator, item=item_of(proposal))
        assert Proposal.objects.get(pk=proposal.pk).hidden_at is None
        assert item_of(proposal).status == "dismissed"

    def test_forbidden_moves_are_refused(self, proposal, citizen, moderator):
        report(citizen, proposal)
        services.item_dismiss(actor=moderator, item=item_of(proposal))
        with pytest.raises(ValidationError):
            services.item_dismiss(actor=moderator, item=item_of(proposal))
        with pytest.raises(ValidationError):
            services.item_unhide(actor=moderator, item=item_of(proposal))

    def test_moderators_never_act_on_their_own_content(self, process, moderator, citizen):
        own = ProposalFactory(process=process, author=moderator)
        report(citizen, own)
        for act in (
            lambda: services.item_hide(actor=moderator, item=item_of(own), justification="x"),
            lambda: services.item_dismiss(actor=moderator, item=item_of(own)),
        ):
            with pytest.raises(PermissionDenied, match="You cannot moderate your own content"):
                act()

    def test_a_participant_cannot_decide(self, proposal, citizen):
        report(citizen, proposal)
        with pytest.raises(PermissionDenied, match="Only the moderators and administrators of this process"):
            services.item_dismiss(actor=UserFactory(), item=item_of(proposal))


class TestAudit:
    def test_each_action_writes_one_entry_with_before_and_after(self, proposal, reporters, moderator):
        report(reporters[0], proposal)
        item = item_of(proposal)
        steps = [
            ("moderation.hide", lambda: services.item_hide(actor=moderator, item=item, justification="Spam."),
             {"status": "pending", "hidden": False}, {"status": "hidden", "hidden": True}),
            ("moderation.unhide", lambda: services.item_unhide(actor=moderator, item=item),
             {"status": "hidden", "hidden": True}, {"status": "dismissed", "hidden": False}),
        ]
        for action, run, before, after in steps:
            run()
            entries = AuditEntry.objects.filter(action=action)
            assert entries.count() == 1
            assert (entries[0].data["before"], entries[0].data["after"], entries[0].actor) == (before, after, moderator)
        report(reporters[1], proposal)  # reopened
        services.item_dismiss(actor=moderator, item=item_of(proposal))
        dismissed = AuditEntry.objects.get(action="moderation.dismiss")
        assert (dismissed.data["before"], dismissed.data["after"]) == (
            {"status": "pending", "hidden": False},
            {"status": "dismissed", "hidden": False},
        )
        troll = UserFactory()
        services.user_block(actor=moderator, user=troll, reason="Insultes répétées.")
        services.user_unblock(actor=moderator, user=troll)
        block = AuditEntry.objects.get(action="moderation.block")
        unblock = AuditEntry.objects.get(action="moderation.unblock")
        assert (block.data["before"], block.data["after"]) == ({"blocked": False}, {"blocked": True})
        assert (unblock.data["before"], unblock.data["after"]) == ({"blocked": True}, {"blocked": False})
        assert block.target_id == str(troll.pk)


class TestBlocking:
    def test_block_and_lift(self, moderator):
        troll = UserFactory()
        block = services.user_block(actor=moderator, user=troll, reason="Insultes répétées.")
        troll.refresh_from_db()
        assert troll.is_blocked and troll.blocked_reason == "Insultes répétées."
        assert block.blocked_by == moderator
        services.user_unblock(actor=moderator, user=troll)
        troll.refresh_from_db()
        assert not troll.is_blocked and troll.blocked_reason == ""
        assert Block.objects.get(pk=block.pk).lifted_by == moderator

    def test_block_can_hide_all_their_content(self, process, moderator):
        troll = UserFactory()
        proposals = [ProposalFactory(process=process, author=troll) for _ in range(2)]
        comments = [CommentFactory(target=proposals[0], author=troll) for _ in range(2)]
        services.user_block(actor=moderator, user=troll, reason="Spam partout.", hide_content=True)
        assert all(p.hidden_at for p in Proposal.objects.filter(author=troll))
        assert all(c.hidden_at for c in Comment.objects.filter(author=troll))
        assert Comment.objects.filter(pk=comments[0].pk, hidden_reason="Spam partout.").exists()
        assert ModeratedItem.objects.filter(status="hidden", author=troll).count() == 4

    def test_a_justification_is_required(self, moderator):
        with pytest.raises(ValidationError):
            services.user_block(actor=moderator, user=UserFactory(), reason="")

    def test_who_may_block(self, moderator, other_admin, evaluator, citizen):
        troll = UserFactory()
        for actor in (other_admin, evaluator, citizen):
            with pytest.raises(PermissionDenied, match="Only site administrators and moderators can block"):
                services.user_block(actor=actor, user=troll, reason="x")
        with pytest.raises(PermissionDenied, match="You cannot block yourself."):
            services.user_block(actor=moderator, user=moderator, reason="x")
        services.user_block(actor=moderator, user=troll, reason="x")
        with pytest.raises(PermissionDenied, match="already blocked"):
            services.user_block(actor=moderator, user=User.objects.get(pk=troll.pk), reason="x")

    def test_a_blocked_user_cannot_participate(self, proposal, moderator):
        from apps.comments.services import comment_create

        troll = UserFactory(terms_version="")
        services.user_block(actor=moderator, user=troll, reason="x")
        troll.refresh_from_db()
        with pytest.raises(PermissionDenied, match="Your account has been blocked."):
            comment_create(user=troll, target=proposal, body="Encore moi", opinion="neutral")


class TestModeratorsAreTold:
    def test_immediately_or_in_the_digest(
        self, comment, citizen, moderator, process, django_capture_on_commit_callbacks
    ):
        daily = ProcessRoleFactory(process=process, role="moderator", user=UserFactory(email_frequency="daily")).user
        with django_capture_on_commit_callbacks(execute=True):
            report(citizen, comment)
        notes = Notification.objects.filter(kind=Notification.Kind.CONTENT_REPORTED)
        assert set(notes.values_list("recipient", flat=True)) == {moderator.pk, daily.pk}
        assert [m.to for m in mail.outbox] == [[moderator.email]]
        assert citizen.email not in str(notes[0].data)  # the reporter stays anonymous
        from apps.notifications.services import digests_send_all

        mail.outbox.clear()
        digests_send_all()
        assert [m.to for m in mail.outbox] == [[daily.email]]
