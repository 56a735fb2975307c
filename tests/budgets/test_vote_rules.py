"""Who may vote: each refusal with its sentence (phase, sign-in, age, residency, budget, other channels)."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from apps.budgets.models import Channel, Participation, Residency, VoterScope
from apps.core.permissions import is_allowed, refusal_reason
from apps.spaces.phases import PhaseKind
from tests.budgets.conftest import open_vote
from tests.factories import BudgetFactory, CensusEntryFactory, PhaseFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db
VOTE = "budgets.vote_budget"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def why(user, budget):
    return refusal_reason(VOTE, user, budget)


def years_ago(years, days=0):
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February: that year has none
        day = today.replace(year=today.year - years, day=28)
    return day - timedelta(days=days)


def settings_of(budget, **fields):
    settings = budget.process.voting_settings
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()


def test_an_anonymous_visitor_is_asked_to_sign_in():
    budget, _ = open_vote()
    assert why(AnonymousUser(), budget) == "Sign in to vote."


def test_outside_the_voting_phase_the_dates_are_given():
    process = ProcessFactory()
    PhaseFactory(process=process, kind=PhaseKind.PROPOSALS)
    vote_starts = timezone.localdate() + timedelta(days=10)
    PhaseFactory(process=process, kind=PhaseKind.VOTING, start_date=vote_starts, end_date=vote_starts)
    budget = BudgetFactory(process=process)
    assert why(UserFactory(), budget).startswith("Voting opens on ")


def test_under_age_and_missing_birth_date():
    budget, _ = open_vote()
    settings_of(budget, minimum_age=16)
    assert why(UserFactory(), budget) == (
        "You must be at least 16 to vote: give your birth date on the verification page."
    )
    assert why(UserFactory(birth_date=years_ago(16, days=-1)), budget) == "You must be at least 16 to vote."
    # Sixteen today: may vote.
    assert is_allowed(VOTE, UserFactory(birth_date=years_ago(16)), budget)


def test_residency_by_census_document():
    budget, _ = open_vote()
    settings_of(budget, residency=Residency.CENSUS_DOCUMENT)
    user = UserFactory()
    assert why(user, budget) == (
        "Verify your identity against the census of residents, on the verification page, to vote."
    )
    CensusEntryFactory(process=budget.process, user=user, document_hash="a" * 64, birth_date=date(1990, 1, 1))
    fresh = type(user).objects.get(pk=user.pk)
    assert is_allowed(VOTE, fresh, budget)


def test_residency_by_postal_code_census():
    budget, _ = open_vote()
    settings_of(budget, residency=Residency.CENSUS_POSTAL_CODE)
    CensusEntryFactory(process=budget.process, postal_code="59000")
    assert why(UserFactory(postal_code="75001"), budget) == "Your postal code 75001 is not in the census of this vote."
    assert why(UserFactory(postal_code=""), budget) == (
        "Give your postal code on the verification page: only residents in the census can vote."
    )
    assert is_allowed(VOTE, UserFactory(postal_code="59000"), budget)


def test_residency_by_declaration():
    budget, _ = open_vote()
    settings_of(budget, residency=Residency.DECLARATION)
    assert why(UserFactory(), budget) == (
        "Declare on your honour that you live here, on the verification page, to vote."
    )
    assert is_allowed(VOTE, UserFactory(verification_method="declaration", verified_at=timezone.now()), budget)


def test_district_budgets():
    city, _ = open_vote()
    district = BudgetFactory(process=city.process, district="Wazemmes", district_postal_codes="59000")
    settings_of(city, voter_scope=VoterScope.DISTRICT, district_voters_also_city_wide=False)
    resident = UserFactory(postal_code="59000")
    outsider = UserFactory(postal_code="59800")
    assert is_allowed(VOTE, resident, district)
    assert why(outsider, district) == "This budget is for the residents of Wazemmes."
    with translation.override("fr"):  # « habitants de Les Oliviers » did not read: the district is named as such
        assert why(outsider, district) == "Ce budget est réservé aux habitants du quartier Wazemmes."
    assert why(resident, city) == "This vote is for the district budgets only."
    settings_of(city, district_voters_also_city_wide=True)
    assert is_allowed(VOTE, UserFactory(postal_code="59000"), city)


def test_one_budget_of_their_choice():
    first, _ = open_vote()
    second = BudgetFactory(process=first.process, title_en="North")
    settings_of(first, voter_scope=VoterScope.ONE_BUDGET)
    voter = UserFactory()
    Participation.objects.create(budget=second, user=voter, channel=Channel.ONLINE)
    assert why(voter, first) == "You already voted in “North”: this vote lets you choose one budget only."
    assert is_allowed(VOTE, UserFactory(), first)


def test_a_person_who_voted_on_paper_or_in_person_cannot_vote_online():
    budget, _ = open_vote()
    on_paper, in_person = UserFactory(), UserFactory()
    Participation.objects.create(budget=budget, user=on_paper, channel=Channel.PAPER)
    entry = CensusEntryFactory(process=budget.process, user=in_person, document_hash="b" * 64)
    Participation.objects.create(budget=budget, census_entry=entry, channel=Channel.ASSISTED)
    assert why(on_paper, budget) == "You already voted on paper in this budget."
    assert why(in_person, budget) == "You already voted in person in this budget."


def test_a_blocked_account_cannot_vote():
    budget, _ = open_vote()
    assert why(UserFactory(blocked_at=timezone.now()), budget) == "Your account has been blocked."


def _lookups(user, budget, *, prefetched):
    from apps.budgets import eligibility

    eligibility.forget(user)
    if prefetched:
        eligibility.prefetch(user, budget)
    entry = eligibility.census_entry_of(user, budget.process)
    register = eligibility.registered_elsewhere(user, budget)
    return (entry and entry.pk, register and register.pk)


def test_the_prefetched_eligibility_equals_the_lookups_it_replaces():
    """eligibility.prefetch (one SQL statement, every vote request) gives what census_entry_of and
    registered_elsewhere would read one by one: the census entry, and the first register entry of another channel
    by account or by census entry; online entries and other budgets' do not count."""
    budget, _ = open_vote()
    other = BudgetFactory(process=budget.process)
    people = {name: UserFactory() for name in ("none", "census", "online", "paper", "assisted", "elsewhere", "both")}
    entries = {
        name: CensusEntryFactory(process=budget.process, user=people[name], document_hash=str(n) * 64)
        for n, name in enumerate(("census", "online", "assisted", "elsewhere", "both"), start=1)
    }
    Participation.objects.create(budget=budget, user=people["online"], census_entry=entries["online"],
                                 channel=Channel.ONLINE)  # fmt: skip
    Participation.objects.create(budget=budget, user=people["paper"], channel=Channel.PAPER)
    Participation.objects.create(budget=budget, census_entry=entries["assisted"], channel=Channel.ASSISTED)
    Participation.objects.create(budget=other, census_entry=entries["elsewhere"], channel=Channel.PAPER)
    Participation.objects.create(budget=budget, census_entry=entries["both"], channel=Channel.PAPER)
    for name, user in people.items():
        expected = _lookups(user, budget, prefetched=False)
        assert _lookups(user, budget, prefetched=True) == expected, name
    assert _lookups(people["assisted"], budget, prefetched=True)[1] is not None
    assert _lookups(people["online"], budget, prefetched=True) == (entries["online"].pk, None)
    assert _lookups(people["none"], budget, prefetched=True) == (None, None)
