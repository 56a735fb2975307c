from io import StringIO

import pytest
from django.core.management import call_command

from apps.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_demo_proposals_are_idempotent():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    proposals = Proposal.objects.filter(process__slug="budget-participatif-2026")
    # 12, and the official proposal that came out of the demo's past workshop (apps/events/demo.py).
    assert proposals.count() == 13
    assert proposals.filter(is_official=True, author__email="agent@demo.pbplatform.fr").count() == 2
    assert proposals.filter(latitude__isnull=False).count() >= 6
    assert proposals.filter(reference__isnull=True).count() == 0
    assert proposals.values("category").distinct().count() >= 6


def test_demo_shows_one_organisers_answer_given_through_the_status_service():
    from apps.core.models import AuditEntry

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    answered = Proposal.objects.filter(process__slug="budget-participatif-2026").exclude(answer="")
    # One answer without a status change, and the two published feasibility reviews (accepted, rejected).
    assert answered.filter(status=Proposal.Status.PUBLISHED).count() == 1
    assert AuditEntry.objects.filter(action="proposals.answer").count() == 1
    assert sorted(answered.exclude(status=Proposal.Status.PUBLISHED).values_list("status", flat=True)) == [
        "accepted", "rejected"
    ]
