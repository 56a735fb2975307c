"""A place on a map is on the globe: the database refuses a latitude beyond ±90 or a longitude beyond ±180 for every
content with a place (proposals, budget projects, events, results), whatever writes it."""

import pytest
from django.db import IntegrityError, transaction

from tests.events.factories import EventFactory
from tests.factories import ProjectFactory, ProposalFactory
from tests.results.factories import ResultFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [ProposalFactory, ProjectFactory, EventFactory, ResultFactory])
@pytest.mark.parametrize("latitude, longitude", [(95, 3), (-90.5, 3), (50, 181), (50, -200)])
def test_the_database_refuses_a_place_off_the_globe(factory, latitude, longitude):
    item = factory(latitude=50, longitude=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(item).objects.filter(pk=item.pk).update(latitude=latitude, longitude=longitude)
    type(item).objects.filter(pk=item.pk).update(latitude=-90, longitude=180)  # the edges are places
