"""The participation figures: confirmed ballots per channel and per day, the turnout against the population, and
the voters' demographics where no group under 10 people is ever shown (small groups merged, and the next smallest
with them when a single one would be readable by subtraction). Public once the vote is closed; a constant number of
queries."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.models import Demographics
from apps.budgets.models import Channel, Participation
from apps.budgets.participation_selectors import Group, participation_stats, suppress_small_groups
from tests.budgets.adm_helpers import closed_vote_process, confirmed_ballot, voting_process
from tests.factories import BudgetFactory, CensusEntryFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

WOMAN, MAN, NON_BINARY = Demographics.Gender.WOMAN, Demographics.Gender.MAN, Demographics.Gender.NON_BINARY


def vote_of(budget, project, *, channel=Channel.ONLINE, when=None, gender="", birth_year=None, category="", **user):
    """A voter (with their demographics) in the register, with their confirmed ballot."""
    voter = UserFactory(**user)
    if gender or birth_year or category:
        Demographics.objects.create(
            user=voter, gender=gender, birth_year=birth_year, socio_professional_category=category
        )
    ballot = confirmed_ballot(
        budget, [project], voter=voter if channel == Channel.ONLINE else None, channel=channel, when=when
    )
    Participation.objects.create(
        budget=budget, user=voter, channel=channel, ballot=ballot if channel != Channel.PAPER else None
    )
    return voter


@pytest.fixture
def town():
    process = closed_vote_process()
    city = BudgetFactory(process=process, title_en="Whole city", title_fr="Toute la ville", population=400)
    north = BudgetFactory(process=process, title_en="North", title_fr="Nord", population=None)
    park = ProjectFactory(budget=city)
    yesterday = timezone.now() - timedelta(days=1)
    vote_year = process.ordered_phases[0].end_date.year
    for _ in range(12):
        vote_of(city, park, gender=WOMAN, birth_year=vote_year - 30, postal_code="59000", when=yesterday)
    for _ in range(11):
        vote_of(city, park, gender=MAN, birth_year=vote_year - 70, postal_code="59000")
    for _ in range(9):  # nine: never shown
        vote_of(city, park, channel=Channel.ASSISTED, gender=NON_BINARY, birth_year=vote_year - 20, postal_code="59800")
    for _ in range(2):
        vote_of(city, park, channel=Channel.PAPER, postal_code="59000")
    vote_of(north, ProjectFactory(budget=north), birth_date=date(vote_year - 40, 6, 1), postal_code="")
    return {"process": process, "city": city, "north": north}


def _url(process, budget=None, language="en"):
    with translation.override(language):
        if budget is None:
            return reverse("budgets:participation", kwargs={"slug": process.slug})
        return reverse("budgets:budget_participation", kwargs={"slug": process.slug, "budget_id": budget.pk})


def test_ballots_per_channel_turnout_and_days(town):
    stats = participation_stats(process=town["process"])

    city, north = stats["budgets"]
    assert {row["channel"].value: row["count"] for row in city["channels"]} == {
        "online": 23,
        "assisted": 9,
        "paper": 2,
    }
    assert city["total"] == 34 and city["population"] == 400 and city["turnout"] == 8.5
    assert north["total"] == 1 and north["turnout"] is None
    assert stats["total"] == 35
    assert {row["channel"].value: row["count"] for row in stats["channel_totals"]} == {
        "online": 24,
        "assisted": 9,
        "paper": 2,
    }
    today, day_before = timezone.localdate(), timezone.localdate() - timedelta(days=1)
    assert [(d["day"], d["counts"], d["total"]) for d in city["days"]] == [
        (day_before, [12, 0, 0], 12),
        (today, [11, 9, 2], 22),
    ]
    assert city["days"][1]["bar"] == 20 and city["days"][0]["bar"] == 11


def test_one_budget_has_its_own_figures_and_the_process_demographics(town):
    stats = participation_stats(budget=town["north"])
    assert [row["budget"] for row in stats["budgets"]] == [town["north"]]
    assert stats["total"] == 1
    assert stats["demographics"]["people"] == 35  # always the whole process, so no two tables can be subtracted


def _groups(stats, key):
    dimension = next(d for d in stats["demographics"]["dimensions"] if d.key == key)
    return {group.label: group.count for group in dimension.rows}


def test_groups_under_ten_are_merged_with_the_next_smallest(town):
    with translation.override("en"):
        stats = participation_stats(process=town["process"])
    # Nine non-binary voters and three without an answer are under 10; merged together (12) they show nothing.
    assert _groups(stats, "gender") == {"Woman": 12, "Man": 11, "Other / not shown": 12}
    # Ages: 12 aged 30, 11 aged 70, 9 aged 20, 1 aged 40 (from the account's birth date), 2 not given.
    assert _groups(stats, "age") == {"25 to 34": 12, "65 and over": 11, "Other / not shown": 12}
    # Places: 25 in 59000, 9 in 59800 and 1 without: the two small ones merged (10).
    assert _groups(stats, "place") == {"59000": 25, "Other / not shown": 10}
    # Categories: 35 without an answer, one group: shown (it hides nobody).
    assert _groups(stats, "category") == {"Not given": 35}


def test_a_single_small_group_takes_the_next_smallest_with_it():
    def group(label, count):
        return Group(key=label, label=label, count=count)

    groups = [group("a", 40), group("b", 15), group("c", 12), group("d", 3)]
    shown, other = suppress_small_groups(groups)
    # d alone would be total - a - b - c: c joins it.
    assert [g.label for g in shown] == ["a", "b"] and other == 15

    groups = [group("a", 40), group("b", 2), group("c", 3), group("d", 30)]
    shown, other = suppress_small_groups(groups)
    # b + c = 5, still under 10 and readable: the next smallest (d) joins them.
    assert [g.label for g in shown] == ["a"] and other == 35

    shown, other = suppress_small_groups([group("a", 9)])
    assert shown == [] and other == 9  # everything merged: the total, shown anyway
    shown, other = suppress_small_groups([group("a", 10), group("b", 10)])
    assert [g.label for g in shown] == ["a", "b"] and other is None


def test_no_group_under_ten_is_ever_shown_by_the_page(client, town):
    page = client.get(_url(town["process"])).content.decode()
    for table in re.findall(r'<table[^>]*data-testid="demographics-\w+".*?</table>', page, re.S):
        for count in re.findall(r'<td class="text-end">(\d+)</td>', table):
            assert int(count) >= 10
    assert "Non-binary" not in page and "59800" not in page


def test_the_page_shows_the_figures_once_the_vote_is_closed(client, town):
    response = client.get(_url(town["process"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "35 ballots counted" in page and "Whole city" in page and "North" in page
    assert "8.5 %" in page and "of 400 inhabitants" in page
    assert "Assisted (in person)" in page and "Paper" in page
    assert "Who voted" in page and "Other / not shown" in page
    assert "style=" not in page.split("<main")[1] and "<script>" not in page

    one = client.get(_url(town["process"], town["city"])).content.decode()
    assert "34 ballots counted" in one and "North" not in one.split("<main")[1]

    french = client.get(_url(town["process"], language="fr")).content.decode()
    assert "Toute la ville" in french


def test_the_breadcrumb_names_the_participation_page(client, town):
    process = town["process"]
    with translation.override("en"):
        vote = reverse("budgets:budget_list", kwargs={"slug": process.slug})
    page = client.get(_url(process)).content.decode()
    crumbs = page.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert '<li class="breadcrumb-item active" aria-current="page">Participation</li>' in crumbs
    assert f'<a href="{vote}">Vote</a>' in crumbs  # the vote is one step up, not the page itself
    one = client.get(_url(process, town["city"])).content.decode()
    crumbs = one.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert '<li class="breadcrumb-item active" aria-current="page">Participation</li>' in crumbs


def test_before_the_results_the_page_says_when(client):
    process = voting_process()
    city = BudgetFactory(process=process, title_en="Whole city")
    confirmed_ballot(city, [ProjectFactory(budget=city)])
    page = client.get(_url(process)).content.decode()
    assert 'data-testid="participation-not-yet"' in page
    assert "published once the vote is closed" in page
    assert 'data-testid="participation-total"' not in page


def test_an_unpublished_process_has_no_participation_page(client):
    process = closed_vote_process(is_published=False)
    assert client.get(_url(process)).status_code == 404


def test_the_query_count_does_not_grow_with_budgets_days_and_voters(client, town):
    client.get(_url(town["process"]))  # warm the caches
    with CaptureQueriesContext(connection) as before:
        client.get(_url(town["process"]))
    for days_ago in range(2, 6):
        extra = BudgetFactory(process=town["process"], population=50)
        project = ProjectFactory(budget=extra)
        for _ in range(3):
            vote_of(
                extra,
                project,
                when=timezone.now() - timedelta(days=days_ago),
                gender=WOMAN,
                category=Demographics.SocioProfessionalCategory.RETIRED,
                postal_code=f"5900{days_ago}",
            )
        entry = CensusEntryFactory(process=town["process"], district=f"District {days_ago}")
        Participation.objects.create(budget=extra, census_entry=entry, channel=Channel.PAPER)
    with CaptureQueriesContext(connection) as after:
        client.get(_url(town["process"]))
    assert len(after) == len(before)
    with CaptureQueriesContext(connection) as selector:
        participation_stats(process=town["process"])
    assert len(selector) <= 8


def test_imported_ballots_have_their_channel_only_when_there_are_some(town):
    stats = participation_stats(process=town["process"])
    assert Channel.IMPORTED not in stats["channels"]
    confirmed_ballot(town["north"], [ProjectFactory(budget=town["north"])], channel=Channel.IMPORTED)
    stats = participation_stats(process=town["process"])
    assert stats["channels"][-1] == Channel.IMPORTED
    north = stats["budgets"][1]
    assert {row["channel"].value: row["count"] for row in north["channels"]}["imported"] == 1
    assert stats["demographics"]["people"] == 35  # imported ballots have nobody in the register
