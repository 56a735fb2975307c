"""apps/core/prepared.py: a queryset compiled once gives what the ORM gives, for every argument."""

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from apps.budgets.models import Ballot, BasketItem, Budget, Channel, Project
from apps.core.prepared import PreparedQuery, RawRead
from apps.spaces.models import Phase
from tests.factories import BudgetFactory, PhaseFactory, ProcessFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

BASKET = PreparedQuery(
    lambda ballot_id: BasketItem.objects.filter(ballot_id=ballot_id)
    .select_related("project__budget__process")
    .order_by("rank", "added_at", "pk")
)
BUDGET = PreparedQuery(
    lambda budget_id, slug: Budget.objects.select_related("process", "process__voting_settings").filter(
        pk=budget_id, process__slug=slug
    )
)


def fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_same_objects_as_the_orm_with_their_related_objects_and_converted_fields():
    budget = BudgetFactory()
    ballots = []
    for _ in range(2):
        ballot = Ballot.objects.create(budget=budget, voter=UserFactory(), channel=Channel.ONLINE)
        for project in (ProjectFactory(budget=budget), ProjectFactory(budget=budget)):
            BasketItem.objects.create(ballot=ballot, project=project)
        ballots.append(ballot)
    for ballot in ballots:
        expected = list(BasketItem.objects.filter(ballot=ballot).select_related("project__budget__process")
                        .order_by("rank", "added_at", "pk"))  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            found = BASKET.list(ballot_id=ballot.pk)
            assert [fields(i) for i in found] == [fields(i) for i in expected]
            assert [fields(i.project) for i in found] == [fields(i.project) for i in expected]
            assert [fields(i.project.budget.process) for i in found] == [fields(i.project.budget.process)
                                                                        for i in expected]  # fmt: skip
            assert all(not i._state.adding and i._state.db == "default" for i in found)
        assert len(queries) == 1  # the related objects came with the items
    assert BASKET.list(ballot_id=0) == []
    assert BASKET.first(ballot_id=0) is None


def test_strings_and_ids_and_the_settings_joined_by_select_related():
    budget = BudgetFactory()
    other = BudgetFactory(process=ProcessFactory())
    found = BUDGET.first(budget_id=budget.pk, slug=budget.process.slug)
    assert found == budget and found.process == budget.process
    assert fields(found.process.voting_settings) == fields(budget.process.voting_settings)
    assert BUDGET.first(budget_id=other.pk, slug=budget.process.slug) is None  # another process's budget
    assert BUDGET.first(budget_id=budget.pk, slug="x" + budget.process.slug) is None


def test_annotations_are_set_as_the_orm_sets_them():
    budget = BudgetFactory()
    ProjectFactory(budget=budget, status=Project.Status.SELECTED)
    counted = PreparedQuery(lambda pk: Budget.objects.filter(pk=pk).annotate(projects_count=Count("projects")))
    assert counted.first(pk=budget.pk).projects_count == 1


def test_an_argument_that_does_not_reach_the_sql_as_it_is_is_refused():
    transformed = PreparedQuery(lambda title: Project.objects.filter(title_fr__contains=title))
    with pytest.raises(ValueError, match="do not appear"):
        transformed.list(title="Parc")
    with pytest.raises(TypeError):
        BASKET.list(ballot_id=None)
    with pytest.raises(TypeError):
        BASKET.list(ballot_id=[1, 2])


def test_an_id_no_column_can_hold_finds_nothing_as_the_orm_does():
    budget = BudgetFactory()
    huge = 10**23  # a URL's digits: the database would refuse it as a parameter (an overflow on SQLite)
    assert not Budget.objects.filter(pk=huge).exists()
    assert BUDGET.first(budget_id=huge, slug=budget.process.slug) is None
    assert BUDGET.list(budget_id=-huge, slug=budget.process.slug) == []
    assert BUDGET.first(budget_id=budget.pk, slug=budget.process.slug) == budget


PHASES_SQL = (
    'SELECT *, "process_id" * 2 AS "doubled" FROM "spaces_phase" WHERE "process_id" = %s ORDER BY "start_date", "id"'
)
PHASES = RawRead(Phase, PHASES_SQL)


def test_raw_read_gives_what_the_raw_queryset_gives_with_converted_fields_and_extra_columns():
    for process in (ProcessFactory(), ProcessFactory()):
        PhaseFactory(process=process)
        PhaseFactory(process=process)
    for process in ProcessFactory._meta.model.objects.all():
        expected = list(Phase.objects.raw(PHASES_SQL, [process.pk]))
        with CaptureQueriesContext(connection) as queries:
            found = PHASES.list([process.pk])
        assert len(queries) == 1
        assert [fields(p) for p in found] == [fields(p) for p in expected] and expected
        assert [p.doubled for p in found] == [process.pk * 2] * len(expected)
        assert all(not p._state.adding and p._state.db == "default" for p in found)
        assert type(found[0].start_date) is type(expected[0].start_date)
    assert PHASES.first([-1]) is None and PHASES.list([-1]) == []


def test_raw_read_needs_the_primary_key_and_scalar_arguments():
    ProcessFactory()
    with pytest.raises(FieldDoesNotExist):
        RawRead(Phase, 'SELECT "title" FROM "spaces_phase"').list([])
    with pytest.raises(TypeError):
        PHASES.list([None])
