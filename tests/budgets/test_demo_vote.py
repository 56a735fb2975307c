"""seed_demo's vote: a process whose vote is open now, with 32 projects from the review and a few hundred ballots."""

import importlib.util
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from apps.budgets.ballot_rules import Choice, completeness_errors
from apps.budgets.demo import ASSISTANT_EMAIL, PAPER_AGENT_EMAIL, SHEETS_WAITING, SLUG, VOTER_EMAIL
from apps.budgets.demo_results import PAST_SLUG
from apps.budgets.models import (
    Ballot,
    Budget,
    CensusEntry,
    Channel,
    PaperEntry,
    Participation,
    Project,
    Residency,
    voting_settings_for,
)
from apps.proposals.models import Proposal
from apps.spaces.models import Process, ProcessRole
from apps.spaces.phases import PhaseKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _age(birth):
    today = timezone.localdate()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def test_demo_vote_is_open_with_32_projects_from_the_review(demo):
    process = Process.objects.get(slug=SLUG)
    assert process.active_phase.kind == PhaseKind.VOTING
    budget = Budget.objects.get(process=process)
    assert budget.total_amount == 100000
    assert (budget.ballot_kind, budget.min_projects, budget.max_projects) == (Budget.BallotKind.APPROVAL, 1, 3)
    settings = voting_settings_for(process)
    assert settings.minimum_age == 16
    assert settings.residency == Residency.CENSUS_DOCUMENT
    projects = Project.objects.filter(budget=budget, status=Project.Status.SELECTED).prefetch_related("proposals")
    assert projects.count() == 32
    for project in projects:
        (proposal,) = project.proposals.all()
        assert proposal.status == Proposal.Status.ACCEPTED
        assert proposal.review.estimated_cost == project.cost
        assert project.title_en and project.title_fr == proposal.title
    # Converted by the back-office's service when it is there (audited per project).
    if importlib.util.find_spec("apps.budgets.project_services"):
        from apps.core.models import AuditEntry

        assert AuditEntry.objects.filter(action="budgets.project_from_proposal", process_id=process.pk).count() == 32
    # The ideas-phase process is left as it was: no budget, ideas still open.
    ideas = Process.objects.get(slug="budget-participatif-2026")
    assert ideas.active_phase.kind == PhaseKind.PROPOSALS
    assert not Budget.objects.filter(process=ideas).exists()


def test_demo_projects_read_in_french_english_and_spanish(demo, client):
    """The vote's 32 projects and last year's 12 have their title and description in every language (the English
    vote page showed English titles over French descriptions, the Spanish one English titles)."""
    for slug in (SLUG, PAST_SLUG):
        budget = Budget.objects.get(process__slug=slug)
        projects = list(Project.objects.filter(budget=budget))
        assert len(projects) == (32 if slug == SLUG else 12)
        for obj in (budget, *projects):
            for field in ("title_fr", "title_en", "title_es", "description_fr", "description_en", "description_es"):
                assert getattr(obj, field), (slug, obj.title_fr, field)
    budget = Budget.objects.get(process__slug=SLUG)
    piano = Project.objects.get(budget=budget, title_fr="Un piano en libre accès à la gare")
    for language in ("en", "es"):
        with translation.override(language):
            url = reverse("budgets:budget_detail", kwargs={"slug": SLUG, "budget_id": budget.pk})
            title, description = piano.title, piano.description.removeprefix("<p>").removesuffix("</p>")
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert title in page and description in page, language
        assert "accordé deux fois par an" not in page


