import pytest

from apps.spaces.selectors import forget_terms_version
from tests.factories import DEFAULT_PASSWORD, SitePageFactory, UserFactory


@pytest.fixture
def terms(db):
    page = SitePageFactory(version="v1")
    forget_terms_version()
    return page


@pytest.fixture
def bump_terms():
    """Publish a new version of the terms of use (as the site admin does)."""

    def bump(page, version):
        page.version = version
        page.save()
        forget_terms_version()
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
