"""Forms of the organisers' budget screens. Thin: they shape the input; the rules live in the models' clean() and
in project_services, whose errors are shown next to their fields (core.http.form_errors_from)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import default_language_fieldname
from apps.taxonomy.models import Category

from . import project_services
from .models import Budget, Project

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _label_languages(form, *fields):
    """“Title (French)”: one field per language, the default language's required."""
    for name in fields:
        for code in settings.MODELTRANSLATION_LANGUAGES:
            field = form.fields.get(f"{name}_{code}")
            if field is None:
                continue
            field.label = f"{form._meta.model._meta.get_field(name).verbose_name.capitalize()} ({LANGUAGE_NAMES[code]})"
            field.widget.attrs["lang"] = code
    form.fields[default_language_fieldname("title")].required = True


def _translated(*fields):
    return [f"{name}_{code}" for name in fields for code in settings.MODELTRANSLATION_LANGUAGES]


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = [
            *_translated("title", "description"),
            "total_amount",
            "currency",
            "population",
            "district",
            "district_postal_codes",
            "position",
            "ballot_kind",
            "min_projects",
            "max_projects",
            "min_spend_percent",
            "points_total",
            "max_points_per_project",
            "ballot_is_final",
            "counting_rule",
            "min_score",
            "counting_completion",
        ]
        widgets = {
            f"description_{code}": forms.Textarea(attrs={"rows": 3}) for code in settings.MODELTRANSLATION_LANGUAGES
        }

    def __init__(self, *args, rules_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        _label_languages(self, "title", "description")
        self.rules_locked = rules_locked
        if rules_locked:
            for name in project_services.BALLOT_RULE_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: ballots have been cast.")
        # Left out, the counting rule and completion stay as they are (greedy, none for a new budget).
        for name in ("counting_rule", "counting_completion"):
            self.fields[name].required = False

    def service_data(self):
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields if not self.fields[name].disabled}
        for name in ("counting_rule", "counting_completion"):
            if not data.get(name):
                data.pop(name, None)
        return data


class ProjectForm(forms.ModelForm):
    main_image = forms.FileField(
        label=_("Main image"), required=False, help_text=_("JPG, PNG or WebP."), widget=forms.ClearableFileInput
    )
    new_image = forms.FileField(
        label=_("Add an image to the gallery"), required=False, help_text=_("JPG, PNG or WebP.")
    )
    new_image_alt = forms.CharField(label=_("Description of the added image"), required=False, max_length=200)

    class Meta:
        model = Project
        fields = [
            *_translated("title", "description"),
            "cost",
            "category",
            "external_id",
            "address",
            "latitude",
            "longitude",
            "position",
        ]
        widgets = {
            f"description_{code}": forms.Textarea(attrs={"rows": 4}) for code in settings.MODELTRANSLATION_LANGUAGES
        }

    def __init__(self, *args, process, cost_fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        _label_languages(self, "title", "description")
        self.fields["category"].queryset = Category.objects.filter(process=process)
        self.fields["position"].required = False
        if cost_fixed:
            self.fields["cost"].disabled = True
            self.fields["cost"].help_text = _(
                "This project is on voters' ballots: its cost cannot change during the vote."
            )
        for name in ("main_image", "new_image"):
            self.fields[name].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def service_data(self):
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields if not self.fields[name].disabled}
        if data.get("position") is None:
            data.pop("position", None)
        if self.cleaned_data.get("main_image"):
            data["image"] = self.cleaned_data["main_image"]
        return data

    def images(self):
        image = self.cleaned_data.get("new_image")
        return [(image, self.cleaned_data.get("new_image_alt", ""))] if image else []


class ProposalChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, proposal):
        return proposal.title


class ProjectsFromProposalsForm(forms.Form):
    budget = forms.ModelChoiceField(label=_("Budget"), queryset=Budget.objects.none(), empty_label=None)
    proposals = ProposalChoice(
        label=_("Accepted proposals"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one accepted proposal.")},
    )
    select = forms.BooleanField(
        label=_("Select the new projects for the vote at once"),
        required=False,
        help_text=_("Their authors and followers are told. Otherwise they wait as candidates."),
    )

    def __init__(self, *args, process, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = Budget.objects.filter(process=process).order_by("position", "pk")
        self.fields["proposals"].queryset = proposals


class MoveForm(forms.Form):
    budget = forms.ModelChoiceField(label=_("Move to the budget"), queryset=Budget.objects.none())

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = (
            Budget.objects.filter(process_id=project.budget.process_id).exclude(pk=project.budget_id)
        ).order_by("position", "pk")


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=Project.Status.choices)