def test_demo_ballots_over_three_channels_one_per_voter_each_within_the_rule(demo):
    budget = Budget.objects.get(process__slug=SLUG)
    ballots = Ballot.objects.filter(budget=budget)
    confirmed = ballots.filter(confirmed_at__isnull=False)
    assert confirmed.count() >= 200
    per_channel = dict(confirmed.values_list("channel").annotate(n=Count("id")))
    assert set(per_channel) == {Channel.ONLINE, Channel.ASSISTED, Channel.PAPER}
    assert min(per_channel.values()) >= 20
    # One ballot per voter, one register line per ballot, one per census entry.
    online = ballots.exclude(voter=None)
    assert online.values("voter").distinct().count() == online.count() == per_channel[Channel.ONLINE]
    register = Participation.objects.filter(budget=budget)
    # The voters whose sheets are still on the voting desk are in the register; their sheets do not count yet.
    assert register.count() == confirmed.count() + SHEETS_WAITING
    assert register.values("census_entry").distinct().count() == register.count()
    assert register.filter(channel=Channel.PAPER, ballot=None).count() == per_channel[Channel.PAPER] + SHEETS_WAITING
    assert not register.filter(channel__in=[Channel.ONLINE, Channel.ASSISTED], ballot=None).exists()
    # Every ballot within the rule: 1 to 3 different projects, all selected in this budget.
    costs = dict(Project.objects.filter(budget=budget, status=Project.Status.SELECTED).values_list("pk", "cost"))
    selected = set(costs)
    for ballot in confirmed.prefetch_related("items"):
        chosen = [item.project_id for item in ballot.items.all()]
        assert 1 <= len(chosen) <= 3 and len(set(chosen)) == len(chosen)
        assert set(chosen) <= selected
        assert all(item.points == 1 and item.rank is None for item in ballot.items.all())
        choices = [Choice(project_id=i.project_id, cost=costs[i.project_id]) for i in ballot.items.all()]
        assert completeness_errors(budget, choices) == []
        if ballot.channel == Channel.ONLINE:
            assert sorted(b.project_id for b in ballot.basket.all()) == sorted(chosen)
            assert ballot.receipt_code
    # Paper sheets: typed by two different agents, matching, each one ballot.
    for ballot in confirmed.filter(channel=Channel.PAPER):
        entries = list(PaperEntry.objects.filter(budget=budget, sheet=ballot.paper_sheet))
        assert len(entries) == 2 and entries[0].entered_by_id != entries[1].entered_by_id
        assert {e.state for e in entries} == {PaperEntry.State.MATCHED} and entries[0].choices == entries[1].choices
        assert sorted(map(int, entries[0].choices)) == sorted(ballot.items.values_list("project_id", flat=True))
    # Sheets waiting on the desk: typed once by the assistant for the colleague, and one whose two entries disagree.
    waiting = PaperEntry.objects.filter(budget=budget, ballot=None).exclude(state=PaperEntry.State.MATCHED)
    states = sorted(waiting.values_list("sheet", "state", "entered_by__email"))
    assert states == [
        ("P-0051", PaperEntry.State.PENDING, ASSISTANT_EMAIL),
        ("P-0052", PaperEntry.State.PENDING, ASSISTANT_EMAIL),
        ("P-0053", PaperEntry.State.MISMATCH, ASSISTANT_EMAIL),
        ("P-0053", PaperEntry.State.MISMATCH, PAPER_AGENT_EMAIL),
    ]
    # The channels mix over the days: five days or more saw more than one (online only, for a week, before).
    days = {}
    for day, channel in register.exclude(ballot=None).values_list("created_at__date", "channel"):
        days.setdefault(day, set()).add(channel)
    assert sum(len(channels) > 1 for channels in days.values()) >= 5
    # This morning's online voters went through the services: audited, like every online confirmation.
    from apps.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="budgets.ballot_confirm").count() == 10
    if importlib.util.find_spec("apps.budgets.assisted_services"):  # and the voting desk's, once it exists
        assert AuditEntry.objects.filter(action="budgets.ballot_record_assisted").count() == 5
    # Turnout over several days of the vote.
    assert register.dates("created_at", "day").count() >= 5


def test_demo_logins_name_a_voter_who_has_not_voted_and_the_assistant(demo):
    process = Process.objects.get(slug=SLUG)
    assert VOTER_EMAIL in demo and ASSISTANT_EMAIL in demo and "agent@demo.pbplatform.fr" in demo
    assert PAPER_AGENT_EMAIL in demo  # the colleague for the paper double entry
    entry = CensusEntry.objects.select_related("user").get(process=process, user__email=VOTER_EMAIL)
    voter = entry.user
    assert voter.check_password("demo-budget-2026")
    assert voter.verified_at and voter.verification_method and _age(voter.birth_date) >= 16
    assert not Ballot.objects.filter(voter=voter, budget__process=process).exists()  # (she voted last year)
    assert not Participation.objects.filter(census_entry=entry).exists()
    assistant_roles = ProcessRole.objects.filter(process=process, user__email=ASSISTANT_EMAIL)
    assert list(assistant_roles.values_list("role", flat=True)) == [ProcessRole.Role.VOTING_ASSISTANT]
    assert ProcessRole.objects.filter(
        process=process, user__email="agent@demo.pbplatform.fr", role=ProcessRole.Role.ADMIN
    ).exists()
    # Every online voter is 16 or older and verified against their census entry.
    for ballot in Ballot.objects.filter(budget__process=process, channel=Channel.ONLINE).select_related("voter"):
        assert _age(ballot.voter.birth_date) >= 16 and ballot.voter.verified_at
    assert CensusEntry.objects.filter(process=process, user__isnull=False).count() >= 170


def test_demo_vote_is_idempotent(demo):
    counts = lambda: (  # noqa: E731
        Ballot.objects.count(),
        Participation.objects.count(),
        PaperEntry.objects.count(),
        CensusEntry.objects.count(),
        Project.objects.count(),
        Proposal.objects.count(),
    )
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before
