"""The project status pipeline, as data (the table is Project.TRANSITIONS); project_services.project_status_set is
the only writer of `Project.status` and refuses any move this pipeline does not allow."""

from django.utils.translation import gettext_lazy as _

from apps.core.content import StatusPipeline

from .models import Project

PIPELINE = StatusPipeline(
    Project.TRANSITIONS,
    choices=Project.Status,
    message=_("A project cannot go from “%(from)s” to “%(to)s”."),
    initial=(Project.Status.CANDIDATE,),
)

# The audit action of each move's entry.
AUDIT_ACTIONS = {
    (Project.Status.CANDIDATE, Project.Status.SELECTED): "budgets.project_select",
    (Project.Status.SELECTED, Project.Status.CANDIDATE): "budgets.project_unselect",
    (Project.Status.SELECTED, Project.Status.WINNER): "budgets.project_win",
    (Project.Status.SELECTED, Project.Status.NOT_WINNER): "budgets.project_not_win",
    (Project.Status.WINNER, Project.Status.SELECTED): "budgets.project_reselect",
    (Project.Status.NOT_WINNER, Project.Status.SELECTED): "budgets.project_reselect",
}

# Moves that decide the vote's outcome: never while the vote is open (the count is issue 10's).
OUTCOME_STATUSES = (Project.Status.WINNER, Project.Status.NOT_WINNER)

# The move that takes a project off the ballot: while the vote is open, the ballots holding it are fixed.
UNSELECT = (Project.Status.SELECTED, Project.Status.CANDIDATE)
