"""Races on PostgreSQL (skipped on SQLite, which serialises writers anyway)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import translation

from apps.proposals.models import Proposal
from apps.supports.models import Support
from apps.supports.services import support_add
from tests.factories import PhaseFactory, ProposalFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls):
    """Run each call in its own thread, released together by a barrier; return the outcomes.

    Each thread starts with the default language (French): the calls run in English, as the refusals asserted
    below are English sentences.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                call()
            outcomes[index] = "ok"
        except PermissionDenied as refusal:
            outcomes[index] = str(refusal)
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def fresh_user(user):
    return get_user_model().objects.get(pk=user.pk)


def fresh_proposal(proposal):
    return Proposal.objects.select_related("process").get(pk=proposal.pk)


def assert_counters_match_rows(*proposals):
    for proposal in proposals:
        assert Proposal.objects.get(pk=proposal.pk).support_count == Support.objects.filter(proposal=proposal).count()


def make_process(**settings):
    return PhaseFactory(
        process__support_settings__supports_per_user=settings.get("limit"),
        process__support_settings__support_threshold=settings.get("threshold"),
    ).process


def test_one_user_racing_for_their_last_support():
    process = make_process(limit=1)
    user = UserFactory()
    first, second = ProposalFactory.create_batch(2, process=process)
    outcomes = race(
        [
            lambda: support_add(user=fresh_user(user), proposal=fresh_proposal(first)),
            lambda: support_add(user=fresh_user(user), proposal=fresh_proposal(second)),
        ]
    )
    assert sorted(outcomes) == ["You have used your only support.", "ok"], outcomes
    assert Support.objects.filter(user=user).count() == 1
    assert_counters_match_rows(first, second)


def test_two_users_racing_for_the_last_slot_under_a_threshold():
    process = make_process(threshold=1)
    proposal = ProposalFactory(process=process)
    alice, bob = UserFactory.create_batch(2)
    outcomes = race(
        [
            lambda: support_add(user=fresh_user(alice), proposal=fresh_proposal(proposal)),
            lambda: support_add(user=fresh_user(bob), proposal=fresh_proposal(proposal)),
        ]
    )
    assert sorted(outcomes) == ["This proposal has reached its 1 support.", "ok"], outcomes
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert_counters_match_rows(proposal)


def test_many_users_at_once_keep_the_counter_exact():
    process = make_process()
    proposal = ProposalFactory(process=process)
    users = UserFactory.create_batch(8)
    outcomes = race([lambda u=u: support_add(user=fresh_user(u), proposal=fresh_proposal(proposal)) for u in users])
    assert outcomes == ["ok"] * 8
    assert Proposal.objects.get(pk=proposal.pk).support_count == 8 == Support.objects.count()


def test_double_click_stores_one_support():
    process = make_process()
    proposal = ProposalFactory(process=process)
    user = UserFactory()
    outcomes = race([lambda: support_add(user=fresh_user(user), proposal=fresh_proposal(proposal))] * 2)
    assert outcomes == ["ok", "ok"]
    assert Support.objects.count() == 1
    assert_counters_match_rows(proposal)
