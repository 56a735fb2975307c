"""The shape of the vote's inputs (the basket's buttons). The rules themselves live in the services."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

# PostgreSQL's integer range: anything beyond is a tampered value, refused by the form, never a server error.
_MAX_ID = 2**31 - 1

PROJECT_ERRORS = {
    "required": _("Choose a project from the list."),
    "invalid": _("Choose a project from the list."),
    "min_value": _("Choose a project from the list."),
    "max_value": _("Choose a project from the list."),
}


class ProjectForm(forms.Form):
    """Add or remove one project."""

    project = forms.IntegerField(min_value=1, max_value=_MAX_ID, error_messages=PROJECT_ERRORS)


class PointsForm(ProjectForm):
    """Cumulative ballots: the points given to one project."""

    points = forms.IntegerField(
        min_value=-32768,
        max_value=32767,
        error_messages={
            "required": _("Give a number of points."),
            "invalid": _("Give a whole number of points."),
            "min_value": _("Give at least one point."),
            "max_value": _("That is more points than you have."),
        },
    )


class Direction(models.TextChoices):
    UP = "up", _("Up")
    DOWN = "down", _("Down")


class RankForm(ProjectForm):
    """Ranked ballots: move one project up or down the order."""

    direction = forms.ChoiceField(
        choices=Direction.choices,
        error_messages={
            "required": _("Say where to move the project."),
            "invalid_choice": _("Say where to move the project."),
        },
    )
