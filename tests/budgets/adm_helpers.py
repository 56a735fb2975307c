"""Helpers of the organisers' budget tests (test_projects_backoffice*.py, test_reclassification.py, test_turnout.py):
processes in or out of the vote, their administrator, accepted proposals and ballots built directly in the DB."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.budgets.models import Ballot, BallotItem, BasketItem, Channel, Project, new_receipt_code
from apps.budgets.pipeline import PIPELINE
from apps.core.content import Capability, content_for, register_content, unregister_content
from apps.proposals.models import Proposal, Review
from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.factories import PhaseFactory, ProcessFactory, ProcessRoleFactory, ProposalFactory, UserFactory


def process_in(kind, **kwargs):
    """A published process whose active phase (today) is of `kind`."""
    process = ProcessFactory(**kwargs)
    PhaseFactory(process=process, kind=kind)
    return process


def voting_process(**kwargs):
    return process_in(PhaseKind.VOTING, **kwargs)


def closed_vote_process(**kwargs):
    """The vote ended yesterday; results are shown now."""
    process = ProcessFactory(**kwargs)
    today = timezone.localdate()
    PhaseFactory(
        process=process,
        kind=PhaseKind.VOTING,
        start_date=today - timedelta(days=20),
        end_date=today - timedelta(days=1),
    )
    PhaseFactory(process=process, kind=PhaseKind.RESULTS, start_date=today, end_date=today + timedelta(days=30))
    return process


def admin_of(process, **kwargs):
    return ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN, user=UserFactory(**kwargs)).user


def accepted_proposal(process, *, cost="12500.00", **kwargs):
    proposal = ProposalFactory(process=process, status=Proposal.Status.ACCEPTED, **kwargs)
    Review.objects.create(
        proposal=proposal,
        verdict=Review.Verdict.FEASIBLE,
        estimated_cost=Decimal(cost) if cost is not None else None,
        answer_state=Review.AnswerState.PUBLISHED,
    )
    return proposal


def confirmed_ballot(budget, projects, *, voter=None, channel=Channel.ONLINE, ranked=False, when=None):
    """A confirmed ballot holding `projects` (ranked 1, 2, 3... when `ranked`)."""
    if voter is None and channel == Channel.ONLINE:
        voter = UserFactory()
    ballot = Ballot.objects.create(
        budget=budget,
        voter=voter,
        channel=channel,
        confirmed_at=when or timezone.now(),
        receipt_code=new_receipt_code(),
    )
    for position, project in enumerate(projects, start=1):
        BallotItem.objects.create(ballot=ballot, project=project, rank=position if ranked else None)
    return ballot


def basket(budget, projects, *, voter=None, ranked=False):
    """An online ballot not confirmed yet, whose basket holds `projects`."""
    ballot = Ballot.objects.create(budget=budget, voter=voter or UserFactory(), channel=Channel.ONLINE)
    for position, project in enumerate(projects, start=1):
        BasketItem.objects.create(ballot=ballot, project=project, rank=position if ranked else None)
    return ballot


@pytest.fixture
def registered_projects():
    """Budget projects as followable content (apps.py registers them; until it does, this test registration)."""
    if content_for(Project) is not None:
        yield
        return
    from apps.budgets.selectors import project_visible_to

    register_content(
        Project,
        process=lambda project: project.budget.process,
        url=lambda project: project.get_absolute_url(),
        title=lambda project: project.title,
        visible_to=project_visible_to,
        view_perm="budgets.view_project",
        follow_perm="budgets.follow_project",
        capabilities={Capability.FOLLOWABLE},
        pipeline=PIPELINE,
        select_related=("budget__process",),
    )
    yield
    unregister_content(Project)
