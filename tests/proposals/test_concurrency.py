"""Publishing races on PostgreSQL (skipped on SQLite, which serialises writers anyway)."""

import threading
import time
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from apps.proposals import selectors
from apps.proposals.models import Proposal
from apps.proposals.services import proposal_publish
from tests.factories import CategoryFactory, PhaseFactory, ProposalFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_drafts_published_at_once_respect_the_per_user_limit():
    process = PhaseFactory(process__proposal_settings__proposals_per_user=1).process
    category = CategoryFactory(process=process)
    author = UserFactory()
    drafts = [
        ProposalFactory(
            process=process, author=author, category=category, status="draft", published_at=None, reference=None
        )
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def publish(draft):
        try:
            barrier.wait(timeout=10)
            proposal_publish(proposal=draft, user=author)
            outcomes.append("published")
        except PermissionDenied as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    count_then_pause = selectors.counted_proposals_of

    def slow_count(**kwargs):
        # Widen the race window: both requests have counted before either writes, unless a lock serialises them.
        result = count_then_pause(**kwargs)
        time.sleep(0.5)
        return result

    with mock.patch.object(selectors, "counted_proposals_of", side_effect=slow_count):
        threads = [threading.Thread(target=publish, args=(draft,)) for draft in drafts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert outcomes.count("published") == 1, outcomes
    assert Proposal.objects.filter(author=author, status="published").count() == 1
    assert Proposal.objects.filter(author=author, status="draft").count() == 1
