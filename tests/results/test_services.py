"""Writes of results tracking: statuses and their default progress, the roll-up of sub-results, results made from
the winning projects, bulk updates and the timeline (its followers told). Staff act as the process's administrator."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.models import AuditEntry
from apps.notifications.models import Follow, Notification
from apps.notifications.services import follow_add
from apps.results import services
from apps.results.models import Result, Rollup, TimelineImage, results_settings_for
from tests.factories import BudgetFactory, CategoryFactory, ProjectFactory, ProposalFactory, UserFactory
from tests.helpers import png_bytes

from .factories import ResultFactory, ResultStatusFactory

pytestmark = pytest.mark.django_db


def _refresh(obj):
    obj.refresh_from_db()
    return obj


# --- statuses and their default progress ------------------------------------------------------------------------


def test_picking_a_status_sets_its_default_progress(agent, process, statuses):
    result = services.result_create(
        actor=agent, process=process, data={"title_fr": "Piscine", "status": statuses["tendering"]}
    )
    assert result.progress == Decimal(30)
    services.result_update(actor=agent, result=result, data={"status": statuses["works"]})
    assert _refresh(result).progress == Decimal(60)
    assert result.status == statuses["works"]


def test_a_progress_given_with_the_status_overrides_its_default(agent, process, statuses):
    result = ResultFactory(process=process)
    services.result_update(actor=agent, result=result, data={"status": statuses["works"], "progress": Decimal(45)})
    assert _refresh(result).progress == Decimal(45)
    # Editing something else keeps the overridden progress (the status did not change).
    services.result_update(actor=agent, result=result, data={"status": statuses["works"], "district": "Nord"})
    assert _refresh(result).progress == Decimal(45)


def test_a_status_without_default_progress_keeps_the_progress(agent, process):
    status = ResultStatusFactory(process=process, key="paused", progress=None)
    result = ResultFactory(process=process, progress=Decimal(40))
    services.result_update(actor=agent, result=result, data={"status": status})
    assert _refresh(result).progress == Decimal(40)


def test_status_keys_are_unique_per_process_and_progress_at_most_100(agent, process, statuses):
    with pytest.raises(ValidationError) as error:
        services.status_save(actor=agent, process=process, data={"name_fr": "Doublon", "key": "works", "progress": 5})
    assert "key" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.status_save(actor=agent, process=process, data={"name_fr": "Trop", "key": "over", "progress": 120})
    assert "progress" in error.value.message_dict
    status = services.status_save(
        actor=agent,
        process=process,
        data={"name_fr": "Réception", "name_en": "Handover", "key": "handover", "progress": 95},
    )
    assert status.position == 4 and status.name_en == "Handover"


def test_a_status_of_another_process_is_refused(agent, process, statuses):
    other = ResultStatusFactory()
    result = ResultFactory(process=process)
    with pytest.raises(ValidationError) as error:
        services.result_update(actor=agent, result=result, data={"status": other})
    assert "status" in error.value.message_dict


# --- roll-up ----------------------------------------------------------------------------------------------------


def test_a_parent_progress_rolls_up_from_its_children_weighted_by_cost(agent, process, statuses):
    parent = services.result_create(actor=agent, process=process, data={"title_fr": "Pistes cyclables"})
    north = services.result_create(
        actor=agent, process=process, data={"title_fr": "Tronçon nord", "parent": parent, "cost": Decimal(30000)}
    )
    south = services.result_create(
        actor=agent, process=process, data={"title_fr": "Tronçon sud", "parent": parent, "cost": Decimal(10000)}
    )
    assert _refresh(parent).progress == 0
    services.result_update(actor=agent, result=north, data={"status": statuses["done"]})
    assert _refresh(parent).progress == Decimal(75)
    services.result_update(actor=agent, result=south, data={"progress": Decimal(60)})
    assert _refresh(parent).progress == Decimal(90)


def test_the_roll_up_mode_is_set_per_process(agent, process):
    parent = ResultFactory(process=process)
    ResultFactory(process=process, parent=parent, progress=100, cost=30000)
    ResultFactory(process=process, parent=parent, progress=0, cost=10000)
    services.results_settings_update(actor=agent, process=process, rollup=Rollup.AVERAGE)
    assert _refresh(parent).progress == Decimal(50)
    assert results_settings_for(process).rollup == Rollup.AVERAGE
    services.results_settings_update(actor=agent, process=process, rollup=Rollup.COST)
    assert _refresh(parent).progress == Decimal(75)


def test_a_parent_progress_cannot_be_set_by_hand(agent, process, statuses):
    parent = ResultFactory(process=process)
    ResultFactory(process=process, parent=parent, progress=20)
    services.result_update(actor=agent, result=parent, data={"progress": Decimal(90), "status": statuses["done"]})
    parent.refresh_from_db()
    assert parent.progress == Decimal(0)  # not rolled up yet by the factory; not overwritten by hand either
    assert parent.status == statuses["done"]


def test_moving_and_deleting_children_roll_up_both_parents(agent, process):
    first, second = ResultFactory(process=process), ResultFactory(process=process)
    child = services.result_create(
        actor=agent, process=process, data={"title_fr": "Morceau", "parent": first, "progress": Decimal(80)}
    )
    assert _refresh(first).progress == Decimal(80)
    ResultFactory(process=process, parent=first, progress=20)
    services.result_update(actor=agent, result=child, data={"parent": second})
    assert _refresh(first).progress == Decimal(20)
    assert _refresh(second).progress == Decimal(80)


def test_only_one_level_of_sub_results(agent, process):
    parent = ResultFactory(process=process)
    child = ResultFactory(process=process, parent=parent)
    with pytest.raises(ValidationError) as error:
        services.result_create(actor=agent, process=process, data={"title_fr": "Petit-enfant", "parent": child})
    assert "parent" in error.value.message_dict


def test_bad_values_are_refused_next_to_their_field(agent, process):
    with pytest.raises(ValidationError) as error:
        services.result_create(
            actor=agent,
            process=process,
            data={
                "title_fr": "Dates",
                "start_date": datetime.date(2026, 5, 1),
                "end_date": datetime.date(2026, 4, 1),
                "progress": Decimal(130),
            },
        )
    assert {"end_date", "progress"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        services.result_create(actor=agent, process=process, data={"title_fr": "  "})
    assert "title_fr" in error.value.message_dict
    assert not Result.objects.exists()


def test_only_the_process_administrators_manage_results(process):
    citizen = UserFactory()
    with pytest.raises(PermissionDenied):
        services.result_create(actor=citizen, process=process, data={"title_fr": "Intrus"})


# --- from the winning projects ----------------------------------------------------------------------------------


def test_results_are_created_from_the_winning_projects(agent, process, statuses):
    budget = BudgetFactory(process=process, district="Nord")
    category = CategoryFactory(process=process)
    proposal = ProposalFactory(process=process)
    winner = ProjectFactory(
        budget=budget,
        status="winner",
        title="Piscine rénovée",
        title_en="Renovated pool",
        cost=40000,
        category=category,
        latitude=Decimal("50.63"),
        longitude=Decimal("3.06"),
        external_id="2024-01",
    )
    winner.proposals.add(proposal)
    ProjectFactory(budget=budget, status="not_winner")
    follower = UserFactory()
    follow_add(user=follower, target=winner)

    outcome = services.results_from_winners(actor=agent, process=process)

    assert len(outcome.created) == 1
    result = Result.objects.get()
    assert (result.title_fr, result.title_en) == ("Piscine rénovée", "Renovated pool")
    assert result.cost == Decimal(40000) and result.category == category and result.district == "Nord"
    assert result.latitude == Decimal("50.63") and result.external_id == "2024-01"
    assert list(result.projects.all()) == [winner]
    assert list(result.proposals.all()) == [proposal]
    assert result.status == statuses["studying"] and result.progress == Decimal(10)
    # The project's follower and the proposal's author follow the result.
    follows = Follow.objects.filter(object_id=result.pk, content_type__model="result")
    followers = set(follows.values_list("user_id", flat=True))
    assert followers == {follower.pk, proposal.author_id}
    assert AuditEntry.objects.filter(action="results.results_from_winners").exists()

    # Again: nothing new, the project is skipped.
    again = services.results_from_winners(actor=agent, process=process)
    assert again.created == [] and again.skipped == [winner]
    assert Result.objects.count() == 1


def test_no_winner_no_result(agent, process, statuses):
    ProjectFactory(budget=BudgetFactory(process=process), status="selected")
    with pytest.raises(ValidationError):
        services.results_from_winners(actor=agent, process=process)


# --- bulk updates -----------------------------------------------------------------------------------------------


def test_bulk_update_of_status_and_dates(agent, process, statuses):
    first, second, untouched = (ResultFactory(process=process) for _ in range(3))
    services.results_bulk_update(
        actor=agent,
        process=process,
        results=[first, second],
        data={"status": statuses["works"], "end_date": datetime.date(2027, 6, 30)},
    )
    for result in (first, second):
        result.refresh_from_db()
        assert result.status == statuses["works"] and result.progress == Decimal(60)
        assert result.end_date == datetime.date(2027, 6, 30)
    assert _refresh(untouched).status is None


def test_bulk_update_is_all_or_nothing(agent, process):
    good = ResultFactory(process=process)
    bad = ResultFactory(process=process, title="Commencé tard", start_date=datetime.date(2027, 9, 1))
    with pytest.raises(ValidationError) as error:
        services.results_bulk_update(
            actor=agent, process=process, results=[good, bad], data={"end_date": datetime.date(2027, 1, 1)}
        )
    assert "Commencé tard" in " ".join(error.value.messages)
    assert _refresh(good).end_date is None


def test_bulk_update_refuses_results_of_another_process(agent, process, statuses):
    foreign = ResultFactory()
    with pytest.raises(ValidationError):
        services.results_bulk_update(actor=agent, process=process, results=[foreign], data={"status": statuses["done"]})


# --- timeline ---------------------------------------------------------------------------------------------------


def test_a_timeline_entry_with_photos_tells_the_followers(agent, process):
    result = ResultFactory(process=process, title="Piscine")
    follower = UserFactory()
    follow_add(user=follower, target=result)
    photo = SimpleUploadedFile("chantier.png", png_bytes(), content_type="image/png")
    entry = services.timeline_entry_add(
        actor=agent,
        result=result,
        data={"title_fr": "Bassin carrelé", "title_en": "Pool tiled", "date": datetime.date(2026, 3, 2)},
        images=[(photo, "Le bassin")],
    )
    assert TimelineImage.objects.filter(entry=entry, alt_text="Le bassin").count() == 1
    notification = Notification.objects.get(recipient=follower)
    assert notification.data["title"] == "Piscine"
    assert "Bassin carrelé" in notification.data["excerpt"]
    assert not Notification.objects.filter(recipient=agent).exists()


def test_a_timeline_photo_is_checked_by_content(agent, process):
    result = ResultFactory(process=process)
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.timeline_entry_add(actor=agent, result=result, data={"title_fr": "Étape"}, images=[(fake, "")])
    assert "images" in error.value.message_dict
