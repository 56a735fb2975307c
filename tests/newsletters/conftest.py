import pytest
from django.utils import timezone

from apps.newsletters.models import Newsletter
from apps.spaces.models import ProcessRole
from tests.factories import PhaseFactory, ProcessFactory, ProcessRoleFactory, UserFactory


@pytest.fixture
def process(db):
    process = ProcessFactory()
    PhaseFactory(process=process)
    return process


@pytest.fixture
def process_admin(process):
    """The process's administrator (never a superuser)."""
    user = UserFactory(language="fr", email="agent@example.org")
    ProcessRoleFactory(process=process, user=user, role=ProcessRole.Role.ADMIN)
    return user


@pytest.fixture
def site_admin(db):
    """Staff given the named permission, not a superuser."""
    from django.contrib.auth.models import Permission

    user = UserFactory(language="en", is_staff=True, email="comms@example.org")
    user.user_permissions.add(Permission.objects.get(codename="send_to_all_segments"))
    return user


def opted_in(**kwargs):
    return UserFactory(newsletter_opt_in=True, newsletter_opt_in_at=timezone.now(), **kwargs)


def make_newsletter(**kwargs):
    values = {
        "subject": "Des nouvelles du budget participatif",
        "subject_en": "News of the participatory budget",
        "subject_es": "Noticias del presupuesto participativo",
        "body": "<p>Bonjour à toutes et à tous.</p>",
        "body_en": "<p>Hello everyone.</p>",
        "body_es": "<p>Hola a todos.</p>",
        "segment": Newsletter.Segment.EVERYONE,
    }
    values.update(kwargs)
    return Newsletter.objects.create(**values)


@pytest.fixture(autouse=True)
def _send_at_once(monkeypatch):
    """The tests run inside one transaction that never commits: run the queued batches at once."""
    from apps.core import background

    monkeypatch.setattr(
        "apps.newsletters.services.enqueue", lambda task, **kwargs: background.send(task, **kwargs)
    )
