import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation

from apps.core.models import AuditEntry
from apps.proposals.models import Proposal
from apps.supports.apps import export_supports
from apps.supports.models import Support, support_settings_for
from apps.supports.selectors import supported_proposal_ids
from apps.supports.services import support_add, support_counts_recompute, support_remove
from tests.factories import ProposalFactory, SupportFactory, UserFactory
from tests.helpers import freeze_phase

pytestmark = pytest.mark.django_db


def test_add_stores_the_support_and_updates_the_count(user, proposal):
    support = support_add(user=user, proposal=proposal)
    assert support.process_id == proposal.process_id
    assert proposal.support_count == 1  # the caller's object is refreshed
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1
    assert AuditEntry.objects.filter(action="supports.add", target_id=str(proposal.pk)).count() == 1


def test_add_refreshes_the_callers_cached_state(user, proposal):
    assert supported_proposal_ids(user=user, process=proposal.process) == set()  # caches the empty set
    support_add(user=user, proposal=proposal)
    assert supported_proposal_ids(user=user, process=proposal.process) == {proposal.pk}


def test_adding_twice_is_idempotent(user, proposal):
    first = support_add(user=user, proposal=proposal)
    second = support_add(user=user, proposal=proposal)
    assert first.pk == second.pk
    assert Support.objects.filter(user=user, proposal=proposal).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1
    assert AuditEntry.objects.filter(action="supports.add").count() == 1


def test_database_refuses_a_duplicate_support(user, proposal):
    SupportFactory(user=user, proposal=proposal)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(user=user, proposal=proposal, process=proposal.process)


def test_several_users_add_up(proposal):
    for citizen in UserFactory.create_batch(3):
        support_add(user=citizen, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).support_count == 3 == proposal.supports.count()


def test_remove_withdraws_the_support(user, proposal):
    support_add(user=user, proposal=proposal)
    assert support_remove(user=user, proposal=proposal) is True
    assert not Support.objects.exists()
    assert proposal.support_count == 0
    assert Proposal.objects.get(pk=proposal.pk).support_count == 0
    assert AuditEntry.objects.filter(action="supports.remove").count() == 1


def test_removing_a_missing_support_is_a_no_op(user, proposal):
    other = UserFactory()
    support_add(user=other, proposal=proposal)
    assert support_remove(user=user, proposal=proposal) is False
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1
    assert not AuditEntry.objects.filter(action="supports.remove").exists()


def test_anonymous_is_refused(proposal):
    with translation.override("en"), pytest.raises(PermissionDenied, match="Sign in to support"):
        support_add(user=AnonymousUser(), proposal=proposal)


def test_withdrawn_proposal_is_refused(user, process):
    withdrawn = ProposalFactory(process=process, status=Proposal.Status.WITHDRAWN)
    with translation.override("en"), pytest.raises(PermissionDenied, match="Withdrawn proposals cannot be supported."):
        support_add(user=user, proposal=withdrawn)
    assert not Support.objects.exists()


def test_closed_phase_is_refused(user, proposal, process):
    phase = process.phases.get()
    with freeze_phase(phase, "after"), translation.override("en"):
        with pytest.raises(PermissionDenied, match="Supports closed on"):
            support_add(user=user, proposal=Proposal.objects.get(pk=proposal.pk))


def test_per_user_limit_is_enforced(user, process):
    support_settings_for(process).supports_per_user = 2
    support_settings_for(process).save()
    first, second, third = ProposalFactory.create_batch(3, process=process)
    support_add(user=user, proposal=first)
    support_add(user=user, proposal=second)
    with translation.override("en"), pytest.raises(PermissionDenied, match="You have used all your 2 supports."):
        support_add(user=user, proposal=third)
    # Withdrawing one frees a slot.
    support_remove(user=user, proposal=first)
    support_add(user=user, proposal=third)
    assert set(Support.objects.values_list("proposal_id", flat=True)) == {second.pk, third.pk}


def test_limit_is_checked_against_the_database_not_a_stale_cache(user, process):
    support_settings_for(process).supports_per_user = 1
    support_settings_for(process).save()
    first, second = ProposalFactory.create_batch(2, process=process)
    supported_proposal_ids(user=user, process=process)  # caches "no supports" on this user object
    SupportFactory(user=user, proposal=first)  # e.g. given in another tab meanwhile
    with translation.override("en"), pytest.raises(PermissionDenied, match="You have used your only support."):
        support_add(user=user, proposal=second)


def test_threshold_is_enforced_with_a_stale_proposal(process):
    support_settings_for(process).support_threshold = 1
    support_settings_for(process).save()
    proposal = ProposalFactory(process=process)
    stale = Proposal.objects.get(pk=proposal.pk)
    support_add(user=UserFactory(), proposal=proposal)
    assert stale.support_count == 0
    with translation.override("en"), pytest.raises(PermissionDenied, match="This proposal has reached its 1 support."):
        support_add(user=UserFactory(), proposal=stale)
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1 == Support.objects.count()


def test_superusers_do_not_bypass_integrity_rules(process):
    # The rule itself refuses (no blanket pass for superusers, in has_perm as in the service's ensure_allowed).
    admin = UserFactory(is_superuser=True, is_staff=True)
    support_settings_for(process).supports_per_user = 1
    support_settings_for(process).save()
    first, second = ProposalFactory.create_batch(2, process=process)
    withdrawn = ProposalFactory(process=process, status=Proposal.Status.WITHDRAWN)
    assert not admin.has_perm("supports.add_support", withdrawn)
    support_add(user=admin, proposal=first)
    assert not admin.has_perm("supports.add_support", second)
    with translation.override("en"), pytest.raises(PermissionDenied, match="You have used your only support."):
        support_add(user=admin, proposal=second)
    with translation.override("en"), pytest.raises(PermissionDenied, match="Withdrawn proposals cannot be supported."):
        support_add(user=admin, proposal=withdrawn)


def test_recompute_repairs_counters(process):
    proposal = ProposalFactory(process=process, support_count=42)
    empty = ProposalFactory(process=process, support_count=7)
    SupportFactory.create_batch(2, proposal=proposal)
    support_counts_recompute(process=process)
    assert Proposal.objects.get(pk=proposal.pk).support_count == 2
    assert Proposal.objects.get(pk=empty.pk).support_count == 0


def test_export_lists_the_users_supports(user, proposal):
    support_add(user=user, proposal=proposal)
    SupportFactory()  # someone else's
    (row,) = export_supports(user)
    assert row["proposal"] == proposal.reference
    assert row["title"] == proposal.title
    assert row["supported_at"]


def test_exporter_is_registered():
    from apps.core.personal_data import exporters

    assert "supports" in exporters()


def test_demo_seed_is_idempotent(process):
    from apps.supports import demo

    proposals = ProposalFactory.create_batch(5, process=process)
    users = {key: UserFactory() for key in ("camille", "karim", "lea")}
    context = {"processes": {"budget": process}, "users": users}
    demo.seed(context)
    demo.seed(context)
    assert Support.objects.count() == 9
    for proposal in proposals:
        proposal.refresh_from_db()
        assert proposal.support_count == proposal.supports.count()
    assert proposals[0].support_count == 3


def test_demo_seed_without_proposals_does_nothing(process):
    from apps.supports import demo

    demo.seed({"processes": {"budget": process}, "users": {"lea": UserFactory()}})
    demo.seed({})
    assert not Support.objects.exists()
