"""Budgets' panels on the back-office home (imported by backoffice.py, found by the back-office's autodiscovery): the
projects, the accepted proposals waiting to become projects, and the live turnout (ballots, never scores)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.backoffice.panels import counts_per_process, register_panel
from apps.core.permissions import is_allowed
from apps.proposals.models import Proposal

from .models import Ballot, Project


def _selected_counts(process_ids):
    queryset = Project.objects.filter(budget__process_id__in=process_ids, status=Project.Status.SELECTED)
    return counts_per_process(queryset, "budget__process_id")


def _link(name, rule):
    def link(user, process):
        if is_allowed(rule, user, process):
            return reverse(f"budgets_backoffice:{name}", kwargs={"slug": process.slug})
        return None

    return link


register_panel(
    "budgets.projects",
    title=_("Projects selected for the vote"),
    description=_("Budgets and their projects: create, edit, select for the vote, move to another budget."),
    roles=set(),
    counts=_selected_counts,
    link=_link("budgets", "budgets.manage_budgets"),
)


def _accepted_waiting_counts(process_ids):
    queryset = Proposal.objects.filter(process_id__in=process_ids, status=Proposal.Status.ACCEPTED).exclude(
        Exists(Project.proposals.through.objects.filter(proposal_id=OuterRef("pk")))
    )
    return counts_per_process(queryset, "process_id")


register_panel(
    "budgets.accepted_waiting",
    title=_("Accepted proposals not yet turned into projects"),
    description=_("Tick them and choose the budget: each becomes a project with the review's cost."),
    roles=set(),
    counts=_accepted_waiting_counts,
    link=_link("from_proposals", "budgets.manage_budgets"),
)


def _confirmed_counts(process_ids):
    queryset = Ballot.objects.filter(budget__process_id__in=process_ids, confirmed_at__isnull=False)
    return counts_per_process(queryset, "budget__process_id")


register_panel(
    "budgets.turnout",
    title=_("Confirmed ballots (live turnout)"),
    description=_("Per budget, channel and day, against the population; never the running scores."),
    roles=set(),
    counts=_confirmed_counts,
    link=_link("turnout", "budgets.view_turnout"),
)
