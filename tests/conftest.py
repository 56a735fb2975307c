import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from tests.factories import PhaseFactory, ProcessFactory, UserFactory
from tests.helpers import freeze_phase
from tests.security.counts import COUNTS as SECURITY_COUNTS


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and the cached terms version live in the cache (the version in each process's memory too).
    from apps.spaces.selectors import forget_terms_version

    cache.clear()
    forget_terms_version()
    yield
    cache.clear()
    forget_terms_version()


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /en/... leaves English active in the thread; later code (factories filling *_en fields,
    # messages) would then run in English.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def process(db):
    """A published process whose active phase is a proposals phase."""
    process = ProcessFactory()
    PhaseFactory(process=process)
    return process


@pytest.fixture
def freeze():
    return freeze_phase


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip_pg)


# What the security suite tried (tests/security/counts.py). Under pytest-xdist each worker counts its own tests and
# hands its totals to the controller, which prints them; in one process the summary reads them directly.
def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["security_counts"] = dict(SECURITY_COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    for key, n in getattr(node, "workeroutput", {}).get("security_counts", {}).items():
        SECURITY_COUNTS[key] = SECURITY_COUNTS.get(key, 0) + n


def pytest_terminal_summary(terminalreporter):
    if SECURITY_COUNTS:
        terminalreporter.section("security suite counts")
        for key in sorted(SECURITY_COUNTS):
            terminalreporter.write_line(f"{key}: {SECURITY_COUNTS[key]}")
