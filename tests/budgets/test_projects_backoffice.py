"""The organisers' services on budgets and projects: projects from accepted proposals, made directly, edited; the
status pipeline (the only writer of Project.status), its audit entries and notifications; budgets' ballot rules
fixed once ballots exist."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from apps.budgets import project_services as services
from apps.budgets.models import Budget, Project
from apps.budgets.pipeline import PIPELINE
from apps.core.models import AuditEntry
from apps.notifications.models import Follow, Notification
from apps.notifications.services import follow_add
from apps.proposals.models import Proposal
from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.budgets.adm_helpers import (
    accepted_proposal,
    admin_of,
    confirmed_ballot,
    process_in,
    registered_projects,  # noqa: F401 (a fixture, used below)
    voting_process,
)
from tests.factories import (
    BudgetFactory,
    CategoryFactory,
    ProcessRoleFactory,
    ProjectFactory,
    ProposalFactory,
    UserFactory,
)
from tests.helpers import png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registered_projects")]


@pytest.fixture
def process():
    return process_in(PhaseKind.FEASIBILITY)


@pytest.fixture
def admin(process):
    return admin_of(process)


@pytest.fixture
def budget(process):
    return BudgetFactory(process=process)


def _follows(project):
    return set(
        Follow.objects.filter(object_id=project.pk, content_type__model="project").values_list("user_id", flat=True)
    )


# --- Projects from the review's accepted proposals ------------------------------------------------------------


def test_accepted_proposals_become_projects_with_their_cost_text_place_and_link(process, admin, budget):
    category = CategoryFactory(process=process, name="Nature")
    proposal = accepted_proposal(
        process,
        cost="48000.50",
        title="Des arbres rue Pasteur pour l'été",
        body="Planter vingt arbres.\n\nArroser < 2 fois par semaine.",
        category=category,
        address="Rue Pasteur",
        latitude=Decimal("50.630000"),
        longitude=Decimal("3.060000"),
    )

    result = services.projects_from_proposals(process=process, budget=budget, proposals=[proposal], actor=admin)

    [project] = result.created
    project.refresh_from_db()
    assert project.budget == budget
    assert project.status == Project.Status.CANDIDATE
    assert project.cost == Decimal("48000.50")
    assert project.title_fr == "Des arbres rue Pasteur pour l'été"
    # The proposal's plain text becomes escaped paragraphs of the rich-text description.
    assert "<p>Planter vingt arbres.</p>" in project.description_fr
    assert "&lt; 2 fois" in project.description_fr
    assert (project.category, project.address) == (category, "Rue Pasteur")
    assert (project.latitude, project.longitude) == (Decimal("50.630000"), Decimal("3.060000"))
    assert list(project.proposals.all()) == [proposal]
    entry = AuditEntry.objects.get(action="budgets.project_from_proposal")
    assert entry.data["proposal"] == proposal.pk and entry.actor == admin and entry.process_id == process.pk


def test_authors_coauthors_and_followers_of_the_proposal_follow_the_project(process, admin, budget):
    author, coauthor, follower = UserFactory(), UserFactory(), UserFactory()
    proposal = accepted_proposal(process, author=author)
    proposal.coauthors.add(coauthor)
    follow_add(user=follower, target=proposal)

    [project] = services.projects_from_proposals(
        process=process, budget=budget, proposals=[proposal], actor=admin
    ).created

    assert {author.pk, coauthor.pk, follower.pk} <= _follows(project)


def test_proposals_already_turned_into_projects_are_skipped(process, admin, budget):
    first, second = accepted_proposal(process), accepted_proposal(process)
    services.projects_from_proposals(process=process, budget=budget, proposals=[first], actor=admin)

    result = services.projects_from_proposals(process=process, budget=budget, proposals=[first, second], actor=admin)

    assert [p.proposals.get() for p in result.created] == [second]
    assert result.skipped == [first]
    assert Project.objects.filter(proposals=first).count() == 1


@pytest.mark.parametrize("status", [Proposal.Status.PUBLISHED, Proposal.Status.REJECTED, Proposal.Status.EVALUATING])
def test_only_accepted_proposals_become_projects(process, admin, budget, status):
    accepted = accepted_proposal(process)
    other = ProposalFactory(process=process, status=status)

    with pytest.raises(ValidationError) as refused:
        services.projects_from_proposals(process=process, budget=budget, proposals=[accepted, other], actor=admin)

    assert "proposals" in refused.value.message_dict
    assert not Project.objects.exists()


def test_another_process_proposal_or_budget_is_refused(process, admin, budget):
    elsewhere = process_in(PhaseKind.FEASIBILITY)
    with pytest.raises(ValidationError):
        services.projects_from_proposals(
            process=process, budget=budget, proposals=[accepted_proposal(elsewhere)], actor=admin
        )
    with pytest.raises(ValidationError):
        services.projects_from_proposals(
            process=process,
            budget=BudgetFactory(process=elsewhere),
            proposals=[accepted_proposal(process)],
            actor=admin,
        )
    assert not Project.objects.exists()


def test_selecting_at_once_selects_and_notifies_the_authors(process, admin, budget):
    author = UserFactory(language="en")
    proposal = accepted_proposal(process, author=author)

    [project] = services.projects_from_proposals(
        process=process, budget=budget, proposals=[proposal], actor=admin, select=True
    ).created

    assert Project.objects.get(pk=project.pk).status == Project.Status.SELECTED
    notification = Notification.objects.get(recipient=author, kind=Notification.Kind.STATUS_CHANGED)
    with translation.override("en"):
        assert "Selected for the vote" in notification.summary


@pytest.mark.parametrize("role", [ProcessRole.Role.EVALUATOR, ProcessRole.Role.MODERATOR])
def test_staff_other_than_administrators_cannot_make_projects(process, budget, role):
    evaluator = ProcessRoleFactory(process=process, role=role).user
    with pytest.raises(PermissionDenied):
        services.projects_from_proposals(
            process=process, budget=budget, proposals=[accepted_proposal(process)], actor=evaluator
        )
    with pytest.raises(PermissionDenied):
        services.project_create(actor=evaluator, budget=budget, data={"title_fr": "Un projet"})


def test_an_administrator_of_another_process_cannot_touch_this_one(process, budget):
    stranger = admin_of(process_in(PhaseKind.FEASIBILITY))
    project = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE)
    with pytest.raises(PermissionDenied):
        services.project_status_set(project=project, to=Project.Status.SELECTED, actor=stranger)
    with pytest.raises(PermissionDenied):
        services.budget_update(actor=stranger, budget=budget, data={"title_fr": "Piraté"})
    assert Project.objects.get(pk=project.pk).status == Project.Status.CANDIDATE


# --- Projects made and edited by administrators ---------------------------------------------------------------


def test_project_create_with_translations_cost_external_id_and_images(process, admin, budget):
    from django.core.files.uploadedfile import SimpleUploadedFile

    picture = SimpleUploadedFile("parc.png", png_bytes(), content_type="image/png")
    project = services.project_create(
        actor=admin,
        budget=budget,
        data={
            "title_fr": "Un parc pour les enfants",
            "title_en": "A park for children",
            "description_fr": "<p>Des jeux</p><script>alert(1)</script>",
            "cost": Decimal("25000"),
            "external_id": "PRJ-7",
        },
        images=[(picture, "Le parc")],
    )

    project.refresh_from_db()
    assert project.status == Project.Status.CANDIDATE
    assert (project.title_fr, project.title_en, project.cost, project.external_id) == (
        "Un parc pour les enfants",
        "A park for children",
        Decimal("25000.00"),
        "PRJ-7",
    )
    assert "<script>" not in project.description_fr
    [image] = project.images.all()
    assert image.alt_text == "Le parc" and image.image.name.endswith(".png")
    assert AuditEntry.objects.filter(action="budgets.project_create", actor=admin).exists()


def test_project_create_refuses_a_missing_title_a_negative_cost_and_a_duplicate_external_id(admin, budget):
    ProjectFactory(budget=budget, external_id="PRJ-1")
    with pytest.raises(ValidationError) as no_title:
        services.project_create(actor=admin, budget=budget, data={"title_fr": " ", "cost": 1})
    assert "title_fr" in no_title.value.message_dict
    with pytest.raises(ValidationError) as negative:
        services.project_create(actor=admin, budget=budget, data={"title_fr": "Un projet", "cost": Decimal("-1")})
    assert "cost" in negative.value.message_dict
    with pytest.raises(ValidationError):
        services.project_create(actor=admin, budget=budget, data={"title_fr": "Un autre", "external_id": "PRJ-1"})
    assert budget.projects.count() == 1


def test_a_file_that_is_not_an_image_is_refused(admin, budget):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("parc.png", b"<html>not an image</html>", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        services.project_create(actor=admin, budget=budget, data={"title_fr": "Un projet"}, images=[(fake, "")])
    assert "images" in refused.value.message_dict
    assert not budget.projects.exists()


def test_project_update_changes_the_cost_but_never_the_status_or_budget(admin, budget):
    project = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE, cost=1000)
    services.project_update(actor=admin, project=project, data={"cost": Decimal("1500"), "status": "selected"})
    project.refresh_from_db()
    assert project.cost == Decimal("1500") and project.status == Project.Status.CANDIDATE
    entry = AuditEntry.objects.get(action="budgets.project_update")
    assert entry.data["changed"] == ["cost"]


def test_the_cost_of_a_project_on_ballots_is_fixed_during_the_vote():
    process = voting_process()
    admin = admin_of(process)
    budget = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget, cost=1000)
    confirmed_ballot(budget, [project])

    with pytest.raises(ValidationError) as refused:
        services.project_update(actor=admin, project=project, data={"cost": Decimal("900")})

    assert "cost" in refused.value.message_dict
    assert Project.objects.get(pk=project.pk).cost == Decimal("1000")
    # Its title may still be corrected.
    services.project_update(actor=admin, project=project, data={"title_fr": "Titre corrigé"})
    assert Project.objects.get(pk=project.pk).title_fr == "Titre corrigé"


# --- The status pipeline ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), PIPELINE.pairs())
def test_project_status_set_follows_the_table(admin, budget, source, target):
    project = ProjectFactory(budget=budget, status=source)
    if PIPELINE.can(source, target):
        services.project_status_set(project=project, to=target, actor=admin)
        assert Project.objects.get(pk=project.pk).status == target
    else:
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            services.project_status_set(project=project, to=target, actor=admin)
        assert "cannot go from" in str(refused.value)
        assert Project.objects.get(pk=project.pk).status == source


def test_an_unknown_status_is_refused_with_a_sentence(admin, budget):
    project = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE)
    with pytest.raises(ValidationError):
        services.project_status_set(project=project, to="elected", actor=admin)


def test_selecting_is_audited_and_notified_to_the_authors_and_followers(process, admin, budget):
    author, follower = UserFactory(language="en"), UserFactory()
    proposal = accepted_proposal(process, author=author)
    [project] = services.projects_from_proposals(
        process=process, budget=budget, proposals=[proposal], actor=admin
    ).created
    follow_add(user=follower, target=project)
    # An author who stopped following the project is still told: they wrote it.
    Follow.objects.filter(user=author).delete()

    services.project_status_set(project=project, to=Project.Status.SELECTED, actor=admin)

    entry = AuditEntry.objects.get(action="budgets.project_select")
    assert entry.data == {"before": "candidate", "after": "selected"}
    recipients = set(
        Notification.objects.filter(kind=Notification.Kind.STATUS_CHANGED).values_list("recipient_id", flat=True)
    )
    assert recipients == {author.pk, follower.pk}


def test_unselecting_is_notified_to_the_authors(process, admin, budget):
    author = UserFactory()
    proposal = accepted_proposal(process, author=author)
    [project] = services.projects_from_proposals(
        process=process, budget=budget, proposals=[proposal], actor=admin, select=True
    ).created
    Notification.objects.all().delete()

    services.project_status_set(project=project, to=Project.Status.CANDIDATE, actor=admin)

    notification = Notification.objects.get(recipient=author)
    assert notification.data["status"] == Project.Status.CANDIDATE
    assert AuditEntry.objects.filter(action="budgets.project_unselect").exists()


def test_winners_are_not_decided_while_the_vote_is_open():
    process = voting_process()
    admin = admin_of(process)
    project = ProjectFactory(budget=BudgetFactory(process=process))
    with pytest.raises(ValidationError) as refused:
        services.project_status_set(project=project, to=Project.Status.WINNER, actor=admin)
    assert "vote is open" in str(refused.value) or "vote est ouvert" in str(refused.value)
    assert Project.objects.get(pk=project.pk).status == Project.Status.SELECTED


# --- Budgets ----------------------------------------------------------------------------------------------------


def test_budget_create_and_update_are_audited(process, admin):
    budget = services.budget_create(
        actor=admin,
        process=process,
        data={
            "title_fr": "Quartier nord",
            "title_en": "North district",
            "total_amount": Decimal("50000"),
            "ballot_kind": Budget.BallotKind.KNAPSACK,
            "population": 12000,
        },
    )
    assert (budget.title_en, budget.population, budget.process) == ("North district", 12000, process)
    services.budget_update(actor=admin, budget=budget, data={"population": 13000})
    assert Budget.objects.get(pk=budget.pk).population == 13000
    actions = AuditEntry.objects.filter(target_id=str(budget.pk), actor=admin).values_list("action", flat=True)
    assert sorted(actions) == ["budgets.budget_create", "budgets.budget_update"]


def test_budget_rules_are_checked_field_by_field(process, admin):
    with pytest.raises(ValidationError) as refused:
        services.budget_create(
            actor=admin,
            process=process,
            data={"title_fr": "Sac à dos", "ballot_kind": Budget.BallotKind.KNAPSACK, "total_amount": None},
        )
    assert "total_amount" in refused.value.message_dict
    assert not Budget.objects.exists()


def test_the_ballot_rules_are_fixed_once_ballots_exist():
    process = voting_process()
    admin = admin_of(process)
    budget = BudgetFactory(process=process, max_projects=3)
    confirmed_ballot(budget, [ProjectFactory(budget=budget)])

    with pytest.raises(ValidationError) as refused:
        services.budget_update(actor=admin, budget=budget, data={"max_projects": 5})

    assert "max_projects" in refused.value.message_dict
    assert Budget.objects.get(pk=budget.pk).max_projects == 3
    services.budget_update(actor=admin, budget=budget, data={"population": 5000, "max_projects": 3})
    assert Budget.objects.get(pk=budget.pk).population == 5000
