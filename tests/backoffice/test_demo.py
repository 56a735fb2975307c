from io import StringIO

import pytest
from django.core.management import call_command

from apps.core.models import AuditEntry
from apps.spaces.models import ProcessRole

pytestmark = pytest.mark.django_db


def test_demo_agent_appoints_an_evaluator_once():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    role = ProcessRole.objects.get(user__email="evaluatrice2@demo.pbplatform.fr")
    assert role.role == ProcessRole.Role.EVALUATOR
    entry = AuditEntry.objects.get(action="backoffice.role_add")
    assert entry.actor.email == "agent@demo.pbplatform.fr"
    assert entry.process_id == role.process_id
