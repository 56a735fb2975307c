import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from apps.core.permissions import refusal_reason
from apps.proposals.models import Proposal
from apps.spaces.models import Process
from apps.spaces.phases import PhaseKind
from apps.supports.models import support_settings_for
from tests.factories import PhaseFactory, ProposalFactory, SitePageFactory, SupportFactory, UserFactory
from tests.helpers import freeze_phase

pytestmark = pytest.mark.django_db

ADD = "supports.add_support"
REMOVE = "supports.remove_support"

# Refusal reasons are asserted in English (LANGUAGE_CODE is "fr"). Model data is created before switching
# language: django-modeltranslation would otherwise fill the English fields instead of the French ones.


def test_citizen_may_support_during_a_proposals_phase(user, proposal):
    assert user.has_perm(ADD, proposal)
    assert refusal_reason(ADD, user, proposal) is None


def test_supports_phase_enables_supports(user):
    phase = PhaseFactory(kind=PhaseKind.SUPPORTS)
    assert user.has_perm(ADD, ProposalFactory(process=phase.process))


def test_anonymous_is_asked_to_sign_in(proposal):
    with translation.override("en"):
        assert refusal_reason(ADD, AnonymousUser(), proposal) == "Sign in to support"
        assert refusal_reason(REMOVE, AnonymousUser(), proposal) == "Sign in to withdraw your support"


def test_before_the_phase_says_when_supports_open(user, proposal, phase, fresh):
    with freeze_phase(phase, "before"), translation.override("en"):
        reason = refusal_reason(ADD, user, fresh(proposal))
        assert reason.startswith("Supports open on")


def test_after_the_phase_says_supports_are_closed(user, proposal, phase, fresh):
    with freeze_phase(phase, "after"), translation.override("en"):
        reason = refusal_reason(ADD, user, fresh(proposal))
        assert reason.startswith("Supports closed on")
        assert refusal_reason(REMOVE, user, fresh(proposal)).startswith("Supports closed on")


def test_inside_the_phase_with_frozen_time(user, proposal, phase, fresh):
    with freeze_phase(phase, "inside"):
        assert refusal_reason(ADD, user, fresh(proposal)) is None


def test_voting_phase_does_not_enable_supports(user):
    phase = PhaseFactory(kind=PhaseKind.VOTING)
    proposal = ProposalFactory(process=phase.process)
    with translation.override("en"):
        reason = refusal_reason(ADD, user, proposal)
        assert reason == "This process does not collect supports."


def test_not_eligible(user, proposal, process):
    process.eligibility = Process.Eligibility.POSTAL_CODE
    process.eligible_postal_codes = "75001"
    process.save()
    with translation.override("en"):
        reason = refusal_reason(ADD, user, proposal)
        assert reason.startswith("Only residents of 75001")


def test_terms_not_accepted(user, proposal):
    SitePageFactory(version="v2")
    with translation.override("en"):
        assert refusal_reason(ADD, user, proposal) == "Please accept the updated terms of use to take part."
    user.terms_version = "v2"
    assert refusal_reason(ADD, user, proposal) is None


def test_inactive_account(proposal):
    user = UserFactory(is_active=False)
    with translation.override("en"):
        assert refusal_reason(ADD, user, proposal) == "Your account is inactive."


def test_withdrawn_proposal_cannot_be_supported(user, process):
    withdrawn = ProposalFactory(process=process, status=Proposal.Status.WITHDRAWN)
    with translation.override("en"):
        assert refusal_reason(ADD, user, withdrawn) == "Withdrawn proposals cannot be supported."
        # Said to anonymous visitors too, rather than "Sign in to support".
        assert refusal_reason(ADD, AnonymousUser(), withdrawn) == "Withdrawn proposals cannot be supported."


def test_draft_proposal_cannot_be_supported(user, process):
    draft = ProposalFactory(process=process, status=Proposal.Status.DRAFT, published_at=None)
    with translation.override("en"):
        assert refusal_reason(ADD, user, draft) == "Only published proposals can be supported."


@pytest.mark.parametrize(
    "limit,message", [(1, "You have used your only support."), (2, "You have used all your 2 supports.")]
)
def test_per_user_limit(user, process, limit, message):
    support_settings_for(process).supports_per_user = limit
    support_settings_for(process).save()
    for _ in range(limit):
        SupportFactory(user=user, proposal=ProposalFactory(process=process))
    other = ProposalFactory(process=process)
    with translation.override("en"):
        assert refusal_reason(ADD, user, other) == message


def test_per_user_limit_counts_only_this_process(user, process):
    support_settings_for(process).supports_per_user = 1
    support_settings_for(process).save()
    SupportFactory(user=user)  # in another process
    assert refusal_reason(ADD, user, ProposalFactory(process=process)) is None


def test_per_user_limit_does_not_block_an_existing_support(user, process):
    support_settings_for(process).supports_per_user = 1
    support_settings_for(process).save()
    supported = ProposalFactory(process=process)
    SupportFactory(user=user, proposal=supported)
    assert refusal_reason(ADD, user, supported) is None
    assert refusal_reason(REMOVE, user, supported) is None


@pytest.mark.parametrize(
    "threshold,message",
    [(1, "This proposal has reached its 1 support."), (3, "This proposal has reached its 3 supports.")],
)
def test_threshold(user, process, threshold, message):
    support_settings_for(process).support_threshold = threshold
    support_settings_for(process).save()
    full = ProposalFactory(process=process, support_count=threshold)
    below = ProposalFactory(process=process, support_count=threshold - 1)
    with translation.override("en"):
        assert refusal_reason(ADD, user, full) == message
    assert refusal_reason(ADD, user, below) is None


def test_no_limits_by_default(user, process):
    proposals = ProposalFactory.create_batch(3, process=process, support_count=500)
    for supported in proposals[:2]:
        SupportFactory(user=user, proposal=supported)
    assert refusal_reason(ADD, user, proposals[2]) is None
