import pytest
from django.utils import timezone

from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.factories import PhaseFactory, ProcessFactory, ProcessRoleFactory, UserFactory

from .factories import statuses_for


@pytest.fixture
def process(db):
    """A published process in its results phase."""
    process = ProcessFactory()
    PhaseFactory(process=process, kind=PhaseKind.RESULTS)
    return process


@pytest.fixture
def agent(process):
    """The process's administrator (never a superuser)."""
    user = UserFactory(terms_version="", terms_accepted_at=timezone.now())
    ProcessRoleFactory(process=process, user=user, role=ProcessRole.Role.ADMIN)
    return user


@pytest.fixture
def statuses(process):
    return statuses_for(process)
