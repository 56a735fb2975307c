"""The current terms version: read from the cache (Redis in production), and kept a few seconds in each process so
that a vote's requests do not each make a round trip for it; new terms are seen at once where they were published
and within TERMS_VERSION_LOCAL_SECONDS elsewhere."""

from unittest import mock

import pytest
from django.core.cache import cache

from apps.spaces import selectors
from apps.spaces.selectors import TERMS_CACHE_KEY, current_terms_version
from tests.factories import SitePageFactory, UserFactory


def _reads(calls):
    return [call.args[0] for call in calls.call_args_list].count(TERMS_CACHE_KEY)


@pytest.fixture
def terms(db):
    return SitePageFactory(version="v1")


def test_the_version_is_asked_once_per_process_within_the_delay(terms, settings):
    settings.TERMS_VERSION_LOCAL_SECONDS = 5
    with mock.patch.object(cache, "get", wraps=cache.get) as calls:
        assert [current_terms_version() for _ in range(3)] == ["v1", "v1", "v1"]
    assert _reads(calls) == 1


def test_another_process_s_new_terms_are_seen_once_the_delay_is_over(terms, settings):
    settings.TERMS_VERSION_LOCAL_SECONDS = 5
    assert current_terms_version() == "v1"
    # Published elsewhere: the row and the shared cache change, this process's memory does not.
    terms.version = "v2"
    terms.save()
    cache.delete(TERMS_CACHE_KEY)
    now = selectors.time.monotonic()
    with mock.patch.object(selectors.time, "monotonic", return_value=now + 4):
        assert current_terms_version() == "v1"
    with mock.patch.object(selectors.time, "monotonic", return_value=now + 6):
        assert current_terms_version() == "v2"


def test_without_the_delay_every_ask_reads_the_cache(terms, settings):
    settings.TERMS_VERSION_LOCAL_SECONDS = 0
    with mock.patch.object(cache, "get", wraps=cache.get) as calls:
        current_terms_version()
        current_terms_version()
    assert _reads(calls) == 2


def test_terms_published_in_the_admin_apply_at_once(client, terms, settings):
    """The site administrator saves new terms: the next page asks the member to accept them, with no wait."""
    settings.TERMS_VERSION_LOCAL_SECONDS = 5
    member = UserFactory(terms_version="v1")
    client.force_login(member)
    banner = "The terms of use have changed"
    assert banner not in client.get("/en/").content.decode()
    admin = UserFactory(is_staff=True, is_superuser=True)
    admin_client = type(client)()
    admin_client.force_login(admin)
    response = admin_client.post(
        f"/fr/admin/spaces/sitepage/{terms.pk}/change/",
        {
            "slug": terms.slug,
            "version": "v2",
            "title_fr": terms.title_fr or "Conditions",
            "title_en": "",
            "title_es": "",
            "body_fr": terms.body_fr or "<p>Charte</p>",
            "body_en": "",
            "body_es": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    terms.refresh_from_db()
    assert terms.version == "v2"
    assert current_terms_version() == "v2"
    assert banner in client.get("/en/").content.decode()
