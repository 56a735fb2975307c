"""Rich text leaves the API sanitised as the pages render it: the XSS corpus in the organisers' descriptions comes
out with no live markup; participants' plain texts come out as the plain text they typed (JSON-escaped)."""

import pytest

from apps.budgets.models import Project
from tests.security.payloads import PAYLOADS, live_markup

pytestmark = pytest.mark.django_db


def test_rich_text_is_sanitised_in_the_api(world, api):
    corpus = "".join(PAYLOADS)
    Project.objects.filter(pk=world.selected_project.pk).update(description=corpus, description_en=corpus)
    for lang in ("fr", "en"):
        description = api.get(f"/api/v1/projects/{world.selected_project.pk}/", {"lang": lang}).json()["description"]
        assert live_markup(description) == [], description[:500]


def test_plain_text_is_returned_as_typed(world, api):
    from apps.proposals.models import Proposal

    Proposal.objects.filter(pk=world.published.pk).update(body=PAYLOADS[0])
    response = api.get(f"/api/v1/proposals/{world.published.pk}/")
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["body"] == PAYLOADS[0]
