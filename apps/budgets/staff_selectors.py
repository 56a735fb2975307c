"""Reads of the organisers' screens: budgets and projects as the back-office lists them, the accepted proposals
waiting to become projects, and the live turnout. A constant number of queries per page; never a running score."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.proposals.models import Proposal

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


def _percent(part, whole):
    if not whole:
        return None
    return round(100 * part / whole, 1)


def turnout(*, process):
    """Per budget: confirmed ballots by channel (online, assisted, paper) and per day, the turnout against the
    budget's population, the baskets not confirmed yet and the paper sheets waiting for their second entry or
    a reconciliation. Four queries whatever the number of budgets and days; no project is named or counted."""
    budgets = list(Budget.objects.filter(process=process).order_by("position", "pk"))
    confirmed = Ballot.objects.filter(budget__process=process, confirmed_at__isnull=False)
    by_channel = {}
    for row in confirmed.values("budget_id", "channel").annotate(n=Count("pk")).order_by():
        by_channel[(row["budget_id"], row["channel"])] = row["n"]
    by_day = {}
    days_rows = (
        confirmed.annotate(day=TruncDate("confirmed_at", tzinfo=timezone.get_current_timezone()))
        .values("budget_id", "day", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in days_rows:
        by_day.setdefault(row["budget_id"], {}).setdefault(row["day"], {})[row["channel"]] = row["n"]
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
    # Imported ballots (a Pabulib file) show only where there are some.
    imported = any(channel == Channel.IMPORTED for _budget_id, channel in by_channel)
    channels = [channel for channel in Channel if channel != Channel.IMPORTED or imported]
    rows = []
    for budget in budgets:
        counts = [by_channel.get((budget.pk, channel.value), 0) for channel in channels]
        total = sum(counts)
        days = []
        for day, per_channel in sorted(by_day.get(budget.pk, {}).items()):
            day_counts = [per_channel.get(channel.value, 0) for channel in channels]
            days.append({"day": day, "counts": day_counts, "total": sum(day_counts)})
        rows.append(
            {
                "budget": budget,
                "channels": [
                    {"channel": channel, "label": channel.label, "count": count, "share": _percent(count, total)}
                    for channel, count in zip(channels, counts, strict=True)
                ],
                "total": total,
                "population": budget.population,
                "turnout": _percent(total, budget.population),
                "days": days,
                "baskets": baskets.get(budget.pk, 0),
                "paper_waiting": waiting.get(budget.pk, 0),
            }
        )
    return {"channels": channels, "budgets": rows, "total": sum(row["total"] for row in rows)}
