from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from tests.factories import PhaseFactory, ProcessFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and the cached terms version live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def process(db):
    """A published process whose active phase is a proposals phase."""
    process = ProcessFactory()
    PhaseFactory(process=process)
    return process


@contextmanager
def freeze_phase(phase, where="inside"):
    """Move 'today' inside, before or after a phase, for code that calls timezone.localdate()/now().

    `where` is "inside", "before" or "after".
    """
    day = {
        "inside": phase.start_date,
        "before": phase.start_date - timedelta(days=1),
        "after": phase.end_date + timedelta(days=1),
    }[where]
    moment = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()).replace(hour=12))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield day


@pytest.fixture
def freeze():
    return freeze_phase


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip_pg)
