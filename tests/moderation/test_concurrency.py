"""Races on reports (PostgreSQL only: SQLite serialises writers)."""

import pytest

from apps.moderation.models import ModeratedItem, Report
from apps.moderation.services import report_create
from apps.proposals.models import Proposal
from tests.comments.test_concurrency import race
from tests.factories import PhaseFactory, ProposalFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_persons_simultaneous_reports_make_one_report():
    proposal = ProposalFactory()
    PhaseFactory(process=proposal.process)
    reporter = UserFactory()
    outcomes = race(
        [lambda: report_create(user=reporter, target=Proposal.objects.get(pk=proposal.pk), reason="spam")] * 10
    )
    assert outcomes.count("ok") == 1
    assert all("already reported" in outcome for outcome in outcomes if outcome != "ok")
    assert Report.objects.count() == 1 and ModeratedItem.objects.get().report_count == 1


def test_simultaneous_reports_by_different_people_count_exactly_and_hide_once():
    proposal = ProposalFactory()
    PhaseFactory(process=proposal.process)
    reporters = [UserFactory() for _ in range(6)]
    outcomes = race(
        [
            (lambda user=user: report_create(user=user, target=Proposal.objects.get(pk=proposal.pk), reason="spam"))
            for user in reporters
        ]
    )
    assert outcomes == ["ok"] * 6
    item = ModeratedItem.objects.get()
    assert item.report_count == 6 and item.hidden_at is not None
    assert Proposal.objects.get(pk=proposal.pk).hidden_at is not None
