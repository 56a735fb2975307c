"""Voting desk races on PostgreSQL (skipped on SQLite, which serialises writers anyway): two assistants recording
the same person at once, and two agents typing the second entry of one sheet at once."""

import threading
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from apps.budgets import assisted_services as assisted
from apps.budgets import paper_services as paper
from apps.budgets.models import Ballot, Channel, PaperEntry, Participation
from tests.budgets.assisted_helpers import make_desk

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append("ok")
        except ValidationError as refusal:
            outcomes.append(" ".join(refusal.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def slowly(function):
    def slow(*args, **kwargs):
        # Widen the race window: both have checked the register before either writes.
        result = function(*args, **kwargs)
        time.sleep(0.4)
        return result

    return slow


def test_two_assistants_recording_one_person_at_once_make_one_vote():
    desk = make_desk()
    choices = assisted.choices_from(budget=desk.budget, typed=[(desk.projects[0].pk, 1, None)])

    def record(assistant):
        return lambda: assisted.ballot_record_assisted(
            assistant=assistant, budget=desk.budget, census_entry=desk.resident, choices=choices
        )

    def mark():
        assisted.paper_voter_mark(assistant=desk.third, budget=desk.budget, census_entry=desk.resident)

    with mock.patch.object(assisted, "person_refusals", side_effect=slowly(assisted.person_refusals)):
        outcomes = run_together(record(desk.assistant), record(desk.colleague), mark)
    assert outcomes.count("ok") == 1, outcomes
    assert Participation.objects.filter(census_entry=desk.resident).count() == 1
    channel = Participation.objects.get().channel
    assert Ballot.objects.count() == (1 if channel == Channel.ASSISTED else 0)


def test_two_second_entries_of_one_sheet_at_once_make_one_ballot():
    desk = make_desk()
    choices = assisted.choices_from(budget=desk.budget, typed=[(desk.projects[0].pk, 1, None)])
    paper.paper_entry_add(agent=desk.assistant, budget=desk.budget, sheet="R1", choices=choices)
    outcomes = run_together(
        *(
            (lambda agent=agent: paper.paper_entry_add(agent=agent, budget=desk.budget, sheet="R1", choices=choices))
            for agent in (desk.colleague, desk.third)
        )
    )
    assert outcomes.count("ok") == 1, outcomes
    assert Ballot.objects.filter(paper_sheet="R1").count() == 1
    assert PaperEntry.objects.filter(sheet="R1").count() == 2


def test_two_first_entries_at_once_do_not_both_wait():
    desk = make_desk()
    choices = assisted.choices_from(budget=desk.budget, typed=[(desk.projects[0].pk, 1, None)])
    outcomes = run_together(
        *(
            (lambda agent=agent: paper.paper_entry_add(agent=agent, budget=desk.budget, sheet="R2", choices=choices))
            for agent in (desk.assistant, desk.colleague)
        )
    )
    assert outcomes == ["ok", "ok"]
    # The budget's lock serialises them: the second saw the first and the sheet is counted once.
    assert Ballot.objects.filter(paper_sheet="R2").count() == 1
    assert set(PaperEntry.objects.filter(sheet="R2").values_list("state", flat=True)) == {PaperEntry.State.MATCHED}
