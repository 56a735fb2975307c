"""Paper ballots typed twice by two agents: agreement makes one ballot, a mismatch makes none until a third person
reconciles it; void sheets are kept and counted apart; the printable ballot lists the projects."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from apps.budgets import paper_services as paper
from apps.budgets.assisted_services import choices_from
from apps.budgets.models import Ballot, BallotItem, Channel, PaperEntry
from apps.core.models import AuditEntry
from tests.budgets.assisted_helpers import make_desk
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def choices(desk, projects):
    return choices_from(budget=desk.budget, typed=[(p.pk, 1, None) for p in projects])


def entry_url(desk):
    return reverse("assisted:paper_entry", kwargs={"slug": desk.process.slug, "budget_id": desk.budget.pk})


def type_sheet(client, desk, sheet, projects, void=False):
    data = {"sheet": sheet, **{f"project_{p.pk}": "on" for p in projects}}
    if void:
        data["is_void"] = "on"
    return client.post(entry_url(desk), data, follow=True)


def test_two_agreeing_entries_make_one_ballot(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    type_sheet(client, desk, "a-17", desk.projects[:2])
    assert not Ballot.objects.exists()
    assert PaperEntry.objects.get().state == PaperEntry.State.PENDING
    client.force_login(desk.colleague)
    with translation.override("en"):
        response = client.post(
            "/en" + entry_url(desk)[3:],
            {"sheet": "A-17", **{f"project_{p.pk}": "on" for p in desk.projects[:2]}},
            follow=True,
        )
    assert "Sheet A-17 is entered: its ballot counts." in response.content.decode()
    ballot = Ballot.objects.get()
    assert ballot.channel == Channel.PAPER and ballot.paper_sheet == "A-17" and ballot.voter is None
    assert ballot.confirmed_at and ballot.recorded_by == desk.colleague
    assert set(ballot.items.values_list("project_id", flat=True)) == {p.pk for p in desk.projects[:2]}
    assert set(PaperEntry.objects.values_list("state", flat=True)) == {PaperEntry.State.MATCHED}
    assert set(PaperEntry.objects.values_list("ballot", flat=True)) == {ballot.pk}
    # Audited without the choices.
    audit = AuditEntry.objects.filter(action__startswith="budgets.paper_entry")
    assert audit.count() == 2 and all("choices" not in entry.data for entry in audit)


def test_a_mismatch_makes_no_ballot_until_a_third_person_reconciles(client):
    desk = make_desk()
    paper.paper_entry_add(
        agent=desk.assistant, budget=desk.budget, sheet="12", choices=choices(desk, desk.projects[:2])
    )
    entry = paper.paper_entry_add(
        agent=desk.colleague, budget=desk.budget, sheet="12", choices=choices(desk, desk.projects[1:3])
    )
    assert entry.state == PaperEntry.State.MISMATCH
    assert not Ballot.objects.exists()
    assert set(PaperEntry.objects.values_list("state", flat=True)) == {PaperEntry.State.MISMATCH}
    counts = paper.paper_sheet_counts(desk.budget)
    assert (counts.mismatched, counts.ballots) == (1, 0)

    # A third entry is refused: the sheet waits for reconciliation.
    with pytest.raises(ValidationError):
        paper.paper_entry_add(
            agent=desk.third, budget=desk.budget, sheet="12", choices=choices(desk, desk.projects[:2])
        )

    # One of the two typists may not reconcile.
    with pytest.raises(PermissionDenied):
        paper.paper_entry_reconcile(
            agent=desk.assistant, budget=desk.budget, sheet="12", choices=choices(desk, desk.projects[:2])
        )

    # The third person sees both entries side by side, with the differing rows marked, and reconciles.
    client.force_login(desk.third)
    url = reverse(
        "assisted:paper_reconcile", kwargs={"slug": desk.process.slug, "budget_id": desk.budget.pk, "sheet": "12"}
    )
    response = client.get(url)
    rows = response.context["rows"]
    assert [row["differs"] for row in rows] == [True, False, True, False, False]
    assert response.content.decode().count('data-differs="1"') == 2
    # Each column names who typed it (« Saisie de Aline » broke French elision: « Saisi par »).
    assert f"Saisi par {desk.assistant.public_name}" in response.content.decode()
    response = client.post(url, {"sheet": "12", f"project_{desk.projects[0].pk}": "on"}, follow=True)
    ballot = Ballot.objects.get()
    assert list(ballot.items.values_list("project_id", flat=True)) == [desk.projects[0].pk]
    assert ballot.recorded_by == desk.third and ballot.paper_sheet == "12"
    assert set(PaperEntry.objects.values_list("state", flat=True)) == {PaperEntry.State.RECONCILED}
    assert AuditEntry.objects.filter(action="budgets.paper_entry_reconciled", actor=desk.third).exists()


def test_an_administrator_who_typed_one_entry_may_reconcile():
    desk = make_desk()
    paper.paper_entry_add(agent=desk.admin, budget=desk.budget, sheet="7", choices=choices(desk, desk.projects[:1]))
    paper.paper_entry_add(
        agent=desk.assistant, budget=desk.budget, sheet="7", choices=choices(desk, desk.projects[1:2])
    )
    ballot = paper.paper_entry_reconcile(
        agent=desk.admin, budget=desk.budget, sheet="7", choices=choices(desk, desk.projects[1:2])
    )
    assert ballot.items.get().project == desk.projects[1]


def test_the_same_agent_cannot_type_the_second_entry(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    type_sheet(client, desk, "5", desk.projects[:1])
    with translation.override("en"):
        response = client.post(
            "/en" + entry_url(desk)[3:], {"sheet": "5", f"project_{desk.projects[0].pk}": "on"}, follow=True
        )
    assert "You have already typed sheet 5: a colleague types it the second time." in response.content.decode()
    assert PaperEntry.objects.count() == 1 and not Ballot.objects.exists()


def test_invalid_choices_are_refused_and_the_form_says_why(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    with translation.override("en"):
        response = client.post(
            "/en" + entry_url(desk)[3:], {"sheet": "9", **{f"project_{p.pk}": "on" for p in desk.projects[:4]}}
        )
    errors = response.context["form"].non_field_errors()
    assert "Check your typing; if the sheet itself breaks the rule, mark it void." in errors
    assert len(errors) >= 2  # the rule's own sentence first
    assert not PaperEntry.objects.exists()
    # A project of another budget (a tampered id) is refused too.
    other = make_desk()
    with pytest.raises(ValidationError):
        choices_from(budget=desk.budget, typed=[(other.projects[0].pk, 1, None)])


def test_a_void_sheet_is_kept_and_counted_apart(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    # Too many crosses on the sheet: it is void, whatever is ticked.
    type_sheet(client, desk, "V1", desk.projects[:4], void=True)
    client.force_login(desk.colleague)
    response = type_sheet(client, desk, "V1", [], void=True)
    assert response.status_code == 200
    assert not Ballot.objects.exists() and not BallotItem.objects.exists()
    assert set(PaperEntry.objects.values_list("state", "is_void")) == {(PaperEntry.State.MATCHED, True)}
    counts = paper.paper_sheet_counts(desk.budget)
    assert (counts.void, counts.ballots, counts.pending, counts.mismatched) == (1, 0, 0, 0)
    # A void sheet against a counted one is a mismatch.
    paper.paper_entry_add(agent=desk.assistant, budget=desk.budget, sheet="V2", choices=[], is_void=True)
    entry = paper.paper_entry_add(
        agent=desk.colleague, budget=desk.budget, sheet="V2", choices=choices(desk, desk.projects[:1])
    )
    assert entry.state == PaperEntry.State.MISMATCH
    # Reconciled as void: no ballot, counted void.
    assert (
        paper.paper_entry_reconcile(agent=desk.third, budget=desk.budget, sheet="V2", choices=[], is_void=True) is None
    )
    assert paper.paper_sheet_counts(desk.budget).void == 2


def test_a_counted_sheet_cannot_be_typed_again():
    desk = make_desk()
    for agent in (desk.assistant, desk.colleague):
        paper.paper_entry_add(agent=agent, budget=desk.budget, sheet="3", choices=choices(desk, desk.projects[:1]))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        paper.paper_entry_add(
            agent=desk.third, budget=desk.budget, sheet=" 3 ", choices=choices(desk, desk.projects[:1])
        )
    assert "Sheet 3 has already been entered and counted." in refused.value.messages
    assert Ballot.objects.count() == 1


def test_without_double_entry_one_entry_makes_the_ballot():
    desk = make_desk(double_entry=False)
    entry = paper.paper_entry_add(
        agent=desk.assistant, budget=desk.budget, sheet="1", choices=choices(desk, desk.projects[:3])
    )
    assert entry.state == PaperEntry.State.MATCHED
    assert Ballot.objects.get().items.count() == 3


def test_an_assistant_of_another_process_cannot_type_sheets(client):
    desk = make_desk()
    other = make_desk()
    client.force_login(other.assistant)
    assert type_sheet(client, desk, "1", desk.projects[:1]).status_code == 403
    with pytest.raises(PermissionDenied):
        paper.paper_entry_add(
            agent=other.assistant, budget=desk.budget, sheet="1", choices=choices(desk, desk.projects[:1])
        )
    assert not PaperEntry.objects.exists()


def test_the_printable_ballot_lists_the_selected_projects_with_their_costs(client):
    desk = make_desk()
    ProjectFactory(budget=desk.budget, status="candidate", title="Pas au vote", title_en="Not on the ballot")
    client.force_login(desk.assistant)
    url = reverse("assisted:paper_print", kwargs={"slug": desk.process.slug, "budget_id": desk.budget.pk})
    with translation.override("en"):
        response = client.get("/en" + url[3:] + "?copies=3&from=101")
    page = response.content.decode()
    assert "print_ballot.css" in page
    assert page.count('data-testid="paper-ballot"') == 3
    assert 'data-testid="sheet-number">101<' in page and 'data-testid="sheet-number">103<' in page
    assert page.count('data-testid="paper-project"') == 3 * 5
    assert "Not on the ballot" not in page
    assert desk.projects[0].title_en in page and "10,000 EUR" in page
    assert "Tick at most 3 projects." in page
    assert desk.budget.title_en in page
    # In French.
    page = client.get(url).content.decode()
    assert desk.projects[0].title_fr in page and "10 000" in page.replace("\u202f", " ").replace("\xa0", " ")


def test_the_reconciliation_list_and_the_desk_counts(client):
    desk = make_desk()
    paper.paper_entry_add(agent=desk.assistant, budget=desk.budget, sheet="4", choices=choices(desk, desk.projects[:1]))
    paper.paper_entry_add(
        agent=desk.colleague, budget=desk.budget, sheet="4", choices=choices(desk, desk.projects[1:2])
    )
    client.force_login(desk.third)
    url = reverse("assisted:paper_mismatches", kwargs={"slug": desk.process.slug, "budget_id": desk.budget.pk})
    page = client.get(url).content.decode()
    assert (
        reverse(
            "assisted:paper_reconcile", kwargs={"slug": desk.process.slug, "budget_id": desk.budget.pk, "sheet": "4"}
        )
        in page
    )
    home = client.get(reverse("backoffice:home")).content.decode()
    assert 'data-panel="budgets.paper_mismatches"' in home


def test_a_ranked_sheet_is_typed_with_ranks_and_compared_by_rank():
    desk = make_desk()
    desk.budget.ballot_kind = "ranked"
    desk.budget.max_projects = 3
    desk.budget.save()
    first, second, third = desk.projects[:3]

    def ranked(*projects):
        return choices_from(budget=desk.budget, typed=[(p.pk, 1, rank) for rank, p in enumerate(projects, start=1)])

    paper.paper_entry_add(agent=desk.assistant, budget=desk.budget, sheet="R", choices=ranked(first, second, third))
    entry = paper.paper_entry_add(
        agent=desk.colleague, budget=desk.budget, sheet="R", choices=ranked(second, first, third)
    )
    assert entry.state == PaperEntry.State.MISMATCH
    rows = paper.sheet_comparison(desk.budget, list(PaperEntry.objects.filter(sheet="R").order_by("pk")))
    assert [row["values"] for row in rows[:3]] == [[1, 2], [2, 1], [3, 3]]
    assert [row["differs"] for row in rows[:3]] == [True, True, False]
    ballot = paper.paper_entry_reconcile(
        agent=desk.third, budget=desk.budget, sheet="R", choices=ranked(first, second, third)
    )
    assert list(ballot.items.order_by("rank").values_list("project_id", "rank")) == [
        (first.pk, 1),
        (second.pk, 2),
        (third.pk, 3),
    ]


def test_the_forms_shape_points_and_ranks(client):
    from apps.budgets.assisted_forms import PaperSheetForm

    desk = make_desk()
    desk.budget.ballot_kind = "cumulative"
    desk.budget.points_total = 5
    desk.budget.max_points_per_project = 3
    desk.budget.max_projects = None
    desk.budget.save()
    projects = desk.projects
    form = PaperSheetForm(
        {
            "sheet": "1",
            f"project_{projects[0].pk}": "3",
            f"project_{projects[1].pk}": "2",
            f"project_{projects[2].pk}": "0",
        },
        budget=desk.budget,
        projects=projects,
    )
    assert form.is_valid(), form.errors
    assert form.typed() == [(projects[0].pk, 3, None), (projects[1].pk, 2, None)]
    # Negative points are refused by the form itself.
    form = PaperSheetForm({"sheet": "1", f"project_{projects[0].pk}": "-1"}, budget=desk.budget, projects=projects)
    assert not form.is_valid()


def test_the_rules_in_words_for_each_ballot():
    desk = make_desk()
    budget = desk.budget
    with translation.override("en"):
        budget.min_projects, budget.max_projects = 1, 3
        assert paper.ballot_instructions(budget)[0] == "Tick between 1 and 3 projects."
        budget.ballot_kind, budget.min_spend_percent, budget.max_projects, budget.min_projects = "knapsack", 50, None, 0
        lines = paper.ballot_instructions(budget)
        assert "The total cost of the projects you tick must not exceed 100,000 EUR." in lines
        assert "It must reach at least 50 % of the budget (50,000 EUR)." in lines
        budget.ballot_kind, budget.points_total, budget.max_points_per_project = "cumulative", 10, 4
        assert paper.ballot_instructions(budget)[:2] == [
            "Share 10 points between the projects: write the points in the boxes.",
            "At most 4 points on one project.",
        ]
        budget.ballot_kind, budget.max_projects = "ranked", 3
        assert paper.ballot_instructions(budget)[0].startswith("Number up to 3 projects in your order of preference")


def test_the_colleague_finds_the_sheets_waiting_for_their_entry_on_the_page_and_the_home(client):
    # The second agent saw « 2 waiting for the second entry » without which sheets, and nothing on the home page.
    desk = make_desk()
    client.force_login(desk.assistant)
    type_sheet(client, desk, "A-1", desk.projects[:1])
    type_sheet(client, desk, "A-2", desk.projects[:2])
    mine = client.get(entry_url(desk)).content.decode()
    assert 'data-testid="sheets-waiting-for-me"' not in mine  # their own entries wait for someone else
    client.force_login(desk.colleague)
    with translation.override("en"):
        page = client.get("/en" + entry_url(desk)[3:]).content.decode()
        home = client.get(reverse("backoffice:home")).content.decode()
    waiting = page.split('data-testid="sheets-waiting-for-me"')[1].split("</div>")[0]
    assert "waiting for your entry" in waiting
    assert waiting.index('href="?sheet=A-1"') < waiting.index('href="?sheet=A-2"')
    assert desk.assistant.display_name in waiting
    # The link fills the sheet number in.
    assert 'value="A-2"' in client.get(entry_url(desk) + "?sheet=A-2").content.decode()
    panel = home.split('data-panel="budgets.paper_second_entry"')[1].split("</li>")[0]
    assert ">2</span>" in panel and "Paper sheets waiting for your second entry" in panel
    # Once typed again, the sheet leaves the list.
    type_sheet(client, desk, "A-1", desk.projects[:1])
    assert 'href="?sheet=A-1"' not in client.get(entry_url(desk)).content.decode()
