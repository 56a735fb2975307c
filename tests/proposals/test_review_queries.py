"""The evaluator queue and the review board cost the same number of queries for 10 and 500 proposals."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.proposals.models import Proposal, Review, ReviewAssignment
from apps.spaces.models import ProcessRole
from tests.factories import CategoryFactory, ProcessRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

RESULTS = {}


def _populate(process, evaluator, n):
    category = CategoryFactory(process=process)
    author = UserFactory()
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            process=process,
            author=author,
            category=category,
            title=f"Une proposition numéro {i} ici",
            body="Texte",
            status=Proposal.Status.EVALUATING if i % 3 else Proposal.Status.ACCEPTED,
            published_at=now,
            reference=f"Q-{process.pk}-{i}",
        )
        for i in range(n)
    )
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(proposal=p, evaluator=evaluator, due_date=timezone.localdate() - timedelta(days=i % 2))
        for i, p in enumerate(proposals)
    )
    Review.objects.bulk_create(
        Review(proposal=p, verdict="feasible", estimated_cost=1000, answer_state="held" if i % 2 else "draft")
        for i, p in enumerate(proposals)
    )


def _count(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("n", [10, 500])
def test_queue_and_board_queries_do_not_grow(client, process, n):
    admin = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    evaluator = ProcessRoleFactory(process=process, role=ProcessRole.Role.EVALUATOR).user
    _populate(process, evaluator, n)
    client.force_login(evaluator)
    queue = _count(client, reverse("review:queue"))
    queue_filtered = _count(client, reverse("review:queue"), overdue="on", status="evaluating")
    client.force_login(admin)
    board = _count(client, reverse("review:board", kwargs={"slug": process.slug}))
    assign = _count(client, reverse("review:assign", kwargs={"slug": process.slug}))
    answers = _count(client, reverse("review:answers", kwargs={"slug": process.slug}))
    RESULTS[n] = (queue, queue_filtered, board, assign, answers)
    print(
        f"\nreview queries for {n} proposals: queue={queue} queue(filtered)={queue_filtered} board={board} "
        f"assign={assign} answers={answers}"
    )
    if 10 in RESULTS and 500 in RESULTS:
        assert RESULTS[10] == RESULTS[500]
