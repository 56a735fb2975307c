import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from apps.proposals.models import Proposal
from apps.supports.models import support_settings_for
from apps.supports.selectors import supported_proposal_ids, user_support_count
from tests.factories import ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_supports_nothing(process):
    assert supported_proposal_ids(user=AnonymousUser(), process=process) == set()
    assert user_support_count(user=AnonymousUser(), process=process) == 0


def test_supported_ids_and_count_are_per_process(user, process):
    mine = ProposalFactory.create_batch(2, process=process)
    for proposal in mine:
        SupportFactory(user=user, proposal=proposal)
    SupportFactory(user=user)  # another process
    SupportFactory(proposal=ProposalFactory(process=process))  # another user
    assert supported_proposal_ids(user=user, process=process) == {p.pk for p in mine}
    assert user_support_count(user=user, process=process) == 2


def test_one_query_per_user_and_process(user, process, django_assert_num_queries):
    SupportFactory(user=user, proposal=ProposalFactory(process=process))
    with django_assert_num_queries(1):
        supported_proposal_ids(user=user, process=process)
        user_support_count(user=user, process=process)
        supported_proposal_ids(user=user, process=process.pk)


def _render_list(user, proposals, supported_ids):
    request = RequestFactory().get("/fr/")
    request.user = user
    return "".join(
        render_to_string(
            "supports/partials/_support_button.html",
            {"proposal": p, "user": user, "supported": p.pk in supported_ids},
            request=request,
        )
        for p in proposals
    )


@pytest.mark.parametrize("eligibility", ["registered", "verified_email", "postal_code"])
def test_partial_in_a_list_costs_constant_queries(user, process, django_assert_max_num_queries, eligibility):
    support_settings_for(process).supports_per_user = 5
    support_settings_for(process).support_threshold = 100
    process.eligibility = eligibility
    process.eligible_postal_codes = user.postal_code
    process.save()
    support_settings_for(process).save()
    if eligibility == "verified_email":
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ProposalFactory.create_batch(20, process=process)
    SupportFactory(user=user, proposal=Proposal.objects.first())
    user = type(user).objects.get(pk=user.pk)
    # proposals (process and its support settings joined), the user's supports, terms version, roles, phases
    # (+ the e-mail check): the same for 1 row or 20.
    with django_assert_max_num_queries(6 if eligibility == "verified_email" else 5):
        proposals = list(Proposal.objects.filter(process=process).select_related("process__support_settings"))
        shared = proposals[0].process
        for p in proposals:
            p.process = shared  # as a list selector does: one process object, phases loaded once
        ids = supported_proposal_ids(user=user, process=shared)
        html = _render_list(user, proposals, ids)
    assert html.count('data-testid="support-button"') == 19
    assert html.count('data-testid="unsupport-button"') == 1


def test_partial_counts_in_words(process, user):
    one = ProposalFactory(process=process, support_count=1)
    many = ProposalFactory(process=process, support_count=12)
    with translation.override("en"):
        html = _render_list(user, [one, many], set())
        assert "1 support<" in html
        assert "12 supports<" in html


def test_partial_shows_the_refusal_for_anonymous(process):
    proposal = ProposalFactory(process=process)
    with translation.override("en"):
        html = _render_list(AnonymousUser(), [proposal], set())
        assert "Sign in to support" in html
        assert "/en/accounts/login/" in html
        assert "<form" not in html


def test_partial_supported_but_phase_closed(user, process, freeze):
    proposal = ProposalFactory(process=process)
    SupportFactory(user=user, proposal=proposal)
    with freeze(process.phases.get(), "after"):
        fresh = Proposal.objects.select_related("process").get(pk=proposal.pk)
        viewer = UserFactory()
        with translation.override("en"):
            html = _render_list(viewer, [fresh], {proposal.pk})
            assert "You support this proposal" in html
            assert "Supports closed on" in html
            assert "<form" not in html
