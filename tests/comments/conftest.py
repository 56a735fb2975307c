import pytest
from django.utils import translation

from tests.factories import ProposalFactory, UserFactory


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings; URLs are reversed under /en/.
    with translation.override("en"):
        yield


@pytest.fixture
def proposal(process):
    """A published proposal in a process whose active phase enables comments."""
    return ProposalFactory(process=process)


@pytest.fixture
def commenter(db):
    return UserFactory(nickname="camille")


@pytest.fixture
def other(db):
    return UserFactory(nickname="karim")
