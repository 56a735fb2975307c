import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from apps.core.models import AuditEntry
from apps.notifications.selectors import is_following
from apps.proposals import services
from apps.proposals.models import Proposal, proposal_settings_for
from tests.factories import CategoryFactory, ProcessFactory, ProposalFactory, SupportFactory, ThemeFactory

pytestmark = pytest.mark.django_db

IDEA = {"title": "Des bancs le long du canal", "body": "Pour se reposer en marchant.\r\n\r\n\r\nEt regarder l'eau."}


def test_draft_create_saves_a_draft_and_audits(process, citizen):
    proposal = services.proposal_draft_create(process=process, author=citizen, data=IDEA)
    assert proposal.status == Proposal.Status.DRAFT
    assert proposal.wizard_step == 2
    assert proposal.reference is None and proposal.published_at is None
    assert proposal.body == "Pour se reposer en marchant.\n\nEt regarder l'eau."
    assert AuditEntry.objects.filter(action="proposals.draft_create", target_id=str(proposal.pk)).exists()


def test_draft_create_validates_title_and_body_length(process, citizen):
    proposal_settings_for(process).proposal_body_max_length = 20
    proposal_settings_for(process).save()
    with pytest.raises(ValidationError) as error:
        services.proposal_draft_create(
            process=process, author=citizen, data={"title": "Trop court", "body": "x" * 21}
        )
    assert set(error.value.error_dict) == {"title", "body"}
    assert not Proposal.objects.exists()


def test_draft_create_refused_when_phase_closed(citizen):
    process = ProcessFactory()  # no phase at all
    with translation.override("en"), pytest.raises(PermissionDenied, match="does not accept proposals"):
        services.proposal_draft_create(process=process, author=citizen, data=IDEA)


def test_publish_sets_reference_date_follow_and_audit(process, citizen, category):
    draft = services.proposal_draft_create(process=process, author=citizen, data=IDEA)
    services.proposal_draft_update(proposal=draft, user=citizen, data={"category": category}, step=3)
    proposal = services.proposal_publish(proposal=draft, user=citizen)
    assert proposal.status == Proposal.Status.PUBLISHED
    assert proposal.published_at is not None
    assert re.fullmatch(r"PB-\d{4}-\d{4,}", proposal.reference)
    assert proposal.reference == f"PB-{proposal.published_at.year}-{proposal.pk:04d}"
    assert is_following(user=citizen, target=proposal)  # the author follows their proposal
    assert AuditEntry.objects.filter(action="proposals.publish", target_id=str(proposal.pk)).exists()


def test_reference_is_zero_padded_and_unique(process, citizen):
    first = ProposalFactory(process=process, author=citizen, status="draft", published_at=None, reference=None)
    second = ProposalFactory(process=process, author=citizen, status="draft", published_at=None, reference=None)
    published = [services.proposal_publish(proposal=p, user=citizen) for p in (first, second)]
    assert len({p.reference for p in published}) == 2
    # At least four digits (a database that has seen many proposals, PostgreSQL's sequences, gives more).
    assert all(p.reference == f"PB-{p.published_at.year}-{p.pk:04d}" for p in published)
    assert all(re.fullmatch(r"PB-20\d\d-\d{4,}", p.reference) for p in published)


def test_publish_requires_category_when_process_has_some(process, citizen, category):
    draft = services.proposal_draft_create(process=process, author=citizen, data=IDEA)
    with pytest.raises(ValidationError):
        services.proposal_publish(proposal=draft, user=citizen)


def test_publish_refused_at_limit_with_a_clear_message(process, citizen):
    proposal_settings_for(process).proposals_per_user = 1
    proposal_settings_for(process).save()
    draft = services.proposal_draft_create(process=process, author=citizen, data=IDEA)
    ProposalFactory(process=process, author=citizen)  # published meanwhile
    with translation.override("en"), pytest.raises(PermissionDenied, match="maximum allowed per participant"):
        services.proposal_publish(proposal=draft, user=citizen)
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT


