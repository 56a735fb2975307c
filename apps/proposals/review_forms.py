"""Forms of the feasibility review screens. Thin: the rules on the verdict live in Review.clean() and the
services; these forms only shape the input (and show the services' errors next to their fields)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.taxonomy.models import Category

from .models import Proposal, Review

MET_CHOICES = [("", _("Not assessed")), ("yes", _("Met")), ("no", _("Not met"))]
MET_VALUES = {"": None, "yes": True, "no": False}

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), required=False, choices=[("", _("Not decided yet")), *Review.Verdict.choices]
    )
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost (€)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Required when the proposal is feasible."),
    )
    cost_explanation = forms.CharField(
        label=_("How the cost was estimated"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    duration_months = forms.IntegerField(
        label=_("Execution duration (months)"), required=False, min_value=0, max_value=240
    )

    def __init__(self, *args, criteria, review, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        if review.pk:
            for field in ("verdict", "estimated_cost", "cost_explanation", "duration_months"):
                initial[field] = getattr(review, field)
            for code, _name in settings.LANGUAGES:
                initial[f"public_answer_{code}"] = getattr(review, f"public_answer_{code}")
            for assessment in review.assessments.all():
                initial[f"criterion_{assessment.criterion_id}_met"] = {True: "yes", False: "no"}.get(assessment.met, "")
                initial[f"criterion_{assessment.criterion_id}_comment"] = assessment.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        # One language is enough (Review.clean): the site's default first; a language left empty shows another's.
        for position, (code, name) in enumerate(settings.LANGUAGES):
            self.fields[f"public_answer_{code}"] = forms.CharField(
                label=_("Public answer (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
                help_text=(
                    _("Required when the proposal is not feasible.")
                    if position == 0
                    else _("Optional: left empty, readers in this language see the answer in another language.")
                ),
            )
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}_met"] = forms.ChoiceField(
                label=criterion.label, choices=MET_CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[f"criterion_{criterion.pk}_comment"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 1})
            )

    def answer_fields(self):
        return [self[f"public_answer_{code}"] for code, _name in settings.LANGUAGES]

    def criterion_rows(self):
        return [
            (criterion, self[f"criterion_{criterion.pk}_met"], self[f"criterion_{criterion.pk}_comment"])
            for criterion in self.criteria
        ]

    def review_data(self):
        data = {
            key: self.cleaned_data.get(key)
            for key in ("verdict", "estimated_cost", "cost_explanation", "duration_months")
        }
        for code, _name in settings.LANGUAGES:
            data[f"public_answer_{code}"] = self.cleaned_data.get(f"public_answer_{code}", "")
        return data

    def assessments(self):
        return {
            criterion.pk: {
                "met": MET_VALUES.get(self.cleaned_data.get(f"criterion_{criterion.pk}_met") or ""),
                "comment": self.cleaned_data.get(f"criterion_{criterion.pk}_comment", ""),
            }
            for criterion in self.criteria
        }


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Internal note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


OPEN_STATUS_CHOICES = [
    ("", _("All")),
    (Proposal.Status.PUBLISHED, Proposal.Status.PUBLISHED.label),
    (Proposal.Status.EVALUATING, Proposal.Status.EVALUATING.label),
]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + [(v, label) for v, label in Proposal.Status.choices if v != Proposal.Status.DRAFT],
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(), empty_label=_("All categories")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        by_process = {}
        for category in categories:
            by_process.setdefault(category.process, []).append((category.pk, str(category)))
        if len(by_process) > 1:
            # An evaluator of several processes saw « Culture » twice: each process's categories under its title.
            self.fields["category"].choices = [("", _("All categories"))] + [
                (process.title, options) for process, options in by_process.items()
            ]


class AssignFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=OPEN_STATUS_CHOICES)
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(), empty_label=_("All categories")
    )
    unassigned = forms.BooleanField(label=_("Not assigned yet"), required=False)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(process=process).order_by("position", "pk")


class AssignForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one proposal.")},
    )
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Evaluators"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one evaluator.")},
    )
    due_date = forms.DateField(label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, proposals, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals
        self.fields["evaluators"].queryset = evaluators
        self.fields["evaluators"].label_from_instance = lambda user: user.public_name


class PublishForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Answers"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one answer to publish.")},
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals
