"""Forms of the voting desk: identifying a person, and the choices of one ballot (shape only: the ballot's rule is
checked by the services, with ballot_rules.completeness_errors)."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .assisted_services import Method
from .models import Budget


class PersonForm(forms.Form):
    """Who is at the desk: their document number and birth date (census of residents), or their account."""

    budget = forms.ModelChoiceField(label=_("Budget"), queryset=Budget.objects.none(), empty_label=None)
    method = forms.ChoiceField(
        label=_("Find the person"),
        choices=[
            (Method.DOCUMENT, _("By their identity document (census)")),
            (Method.EMAIL, _("By the e-mail address of their account")),
        ],
        widget=forms.RadioSelect,
        initial=Method.DOCUMENT,
    )
    document_number = forms.CharField(
        label=_("Document number"), max_length=40, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(label=_("E-mail address of their account"), required=False)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Read it on the identity document."),
    )
    postal_code = forms.CharField(
        label=_("Postal code (proof of address)"),
        max_length=20,
        required=False,
        help_text=_("When the census lists postal codes; empty: the account's postal code."),
    )
    declaration = forms.BooleanField(
        label=_("The person declares on honour that they live here"),
        required=False,
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = Budget.objects.filter(process=process).order_by("position", "pk")

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method == Method.DOCUMENT and not (data.get("document_number") or "").strip():
            self.add_error("document_number", _("Type the number of the identity document."))
        if method == Method.DOCUMENT and not data.get("birth_date"):
            self.add_error("birth_date", _("Type the birth date written on the identity document."))
        if method == Method.EMAIL and not data.get("email"):
            self.add_error("email", _("Type the e-mail address of the person's account."))
        return data


def _money(amount, currency):
    return f"{number_format(amount, decimal_pos=0, force_grouping=True)} {currency}"


class BallotForm(forms.Form):
    """One field per project on the ballot: a tick (approval, knapsack), points (cumulative) or a rank (ranked)."""

    def __init__(self, *args, budget, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.projects = list(projects)
        kind = budget.ballot_kind
        for project in self.projects:
            label = project.title
            if budget.has_amounts:
                label = f"{project.title} ({_money(project.cost, budget.currency)})"
            name = self.field_name(project)
            if kind == Budget.BallotKind.CUMULATIVE:
                self.fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=budget.points_total or 1000,
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm ballot-number"}),
                )
            elif kind == Budget.BallotKind.RANKED:
                self.fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=1,
                    max_value=max(len(self.projects), 1),
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm ballot-number"}),
                )
            else:
                self.fields[name] = forms.BooleanField(
                    label=label, required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
                )
            self.fields[name].project = project

    @staticmethod
    def field_name(project):
        return f"project_{project.pk}"

    def project_fields(self):
        return [self[self.field_name(project)] for project in self.projects]

    def typed(self):
        """[(project_id, points, rank)] of the projects chosen on this ballot."""
        kind = self.budget.ballot_kind
        typed = []
        for project in self.projects:
            value = self.cleaned_data.get(self.field_name(project))
            if not value:
                continue
            if kind == Budget.BallotKind.CUMULATIVE:
                typed.append((project.pk, value, None))
            elif kind == Budget.BallotKind.RANKED:
                typed.append((project.pk, 1, value))
            else:
                typed.append((project.pk, 1, None))
        return typed


class PaperSheetForm(BallotForm):
    """A paper sheet as an agent types it: its number, whether it is void, and its choices."""

    def __init__(self, *args, reconcile=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "sheet": forms.CharField(
                label=_("Sheet number"),
                max_length=40,
                widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
            ),
            "is_void": forms.BooleanField(
                label=_("Void sheet (unreadable, or breaking the ballot's rule)"),
                required=False,
            ),
            **self.fields,
        }
        if reconcile:
            self.fields["sheet"].widget = forms.HiddenInput()
