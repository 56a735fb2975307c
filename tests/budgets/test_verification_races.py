"""Census checks racing on PostgreSQL (skipped on SQLite): two accounts claiming one resident, and one account
claiming two residents from two tabs. Exactly one wins; the others get the sentence."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from apps.budgets.census import document_hash
from apps.budgets.models import CensusEntry, Residency
from apps.budgets.verification_services import verification_census_check
from tests.budgets.test_vote_races import race
from tests.factories import CensusEntryFactory, ProcessFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BORN = datetime.date(1990, 5, 4)


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def process():
    process = ProcessFactory(voting_settings__residency=Residency.CENSUS_DOCUMENT)
    for number in ("AB1", "AB2"):
        CensusEntryFactory(process=process, document_hash=document_hash(number), birth_date=BORN)
    return process


def test_four_accounts_claiming_one_resident(process):
    users = UserFactory.create_batch(4)
    outcomes = race(
        [
            lambda u=u: verification_census_check(user=fresh(u), process=process, document="AB1", birth_date=BORN)
            for u in users
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert {o for o in outcomes if o != "ok"} == {
        "This resident is already verified with another account. If that account is not yours, contact the organisers."
    }, outcomes
    winner = CensusEntry.objects.get(document_hash=document_hash("AB1")).user
    assert winner is not None and fresh(winner).verification_method == "census"


def test_one_account_claiming_two_residents_from_two_tabs(process):
    user = UserFactory()
    outcomes = race(
        [
            lambda n=n: verification_census_check(user=fresh(user), process=process, document=n, birth_date=BORN)
            for n in ("AB1", "AB2")
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert CensusEntry.objects.filter(user=user).count() == 1
