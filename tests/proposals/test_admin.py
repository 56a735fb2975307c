import pytest
from django.urls import reverse

from apps.proposals.models import Proposal
from tests.factories import ProcessFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_process_admin_sees_only_their_processes_proposals(client, process, process_admin):
    mine = ProposalFactory(process=process, title="Une proposition de mon processus")
    theirs = ProposalFactory(process=ProcessFactory(), title="Une proposition d'un autre processus")
    client.force_login(process_admin)
    html = client.get(reverse("admin:proposals_proposal_changelist")).content.decode()
    assert mine.title in html
    assert theirs.title not in html
    assert client.get(reverse("admin:proposals_proposal_change", args=[theirs.pk])).status_code in (302, 403)


def test_admin_creates_official_published_proposal_through_the_service(client, process, process_admin):
    client.force_login(process_admin)
    response = client.post(
        reverse("admin:proposals_proposal_add"),
        {
            "process": process.pk,
            "title": "Planter deux cents arbres dans les cours d'école",
            "body": "Proposition de la mairie, à prioriser.",
            "is_official": "on",
            "author": process_admin.pk,
            "status": "published",
            "address": "",
            "latitude": "",
            "longitude": "",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    assert proposal.is_official and proposal.published_at is not None
    assert proposal.reference == f"PB-{proposal.published_at.year}-{proposal.pk:04d}"
    assert 'data-testid="badge-official"' in client.get(proposal.get_absolute_url()).content.decode()


def test_the_status_is_read_only_in_the_admin_and_new_ones_start_draft_or_published(client, process, process_admin):
    proposal = ProposalFactory(process=process, author=process_admin, is_official=True)
    client.force_login(process_admin)
    change = client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk])).content.decode()
    assert 'name="status"' not in change
    add = client.get(reverse("admin:proposals_proposal_add")).content.decode()
    assert 'value="draft"' in add and 'value="published"' in add and 'value="withdrawn"' not in add
