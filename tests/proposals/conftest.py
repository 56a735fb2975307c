import pytest

from tests.factories import CategoryFactory, ProcessRoleFactory, ProposalFactory, UserFactory
from tests.helpers import png_bytes


@pytest.fixture
def citizen(db):
    return UserFactory()


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def process_admin(process):
    return ProcessRoleFactory(process=process).user


@pytest.fixture
def category(process):
    return CategoryFactory(process=process, name="Écologie")


@pytest.fixture
def published(process, citizen, category):
    return ProposalFactory(process=process, author=citizen, category=category)


@pytest.fixture
def draft(process, citizen):
    return ProposalFactory(
        process=process, author=citizen, status="draft", published_at=None, reference=None, wizard_step=3
    )


@pytest.fixture
def png():
    return png_bytes()
