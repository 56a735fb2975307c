"""Races on comments (PostgreSQL only: SQLite serialises writers)."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from apps.comments.models import Comment, CommentVote
from apps.comments.services import comment_vote
from tests.factories import CommentFactory, PhaseFactory, ProposalFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                call()
            outcomes[index] = "ok"
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


def test_twenty_simultaneous_first_upvotes_by_one_person_never_fail_and_counters_match():
    proposal = ProposalFactory()
    PhaseFactory(process=proposal.process)
    comment = CommentFactory(target=proposal)
    voter = UserFactory()
    outcomes = race(
        [lambda: comment_vote(user=voter, comment=Comment.objects.get(pk=comment.pk), value="1")] * 20
    )
    assert outcomes == ["ok"] * 20
    comment.refresh_from_db()
    votes = CommentVote.objects.filter(comment=comment)
    assert votes.count() <= 1
    assert comment.upvotes == votes.filter(value=1).count()
    assert comment.downvotes == 0
