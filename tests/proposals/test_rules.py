"""Rules matrix: phase × role × eligibility for creating, editing and withdrawing proposals."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from apps.core.permissions import refusal_reason
from apps.proposals.models import proposal_settings_for
from apps.spaces.models import Process
from apps.spaces.phases import PhaseKind
from tests.factories import (
    PhaseFactory,
    ProcessFactory,
    ProcessRoleFactory,
    ProposalFactory,
    SupportFactory,
    UserFactory,
)
from tests.helpers import freeze_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    process = ProcessFactory(eligibility=Process.Eligibility.POSTAL_CODE, eligible_postal_codes="59800, 59000")
    phase = PhaseFactory(process=process, kind=PhaseKind.PROPOSALS)
    return process, phase


def _user(role, process):
    if role == "anonymous":
        return AnonymousUser()
    if role == "admin":
        return ProcessRoleFactory(process=process, user=UserFactory(postal_code="75001")).user
    return UserFactory(postal_code="59800" if role == "eligible" else "75001")


def _role_user(role, author, process):
    if role == "author":
        return author
    if role == "other":
        return UserFactory()
    if role == "anonymous":
        return AnonymousUser()
    return _user("admin", process)


@pytest.mark.parametrize(
    "where,role,allowed,reason",
    [
        ("inside", "anonymous", False, "Sign in to submit a proposal"),
        ("inside", "eligible", True, None),
        ("inside", "ineligible", False, "Only residents of"),
        ("inside", "admin", False, "Only residents of"),  # admins take part like anyone else
        ("before", "eligible", False, "Proposals can be submitted from"),
        ("before", "anonymous", False, "Proposals can be submitted from"),
        ("after", "eligible", False, "Proposals could be submitted until"),
        ("after", "ineligible", False, "Proposals could be submitted until"),
    ],
)
def test_add_proposal_matrix(setup, where, role, allowed, reason):
    process, phase = setup
    user = _user(role, process)
    with freeze_phase(phase, where):
        process = Process.objects.get(pk=process.pk)  # fresh active_phase
        assert user.has_perm("proposals.add_proposal", process) is allowed
        with translation.override("en"):
            refusal = refusal_reason("proposals.add_proposal", user, process)
            if allowed:
                assert refusal is None
            else:
                assert reason in refusal


def test_add_proposal_refused_in_a_phase_without_proposals():
    process = ProcessFactory()
    PhaseFactory(process=process, kind=PhaseKind.VOTING)
    user = UserFactory()
    with translation.override("en"):
        assert refusal_reason("proposals.add_proposal", user, process) == "This process does not accept proposals."


def test_add_proposal_refused_when_limit_reached(process, citizen):
    proposal_settings_for(process).proposals_per_user = 2
    proposal_settings_for(process).save()
    ProposalFactory(process=process, author=citizen)
    ProposalFactory(process=process, author=citizen, status="withdrawn", withdrawn_at=timezone.now())
    ProposalFactory(process=process, author=citizen, status="draft", published_at=None, reference=None)
    with translation.override("en"):
        reason = refusal_reason("proposals.add_proposal", citizen, process)
        assert "maximum allowed per participant" in reason
    proposal_settings_for(process).proposals_per_user = None
    proposal_settings_for(process).save()
    assert refusal_reason("proposals.add_proposal", citizen, process) is None


@pytest.mark.parametrize(
    "role,minutes_later,supports,status,allowed,reason",
    [
        ("author", 5, 0, "published", True, None),
        ("author", 20, 0, "published", False, "the 15-minute editing window has ended"),
        ("author", 5, 1, "published", False, "it already has supports"),
        ("author", 5, 0, "withdrawn", False, "withdrawn"),
        ("author", 500, 0, "draft", True, None),
        ("other", 5, 0, "published", False, "Only the author"),
        ("anonymous", 5, 0, "published", False, "Sign in"),
        ("admin", 500, 3, "published", True, None),
        ("admin", 500, 3, "withdrawn", True, None),
    ],
)
def test_change_proposal_matrix(process, citizen, role, minutes_later, supports, status, allowed, reason):
    published_at = timezone.now()
    proposal = ProposalFactory(
        process=process,
        author=citizen,
        status=status,
        published_at=None if status == "draft" else published_at,
        support_count=supports,
    )
    # The supports are other people's: an author cannot support their own proposal (supports.add_support).
    SupportFactory.create_batch(supports, proposal=proposal)
    user = _role_user(role, citizen, process)
    with mock.patch("django.utils.timezone.now", return_value=published_at + timedelta(minutes=minutes_later)):
        assert user.has_perm("proposals.change_proposal", proposal) is allowed
        with translation.override("en"):
            refusal = refusal_reason("proposals.change_proposal", user, proposal)
            if allowed:
                assert refusal is None
            else:
                assert reason in refusal


@pytest.mark.parametrize(
    "role,status,allowed,reason",
    [
        ("author", "published", True, None),
        ("author", "withdrawn", False, "Only a published proposal"),
        ("author", "draft", False, "Only a published proposal"),
        ("other", "published", False, "Only the author"),
        ("admin", "published", False, "Only the author"),
        ("anonymous", "published", False, "Sign in"),
    ],
)
def test_withdraw_proposal_matrix(process, citizen, role, status, allowed, reason):
    proposal = ProposalFactory(
        process=process, author=citizen, status=status, published_at=None if status == "draft" else timezone.now()
    )
    user = _role_user(role, citizen, process)
    with translation.override("en"):
        refusal = refusal_reason("proposals.withdraw_proposal", user, proposal)
        assert (refusal is None) is allowed
        if not allowed:
            assert reason in refusal


def test_withdraw_and_edit_do_not_depend_on_the_phase(process, citizen):
    proposal = ProposalFactory(process=process, author=citizen)
    phase = process.phases.get()
    with freeze_phase(phase, "after"):
        assert refusal_reason("proposals.withdraw_proposal", citizen, proposal) is None


def test_delete_only_drafts(process, citizen):
    draft = ProposalFactory(process=process, author=citizen, status="draft", published_at=None)
    published = ProposalFactory(process=process, author=citizen)
    assert citizen.has_perm("proposals.delete_proposal", draft)
    with translation.override("en"):
        assert "cannot be deleted" in refusal_reason("proposals.delete_proposal", citizen, published)
    assert not UserFactory().has_perm("proposals.delete_proposal", draft)


def test_view_proposal(process, citizen):
    draft = ProposalFactory(process=process, author=citizen, status="draft", published_at=None)
    published = ProposalFactory(process=process)
    withdrawn = ProposalFactory(process=process, status="withdrawn")
    anonymous = AnonymousUser()
    assert anonymous.has_perm("proposals.view_proposal", published)
    assert anonymous.has_perm("proposals.view_proposal", withdrawn)
    assert not anonymous.has_perm("proposals.view_proposal", draft)
    assert citizen.has_perm("proposals.view_proposal", draft)
    assert not _user("admin", process).has_perm("proposals.view_proposal", draft)
    process.is_published = False
    process.save()
    published.process = process
    assert not anonymous.has_perm("proposals.view_proposal", published)
    assert _user("admin", process).has_perm("proposals.view_proposal", published)
