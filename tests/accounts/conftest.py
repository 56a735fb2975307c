import pytest
from django.core.cache import cache

from apps.core.permissions import define
from apps.spaces.phases import Feature
from apps.spaces.predicates import participation_requirements
from apps.spaces.selectors import TERMS_CACHE_KEY
from tests.factories import DEFAULT_PASSWORD, SitePageFactory, UserFactory

PARTICIPATE = "tests.participate"

# A test-only participation permission, composed like the real ones.
define(PARTICIPATE, *participation_requirements(Feature.CREATE_PROPOSALS, sign_in_message="Sign in to take part."))


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
