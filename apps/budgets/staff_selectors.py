"""Reads of the organisers' screens: budgets and projects as the back-office lists them, the accepted proposals
waiting to become projects, and the live turnout. A constant number of queries per page; never a running score."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from apps.proposals.models import Proposal

from . import participation_selectors
from .models import Ballot, BallotItem, BasketItem, Budget, Channel, PaperEntry, Project


def budget_rows(*, process):
    """The process's budgets with their number of projects, of selected projects and of confirmed ballots (for
    the administrators' list: the ballots say whether the ballot's rules may still change)."""
    return (
        Budget.objects.filter(process=process)
        .annotate(
            project_count=Count("projects", distinct=True),
            selected_count=Count("projects", filter=Q(projects__status=Project.Status.SELECTED), distinct=True),
            has_ballots=Exists(Ballot.objects.filter(budget=OuterRef("pk"))),
        )
        .order_by("position", "pk")
    )


def project_rows(*, budget):
    """A budget's projects for the administrators' list: status, cost, category and where they come from, and
    whether ballots hold them. Never how many votes they have."""
    return (
        Project.objects.filter(budget=budget)
        .select_related("category")
        .prefetch_related(Prefetch("proposals", queryset=Proposal.objects.only("pk", "reference", "title")))
        .annotate(
            on_ballots=Exists(BallotItem.objects.filter(project=OuterRef("pk"))),
            in_baskets=Exists(BasketItem.objects.filter(project=OuterRef("pk"))),
        )
        .order_by("position", "pk")
    )


def accepted_proposals(*, process):
    """The process's accepted proposals, with their review's estimated cost, and whether a project already
    comes from them."""
    return (
        Proposal.objects.filter(process=process, status=Proposal.Status.ACCEPTED)
        .select_related("review", "category")
        .annotate(has_project=Exists(Project.proposals.through.objects.filter(proposal_id=OuterRef("pk"))))
        .order_by("reference", "pk")
    )


def ballots_affected(*, project):
    """How many ballots and baskets hold a project (what unselecting or moving it during the vote would fix)."""
    return {
        "ballots": BallotItem.objects.filter(project=project, ballot__confirmed_at__isnull=False).count(),
        "baskets": BasketItem.objects.filter(project=project).count(),
    }


def turnout(*, process):
    """Per budget: confirmed ballots by channel (online, assisted, paper, imported) and per day, the turnout against
    the budget's population (the public participation page's figures, participation_selectors), the baskets not
    confirmed yet and the paper sheets waiting for their second entry or a reconciliation. Four queries whatever
    the number of budgets and days; no project is named or counted."""
    budgets = list(Budget.objects.filter(process=process).order_by("position", "pk"))
    by_channel, by_day = participation_selectors.ballot_counts(budgets=budgets)
    channels = participation_selectors.channels_in(by_channel)
    baskets = dict(
        Ballot.objects.filter(budget__process=process, confirmed_at__isnull=True, channel=Channel.ONLINE)
        .values("budget_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("budget_id", "n")
    )
    waiting = dict(
        PaperEntry.objects.filter(
            budget__process=process, state__in=(PaperEntry.State.PENDING, PaperEntry.State.MISMATCH)
        )
        .values("budget_id")
        .annotate(n=Count("sheet", distinct=True))
        .order_by()
        .values_list("budget_id", "n")
    )
    rows = participation_selectors.budget_rows(budgets, by_channel, by_day, channels)
    for row in rows:
        row["baskets"] = baskets.get(row["budget"].pk, 0)
        row["paper_waiting"] = waiting.get(row["budget"].pk, 0)
    return {"channels": channels, "budgets": rows, "total": sum(row["total"] for row in rows)}
