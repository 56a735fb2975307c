import pytest
from django.urls import reverse

from apps.proposals.models import Proposal
from tests.factories import CategoryFactory, ProcessFactory, ProcessRoleFactory, ProposalFactory, UserFactory

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


# ------------------------------------------------ what a process admin may do with citizens' proposals
# (logged in as the process admin, never as a superuser)


@pytest.fixture
def citizens_proposal(process, category):
    return ProposalFactory(process=process, category=category, title="Des bancs le long du canal de Roubaix")


def change_url(proposal):
    return reverse("admin:proposals_proposal_change", args=[proposal.pk])


def test_process_admin_cannot_rewrite_a_citizens_proposal(client, process, process_admin, citizens_proposal):
    client.force_login(process_admin)
    response = client.get(change_url(citizens_proposal))
    assert response.status_code == 200
    form = response.context["adminform"].form
    for locked in ("title", "body", "author", "process", "is_official"):
        assert locked not in form.fields
    # Classification stays theirs to adjust.
    assert "category" in form.fields
    html = response.content.decode()
    assert 'name="title"' not in html and 'name="body"' not in html
    assert citizens_proposal.title in html  # shown, read-only


def test_a_forged_post_does_not_change_what_the_citizen_wrote(client, process, process_admin, citizens_proposal):
    client.force_login(process_admin)
    other = ProcessFactory()
    ProcessRoleFactory(process=other, user=process_admin)
    author = citizens_proposal.author
    client.post(
        change_url(citizens_proposal),
        {
            "title": "Titre réécrit par l'agent",
            "body": "Texte réécrit.",
            "author": process_admin.pk,
            "process": other.pk,
            "is_official": "on",
            "category": citizens_proposal.category_id,
            "address": "",
            "latitude": "",
            "longitude": "",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    citizens_proposal.refresh_from_db()
    assert citizens_proposal.title == "Des bancs le long du canal de Roubaix"
    assert citizens_proposal.body != "Texte réécrit."
    assert citizens_proposal.author == author
    assert citizens_proposal.process == process
    assert not citizens_proposal.is_official


def test_process_admin_never_sees_drafts(client, process, process_admin):
    draft = ProposalFactory(process=process, status=Proposal.Status.DRAFT, published_at=None, title="Mon brouillon")
    client.force_login(process_admin)
    html = client.get(reverse("admin:proposals_proposal_changelist")).content.decode()
    assert "Mon brouillon" not in html
    assert client.get(change_url(draft)).status_code == 403


def test_process_admin_never_deletes(client, process, process_admin, citizens_proposal):
    client.force_login(process_admin)
    response = client.get(reverse("admin:proposals_proposal_changelist"))
    assert "delete_selected" not in response.content.decode()
    assert client.get(reverse("admin:proposals_proposal_delete", args=[citizens_proposal.pk])).status_code == 403
    response = client.post(
        reverse("admin:proposals_proposal_changelist"),
        {"action": "delete_selected", "_selected_action": [citizens_proposal.pk], "post": "yes"},
    )
    assert Proposal.objects.filter(pk=citizens_proposal.pk).exists()


def test_category_choices_and_filter_are_the_process_ones(client, process, process_admin, citizens_proposal):
    other_admins = ProcessFactory()
    CategoryFactory(process=other_admins, name="Catégorie d'ailleurs")
    ProposalFactory(process=other_admins, category=other_admins.categories.get())
    client.force_login(process_admin)
    form = client.get(change_url(citizens_proposal)).context["adminform"].form
    assert [c.name for c in form.fields["category"].queryset] == ["Écologie"]
    html = client.get(reverse("admin:proposals_proposal_changelist")).content.decode()
    assert "Écologie" in html
    assert "Catégorie d&#x27;ailleurs" not in html and "Catégorie d'ailleurs" not in html
    add_form = client.get(reverse("admin:proposals_proposal_add")).context["adminform"].form
    assert [c.name for c in add_form.fields["category"].queryset] == ["Écologie"]


def test_a_proposal_added_in_the_admin_is_the_staff_members_never_a_citizens(client, process, process_admin):
    """Found by trying the demo as the agent: the add page let her type any person's id as author and untick
    "official", publishing words in a citizen's name. Citizens' proposals collected on paper have their own path."""
    citizen = UserFactory()
    client.force_login(process_admin)
    form = client.get(reverse("admin:proposals_proposal_add")).context["adminform"].form
    assert "author" not in form.fields and "is_official" not in form.fields
    response = client.post(
        reverse("admin:proposals_proposal_add"),
        {
            "process": process.pk,
            "title": "Une proposition au nom de quelqu'un d'autre",
            "body": "Écrite par l'agent.",
            "author": citizen.pk,
            "status": "published",
            "address": "",
            "latitude": "",
            "longitude": "",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.author == process_admin and proposal.is_official


def test_the_agent_sees_no_link_to_the_user_admin_she_cannot_open(client, process, process_admin, citizens_proposal):
    client.force_login(process_admin)
    html = client.get(change_url(citizens_proposal)).content.decode()
    assert reverse("admin:accounts_user_change", args=[citizens_proposal.author_id]) not in html
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
