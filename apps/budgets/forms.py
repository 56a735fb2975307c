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


RECEIPT_ALPHABET = frozenset("ABCDEFGHJKMNPQRSTUVWXYZ23456789")


class ReceiptCheckForm(forms.Form):
    """A verification code as printed on a receipt (XXXX-XXXX-XXXX); spaces, dashes and case do not matter."""

    code = forms.CharField(
        label=_("Your verification code"),
        max_length=40,
        help_text=_("12 letters and digits, as on your receipt or in the e-mail you received, e.g. ABCD-EFGH-JK23."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters", "class": "pb-code"}
        ),
    )

    def clean_code(self):
        raw = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if len(raw) != 12 or not set(raw) <= RECEIPT_ALPHABET:
            raise forms.ValidationError(
                _("This is not a verification code: it has 12 letters and digits, like ABCD-EFGH-JK23.")
            )
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
