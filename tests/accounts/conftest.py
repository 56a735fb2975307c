import pytest
from django.core.cache import cache

from apps.spaces.selectors import TERMS_CACHE_KEY
from tests.factories import DEFAULT_PASSWORD, SitePageFactory, UserFactory


@pytest.fixture
def terms(db):
    page = SitePageFactory(version="v1")
    cache.delete(TERMS_CACHE_KEY)
    return page


@pytest.fixture
def bump_terms():
    """Publish a new version of the terms of use (as the site admin does)."""

    def bump(page, version):
        page.version = version
        page.save()
        cache.delete(TERMS_CACHE_KEY)
        return page

    return bump


@pytest.fixture
def member(db, terms):
    """A participant who accepted the current terms."""
    from django.utils import timezone

    return UserFactory(terms_version="v1", terms_accepted_at=timezone.now())


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def password():
    return DEFAULT_PASSWORD
