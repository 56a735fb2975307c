import pytest

from apps.spaces.models import ProcessRole
from tests.factories import PhaseFactory, ProcessFactory, ProcessRoleFactory, UserFactory


@pytest.fixture
def process(db):
    process = ProcessFactory()
    PhaseFactory(process=process)
    return process


@pytest.fixture
def admin(process):
    """The process's administrator (never a superuser)."""
    user = UserFactory(language="fr")
    ProcessRoleFactory(process=process, user=user, role=ProcessRole.Role.ADMIN)
    return user


@pytest.fixture
def citizen(db):
    return UserFactory(language="en")


@pytest.fixture(autouse=True)
def _mail_at_once(monkeypatch):
    """The tests run inside one transaction that never commits: send the queued e-mails at once."""
    from apps.core import background

    monkeypatch.setattr("apps.events.services.enqueue", lambda task, **kwargs: background.send(task, **kwargs))