def test_creation_refused_when_limit_reached_but_drafts_do_not_count(process, citizen):
    proposal_settings_for(process).proposals_per_user = 1
    proposal_settings_for(process).save()
    services.proposal_draft_create(process=process, author=citizen, data=IDEA)
    services.proposal_draft_create(process=process, author=citizen, data=IDEA)  # drafts do not count
    ProposalFactory(process=process, author=citizen, status="withdrawn")  # withdrawn ones do
    with pytest.raises(PermissionDenied, match="maximum"):
        services.proposal_draft_create(process=process, author=citizen, data=IDEA)


def test_only_the_author_continues_a_draft(draft, process):
    other = ProposalFactory(process=process).author
    with pytest.raises(PermissionDenied):
        services.proposal_draft_update(proposal=draft, user=other, data=IDEA, step=1)
    with pytest.raises(PermissionDenied):
        services.proposal_publish(proposal=draft, user=other)


def test_wizard_step_only_moves_forward(draft, citizen):
    services.proposal_draft_update(proposal=draft, user=citizen, data={}, step=3)
    assert draft.wizard_step == 4
    services.proposal_draft_update(proposal=draft, user=citizen, data=IDEA, step=1)
    assert draft.wizard_step == 4


def test_category_and_theme_must_belong_to_the_process(draft, citizen):
    foreign_category = CategoryFactory(process=ProcessFactory())
    foreign_theme = ThemeFactory(process=ProcessFactory())
    with pytest.raises(ValidationError) as error:
        services.proposal_draft_update(
            proposal=draft, user=citizen, data={"category": foreign_category, "theme": foreign_theme}, step=3
        )
    assert {"category", "theme"} <= set(error.value.error_dict)


def test_edit_within_window(published, citizen):
    services.proposal_update(proposal=published, user=citizen, data={"title": "Un titre tout à fait nouveau"})
    published.refresh_from_db()
    assert published.title == "Un titre tout à fait nouveau"
    assert AuditEntry.objects.filter(action="proposals.update").exists()


def test_edit_refused_after_window_with_time_moved_forward(published, citizen):
    later = published.published_at + timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=later), translation.override("en"):
        with pytest.raises(PermissionDenied) as error:
            services.proposal_update(proposal=published, user=citizen, data={"title": "Un titre tout à fait nouveau"})
        assert str(error.value) == "You can no longer edit this proposal: the 15-minute editing window has ended."


def test_edit_refused_once_supported(published, citizen):
    SupportFactory(proposal=published)  # somebody else's support
    published.support_count = 1
    published.save()
    with translation.override("en"):
        with pytest.raises(PermissionDenied) as error:
            services.proposal_update(proposal=published, user=citizen, data={"title": "Un titre tout à fait nouveau"})
        assert str(error.value) == "You can no longer edit this proposal: it already has supports."


def test_process_admin_may_always_edit(published, process_admin):
    published.support_count = 4
    published.save()
    later = timezone.now() + timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        services.proposal_update(proposal=published, user=process_admin, data={"address": "Place de la mairie"})
    published.refresh_from_db()
    assert published.address == "Place de la mairie"


def test_withdraw(published, citizen):
    services.proposal_withdraw(proposal=published, user=citizen)
    published.refresh_from_db()
    assert published.status == Proposal.Status.WITHDRAWN
    assert published.withdrawn_at is not None
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(proposal=published, user=citizen)


def test_published_cannot_be_deleted_drafts_can(published, draft, citizen):
    with translation.override("en"), pytest.raises(PermissionDenied, match="cannot be deleted"):
        services.proposal_draft_delete(proposal=published, user=citizen)
    services.proposal_draft_delete(proposal=draft, user=citizen)
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    assert Proposal.objects.filter(pk=published.pk).exists()


def test_admin_save_of_new_official_published_proposal(process, process_admin):
    proposal = Proposal(
        process=process, author=process_admin, title="Planter des arbres dans les cours d'école", body="Ombre.",
        is_official=True, status=Proposal.Status.PUBLISHED,
    )
    services.proposal_admin_save(proposal=proposal, actor=process_admin, is_new=True)
    assert proposal.published_at is not None
    assert proposal.reference == f"PB-{proposal.published_at.year}-{proposal.pk:04d}"
    assert AuditEntry.objects.filter(action="proposals.admin_create").exists()
