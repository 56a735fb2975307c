"""The organisers' budget screens, used as a process administrator (never a superuser): budgets, projects, projects
from accepted proposals, select and unselect, move; errors next to their fields; French and English; and the
Django admin (budgets, projects, voting settings inline, read-only census)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from apps.budgets.models import Budget, Project, VotingSettings
from apps.core.models import AuditEntry
from apps.notifications.models import Notification
from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.budgets.adm_helpers import (
    accepted_proposal,
    admin_of,
    basket,
    confirmed_ballot,
    process_in,
    registered_projects,  # noqa: F401 (a fixture, used below)
    voting_process,
)
from tests.factories import BudgetFactory, CensusEntryFactory, ProcessRoleFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registered_projects")]


@pytest.fixture
def process():
    return process_in(PhaseKind.FEASIBILITY)


@pytest.fixture
def admin(process):
    return admin_of(process)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def budget(process):
    return BudgetFactory(process=process, title_fr="Ville entière", title_en="Whole city")


def url(name, **kwargs):
    return reverse(f"budgets_backoffice:{name}", kwargs=kwargs)


def _en(name, **kwargs):
    with translation.override("en"):
        return url(name, **kwargs)


# --- Who may open the screens ---------------------------------------------------------------------------------


def _screens(process, budget, project):
    return [
        url("budgets", slug=process.slug),
        url("budget_create", slug=process.slug),
        url("budget_edit", budget_id=budget.pk),
        url("projects", budget_id=budget.pk),
        url("project_create", budget_id=budget.pk),
        url("project_edit", pk=project.pk),
        url("project_move", pk=project.pk),
        url("from_proposals", slug=process.slug),
        url("turnout", slug=process.slug),
    ]


def test_the_process_administrator_opens_every_screen(admin_client, process, budget):
    project = ProjectFactory(budget=budget)
    for screen in _screens(process, budget, project):
        assert admin_client.get(screen).status_code == 200, screen


@pytest.mark.parametrize(
    "who", ["citizen", "evaluator", "moderator", "voting_assistant", "other_admin"], ids=lambda who: who
)
def test_anybody_else_is_refused(client, process, budget, who):
    project = ProjectFactory(budget=budget)
    if who == "citizen":
        user = UserFactory()
    elif who == "other_admin":
        user = admin_of(process_in(PhaseKind.FEASIBILITY))
    else:
        user = ProcessRoleFactory(process=process, role=getattr(ProcessRole.Role, who.upper())).user
    client.force_login(user)
    for screen in _screens(process, budget, project):
        assert client.get(screen).status_code == 403, screen
    response = client.post(url("project_status", pk=project.pk), {"to": "candidate"})
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).status == Project.Status.SELECTED


def test_anonymous_visitors_are_sent_to_log_in(client, process):
    response = client.get(url("budgets", slug=process.slug))
    assert response.status_code == 302 and "login" in response.url


# --- Budgets ----------------------------------------------------------------------------------------------------


def test_budget_list_in_french_and_english(admin_client, process, budget):
    ProjectFactory(budget=budget, status=Project.Status.CANDIDATE)
    ProjectFactory(budget=budget)

    french = admin_client.get(url("budgets", slug=process.slug)).content.decode()
    assert "Ville entière" in french and "Whole city" not in french
    english = admin_client.get(_en("budgets", slug=process.slug)).content.decode()
    assert "Whole city" in english and "New budget" in english and "Selected for the vote" in english


def test_the_budget_list_groups_the_population_digits_as_the_amount(admin_client, process, budget):
    Budget.objects.filter(pk=budget.pk).update(population=20000, total_amount=100000)
    page = admin_client.get(_en("budgets", slug=process.slug)).content.decode()
    assert ">20,000</td>" in page and "100,000" in page


def test_budget_create_shows_errors_next_to_fields_and_keeps_the_input(admin_client, process):
    data = {
        "title_fr": "Quartier sud",
        "title_en": "South district",
        "ballot_kind": Budget.BallotKind.KNAPSACK,
        "total_amount": "",
        "currency": "EUR",
        "min_projects": 0,
        "min_spend_percent": 0,
        "position": 0,
        "population": "8000",
    }
    response = admin_client.post(_en("budget_create", slug=process.slug), data)

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["total_amount"] == ["A knapsack ballot needs the budget's total amount."]
    page = response.content.decode()
    assert "South district" in page and 'value="8000"' in page
    assert not Budget.objects.exists()

    data["total_amount"] = "40000"
    response = admin_client.post(url("budget_create", slug=process.slug), data)
    budget = Budget.objects.get()
    assert response.status_code == 302 and response.url == url("projects", budget_id=budget.pk)
    assert (budget.title_en, budget.total_amount, budget.population) == ("South district", Decimal("40000"), 8000)
    assert AuditEntry.objects.filter(action="budgets.budget_create", actor__isnull=False).exists()


def test_a_negative_total_amount_is_refused_next_to_the_field(admin_client, process):
    # It reached the database's constraint, shown above the form by its name (« budgets_budget_amount_positive »).
    data = {"title_fr": "Quartier nord", "ballot_kind": Budget.BallotKind.APPROVAL, "total_amount": "-5",
            "currency": "EUR", "min_projects": 0, "min_spend_percent": 0, "position": 0}  # fmt: skip
    response = admin_client.post(_en("budget_create", slug=process.slug), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"total_amount": ["A total amount cannot be negative."]}
    assert "budgets_budget_amount_positive" not in response.content.decode()
    assert not Budget.objects.exists()


def test_the_currency_is_a_three_letter_code_in_capitals(admin_client, process):
    data = {"title_fr": "Quartier nord", "ballot_kind": Budget.BallotKind.APPROVAL, "total_amount": "1000",
            "currency": "e1", "min_projects": 0, "min_spend_percent": 0, "position": 0}  # fmt: skip
    response = admin_client.post(_en("budget_create", slug=process.slug), data)
    errors = response.context["form"].errors
    assert errors == {"currency": ["Give the currency's three-letter code, such as EUR or CHF."]}
    # Typed in small letters: stored in capitals, so that amounts read "1,000 €" and not "1,000 eur".
    data["currency"] = " eur"
    assert admin_client.post(_en("budget_create", slug=process.slug), data).status_code == 302
    assert Budget.objects.get().currency == "EUR"


def test_budget_edit_locks_the_ballot_rules_once_ballots_exist():
    process = voting_process()
    admin = admin_of(process)
    budget = BudgetFactory(process=process, max_projects=3)
    confirmed_ballot(budget, [ProjectFactory(budget=budget)])
    from django.test import Client

    client = Client()
    client.force_login(admin)
    page = client.get(_en("budget_edit", budget_id=budget.pk)).content.decode()
    assert "the ballot&#x27;s rules can no longer change" in page or "ballot's rules can no longer change" in page

    response = client.post(
        url("budget_edit", budget_id=budget.pk),
        {
            "title_fr": "Renommé",
            "max_projects": 9,
            "ballot_kind": "ranked",
            "population": 100,
            "position": 1,
            "currency": "EUR",
            "min_projects": 0,
            "min_spend_percent": 0,
        },
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert (budget.title_fr, budget.population, budget.max_projects, budget.ballot_kind) == (
        "Renommé",
        100,
        3,
        "approval",
    )


# --- Projects ----------------------------------------------------------------------------------------------------


def test_project_list_shows_status_and_cost_and_never_votes():
    process = voting_process()
    admin = admin_of(process)
    budget = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget, title_en="Skate park", cost=Decimal("12345"))
    for _ in range(7):
        confirmed_ballot(budget, [project])
    from django.test import Client

    client = Client()
    client.force_login(admin)
    response = client.get(_en("projects", budget_id=budget.pk))
    page = response.content.decode()
    assert "Skate park" in page and "Selected for the vote" in page and "12,345.00" in page
    for word in ("votes", "Votes", "score", "Score", ">7<", " 7 "):
        assert word not in page.split('data-testid="project-list"')[1], word
    assert "The vote is open" in page


def test_project_create_through_the_screen(admin_client, process, budget):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers import png_bytes

    response = admin_client.post(
        url("project_create", budget_id=budget.pk),
        {
            "title_fr": "Un jardin partagé",
            "title_en": "A shared garden",
            "description_fr": "<p>Pour tous</p>",
            "cost": "15000",
            "external_id": "JAR-1",
            "new_image": SimpleUploadedFile("j.png", png_bytes(), content_type="image/png"),
            "new_image_alt": "Le jardin",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.title_en, project.cost, project.external_id, project.status) == (
        "A shared garden",
        Decimal("15000"),
        "JAR-1",
        Project.Status.CANDIDATE,
    )
    assert project.images.get().alt_text == "Le jardin"


def test_project_form_errors_are_shown_next_to_fields_and_nothing_is_lost(admin_client, budget):
    ProjectFactory(budget=budget, external_id="JAR-1")
    response = admin_client.post(
        _en("project_create", budget_id=budget.pk),
        {"title_fr": "", "title_en": "Kept title", "cost": "-5", "external_id": "JAR-1", "address": "Place du marché"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "title_fr" in errors and "cost" in errors
    page = response.content.decode()
    assert "Kept title" in page and "Place du marché" in page
    assert budget.projects.count() == 1


def test_project_edit(admin_client, budget):
    project = ProjectFactory(budget=budget, cost=1000, status=Project.Status.CANDIDATE)
    response = admin_client.post(
        url("project_edit", pk=project.pk), {"title_fr": "Nouveau titre", "title_en": "New title", "cost": "2000"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title_fr, project.cost, project.status) == ("Nouveau titre", Decimal("2000"), "candidate")


# --- Projects from accepted proposals --------------------------------------------------------------------------


def test_create_projects_from_ticked_accepted_proposals(admin_client, process, budget):
    ticked = accepted_proposal(process, cost="30000", title="Un skatepark au bord du canal")
    left = accepted_proposal(process, cost="5000", title="Des bancs dans le parc central")

    page = admin_client.get(_en("from_proposals", slug=process.slug)).content.decode()
    assert "Un skatepark au bord du canal" in page and "30,000.00" in page and "Des bancs" in page

    response = admin_client.post(
        _en("from_proposals", slug=process.slug), {"budget": budget.pk, "proposals": [ticked.pk], "select": "on"}
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.proposals.get(), project.cost, project.status) == (ticked, Decimal("30000"), "selected")
    assert response.url == url("projects", budget_id=budget.pk)
    # The proposal is no longer offered; the other one is.
    page = admin_client.get(_en("from_proposals", slug=process.slug)).content.decode()
    offered = page.split('data-testid="from-proposals-form"')[1].split("</form>")[0]
    assert "Des bancs" in offered and "Un skatepark" not in offered
    assert left.projects.count() == 0


def test_create_projects_without_ticking_says_so(admin_client, process, budget):
    accepted_proposal(process)
    response = admin_client.post(_en("from_proposals", slug=process.slug), {"budget": budget.pk})
    assert response.status_code == 400
    assert "Tick at least one accepted proposal." in response.content.decode()
    assert not Project.objects.exists()


# --- Select, unselect, move -------------------------------------------------------------------------------------


def test_select_and_unselect_buttons(admin_client, budget):
    project = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE, title_en="Benches")
    page = admin_client.get(_en("projects", budget_id=budget.pk)).content.decode()
    assert "Select for the vote" in page

    response = admin_client.post(_en("project_status", pk=project.pk), {"to": "selected"}, follow=True)
    assert Project.objects.get(pk=project.pk).status == Project.Status.SELECTED
    assert "“Benches” is now: Selected for the vote." in response.content.decode()

    # A link (GET) changes nothing.
    response = admin_client.get(url("project_status", pk=project.pk) + "?to=candidate")
    assert response.status_code == 302 and Project.objects.get(pk=project.pk).status == Project.Status.SELECTED
    # Outside the vote, unselecting needs no confirmation.
    admin_client.post(url("project_status", pk=project.pk), {"to": "candidate"})
    assert Project.objects.get(pk=project.pk).status == Project.Status.CANDIDATE


def test_a_refused_move_of_the_pipeline_is_a_message(admin_client, budget):
    project = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE)
    response = admin_client.post(_en("project_status", pk=project.pk), {"to": "winner"}, follow=True)
    assert "A project cannot go from" in response.content.decode()
    assert Project.objects.get(pk=project.pk).status == Project.Status.CANDIDATE


def test_unselecting_during_the_vote_asks_for_confirmation_then_fixes_ballots():
    from django.test import Client

    process = voting_process()
    admin = admin_of(process)
    budget = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget, title_en="Library")
    voter = UserFactory()
    confirmed_ballot(budget, [project], voter=voter)
    basket(budget, [project])
    client = Client()
    client.force_login(admin)

    page = client.get(_en("projects", budget_id=budget.pk)).content.decode()
    assert f"{url('project_status', pk=project.pk)}?to=candidate".replace("/fr/", "/en/") in page

    response = client.post(_en("project_status", pk=project.pk), {"to": "candidate"})
    assert response.status_code == 200
    warning = response.content.decode()
    assert "1 confirmed ballot holds this project" in warning and "1 basket holds it" in warning
    assert Project.objects.get(pk=project.pk).status == Project.Status.SELECTED

    response = client.post(_en("project_status", pk=project.pk), {"to": "candidate", "confirmed": "1"}, follow=True)
    assert Project.objects.get(pk=project.pk).status == Project.Status.CANDIDATE
    assert "1 ballot and 1 basket no longer hold it" in response.content.decode() or "no longer hold it" in (
        response.content.decode()
    )
    assert Notification.objects.filter(recipient=voter, kind=Notification.Kind.BALLOT_RECLASSIFIED).exists()


def test_move_a_project_to_another_budget(admin_client, process, budget):
    district = BudgetFactory(process=process, title_en="North")
    project = ProjectFactory(budget=budget, title_en="Benches")
    page = admin_client.get(_en("project_move", pk=project.pk)).content.decode()
    assert "North" in page

    response = admin_client.post(_en("project_move", pk=project.pk), {"budget": district.pk}, follow=True)
    assert Project.objects.get(pk=project.pk).budget == district
    assert "“Benches” has moved to North." in response.content.decode()


def test_a_project_cannot_be_moved_to_another_process(admin_client, budget):
    elsewhere = BudgetFactory(process=process_in(PhaseKind.FEASIBILITY))
    project = ProjectFactory(budget=budget)
    response = admin_client.post(url("project_move", pk=project.pk), {"budget": elsewhere.pk})
    assert response.status_code == 400
    assert "budget" in response.context["form"].errors
    assert Project.objects.get(pk=project.pk).budget == budget


# --- The back-office home ---------------------------------------------------------------------------------------


def test_the_back_office_home_lists_the_budget_panels(admin_client, process, budget):
    accepted_proposal(process)
    page = admin_client.get(_en_home()).content.decode()
    assert 'data-panel="budgets.projects"' in page
    assert 'data-panel="budgets.accepted_waiting"' in page
    assert url("from_proposals", slug=process.slug).replace("/fr/", "/en/") in page
    assert 'data-panel="budgets.turnout"' in page


def _en_home():
    with translation.override("en"):
        return reverse("backoffice:home")


# --- Django admin -------------------------------------------------------------------------------------------------


def test_the_django_admin_for_a_process_administrator(admin_client, process, budget):
    project = ProjectFactory(budget=budget)
    CensusEntryFactory(process=process, postal_code="59800")
    CensusEntryFactory(process=process_in(PhaseKind.FEASIBILITY), postal_code="75001")

    assert admin_client.get(reverse("admin:budgets_budget_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:budgets_budget_change", args=[budget.pk])).status_code == 200
    page = admin_client.get(reverse("admin:budgets_project_change", args=[project.pk])).content.decode()
    assert 'name="title_fr"' in page and 'name="images-TOTAL_FORMS"' in page
    census = admin_client.get(reverse("admin:budgets_censusentry_changelist")).content.decode()
    assert "59800" in census and "75001" not in census
    assert admin_client.get(reverse("admin:budgets_censusentry_add")).status_code == 403
    process_page = admin_client.get(reverse("admin:spaces_process_change", args=[process.pk])).content.decode()
    assert "voting_settings-0-voter_scope" in process_page


def test_the_admin_saves_through_the_services(admin_client, process, budget):
    project = ProjectFactory(budget=budget, status=Project.Status.CANDIDATE)
    change = reverse("admin:budgets_project_change", args=[project.pk])
    data = {
        "title_fr": "Titre admin",
        "title_en": "",
        "title_es": "",
        "description_fr": "<p>ok</p><script>x</script>",
        "description_en": "",
        "description_es": "",
        "cost": "777",
        "external_id": "",
        "position": 1,
        "category": "",
        "address": "",
        "latitude": "",
        "longitude": "",
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 1000,
    }
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    assert (project.title_fr, project.cost, project.status) == ("Titre admin", Decimal("777"), "candidate")
    assert "<script>" not in project.description_fr
    assert AuditEntry.objects.filter(action="budgets.project_update", actor__isnull=False).exists()


def test_voting_settings_are_created_with_the_process(process):
    assert VotingSettings.objects.filter(process=process).exists()


def test_the_project_list_costs_the_same_for_3_and_30_projects(admin_client, process, budget):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        project = ProjectFactory(budget=budget)
        project.proposals.add(accepted_proposal(process))
    admin_client.get(url("projects", budget_id=budget.pk))
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url("projects", budget_id=budget.pk))
    for _ in range(27):
        project = ProjectFactory(budget=budget)
        project.proposals.add(accepted_proposal(process))
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url("projects", budget_id=budget.pk))
    assert response.content.decode().count('data-testid="project-row"') == 30
    assert len(many) == len(few)
