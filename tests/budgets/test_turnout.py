"""The live turnout panel: per budget, confirmed ballots by channel and per day, against the population; baskets and
paper sheets waiting; NEVER the running scores (no project named, no vote counted per project)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.budgets import staff_selectors
from apps.budgets.models import Channel, PaperEntry
from apps.spaces.models import ProcessRole
from tests.budgets.adm_helpers import (
    admin_of,
    basket,
    confirmed_ballot,
    registered_projects,  # noqa: F401 (a fixture, used below)
    voting_process,
)
from tests.factories import BudgetFactory, ProcessRoleFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registered_projects")]


@pytest.fixture
def vote():
    process = voting_process()
    city = BudgetFactory(process=process, title_en="Whole city", title_fr="Toute la ville", population=200)
    north = BudgetFactory(process=process, title_en="North", title_fr="Nord", population=None)
    favourite = ProjectFactory(budget=city, title_en="Favourite skatepark", title_fr="Skatepark favori")
    other = ProjectFactory(budget=city, title_en="Lonely bench", title_fr="Banc solitaire")
    yesterday = timezone.now() - timedelta(days=1)
    for _ in range(5):
        confirmed_ballot(city, [favourite], when=yesterday)
    for _ in range(3):
        confirmed_ballot(city, [favourite, other])
    confirmed_ballot(city, [other], channel=Channel.ASSISTED, voter=UserFactory(), when=yesterday)
    confirmed_ballot(city, [favourite], channel=Channel.PAPER)
    confirmed_ballot(north, [ProjectFactory(budget=north)])
    basket(city, [favourite])
    agent = UserFactory()
    PaperEntry.objects.create(budget=city, sheet="S-1", entered_by=agent, choices={str(favourite.pk): {}})
    return {"process": process, "city": city, "north": north, "admin": admin_of(process)}


def _url(process, language="en"):
    with translation.override(language):
        return reverse("budgets_backoffice:turnout", kwargs={"slug": process.slug})


def test_turnout_counts_ballots_by_channel_day_and_population(vote):
    data = staff_selectors.turnout(process=vote["process"])

    city, north = data["budgets"]
    assert city["budget"] == vote["city"] and north["budget"] == vote["north"]
    assert {row["channel"].value: row["count"] for row in city["channels"]} == {
        "online": 8,
        "assisted": 1,
        "paper": 1,
    }
    assert city["total"] == 10 and city["turnout"] == 5.0
    assert north["total"] == 1 and north["turnout"] is None
    assert data["total"] == 11
    today, day_before = timezone.localdate(), timezone.localdate() - timedelta(days=1)
    assert [(d["day"], d["counts"], d["total"]) for d in city["days"]] == [
        (day_before, [5, 1, 0], 6),
        (today, [3, 0, 1], 4),
    ]
    assert city["baskets"] == 1 and city["paper_waiting"] == 1


def test_turnout_page_shows_the_figures_in_english_and_french_and_never_the_scores(client, vote):
    client.force_login(vote["admin"])

    english = client.get(_url(vote["process"]))
    assert english.status_code == 200
    page = english.content.decode()
    assert "Live turnout" in page and "Whole city" in page and "North" in page
    assert "11 confirmed ballots in all" in page
    assert "5.0 %" in page and "of 200 inhabitants" in page
    assert "Assisted (in person)" in page and "Paper" in page
    assert "1 online basket not confirmed yet." in page
    # No project is named, so no score can be read.
    for title in ("Favourite skatepark", "Lonely bench", "Skatepark favori", "Banc solitaire"):
        assert title not in page

    french = client.get(_url(vote["process"], "fr")).content.decode()
    assert "Toute la ville" in french and "Skatepark favori" not in french and "Banc solitaire" not in french


def test_turnout_query_count_does_not_grow_with_budgets_and_days(client, vote):
    client.force_login(vote["admin"])
    client.get(_url(vote["process"]))  # warm the caches (roles, terms, content types)
    with CaptureQueriesContext(connection) as before:
        client.get(_url(vote["process"]))
    for days_ago in range(2, 6):
        extra = BudgetFactory(process=vote["process"])
        confirmed_ballot(extra, [ProjectFactory(budget=extra)], when=timezone.now() - timedelta(days=days_ago))
    with CaptureQueriesContext(connection) as after:
        client.get(_url(vote["process"]))
    assert len(after) == len(before)


@pytest.mark.parametrize(
    "role", [ProcessRole.Role.EVALUATOR, ProcessRole.Role.MODERATOR, ProcessRole.Role.VOTING_ASSISTANT]
)
def test_only_the_process_administrators_see_the_turnout(client, vote, role):
    client.force_login(ProcessRoleFactory(process=vote["process"], role=role).user)
    assert client.get(_url(vote["process"])).status_code == 403
    client.force_login(admin_of(voting_process()))
    assert client.get(_url(vote["process"])).status_code == 403


def test_the_home_panel_counts_confirmed_ballots(client, vote):
    client.force_login(vote["admin"])
    with translation.override("en"):
        page = client.get(reverse("backoffice:home")).content.decode()
    panel = page.split('data-panel="budgets.turnout"')[1].split("</li>")[0]
    assert ">11<" in panel and _url(vote["process"]) in panel
