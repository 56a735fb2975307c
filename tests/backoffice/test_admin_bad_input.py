"""Issue 7 §6: the admin's date hierarchy and date filters answer huge years without a 500 (found by trying the
demo as a process administrator: `?start_date__year=99999999999999999999` raised OverflowError)."""

import pytest
from django.urls import reverse

from apps.spaces.models import ProcessRole
from tests.factories import ProcessFactory, ProcessRoleFactory, ProposalFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def agent(client):
    process = ProcessFactory()
    ProposalFactory(process=process)
    user = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "changelist,query",
    [
        ("admin:spaces_process_changelist", {"start_date__year": HUGE}),
        ("admin:spaces_process_changelist", {"start_date__year": "2026", "start_date__month": HUGE}),
        ("admin:proposals_proposal_changelist", {"published_at__year": HUGE}),
        ("admin:proposals_proposal_changelist", {"published_at__year__gte": HUGE}),
    ],
)
def test_huge_years_are_an_incorrect_lookup_not_a_500(client, agent, changelist, query):
    response = client.get(reverse(changelist), query)
    # Django's own answer to lookups it cannot use: back to the changelist with ?e=1.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
    assert client.get(response["Location"]).status_code == 200


def test_valid_years_still_filter(client, agent):
    response = client.get(reverse("admin:spaces_process_changelist"), {"start_date__year": "2026"})
    assert response.status_code == 200
