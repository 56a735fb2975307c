from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Proposal
from .pipeline import MERGEABLE


class MergeForm(forms.Form):
    """Pick the duplicates, then the proposal they go into, or a new one with its title and description."""

    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals to merge"), queryset=Proposal.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Proposal.objects.none(),
        required=False,
        empty_label=_("A new proposal"),
        help_text=_("An existing proposal keeps its author; the others' authors become its co-authors."),
    )
    title = forms.CharField(label=_("Title of the new proposal"), max_length=150, required=False)
    body = forms.CharField(
        label=_("Description of the new proposal"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        mergeable = Proposal.objects.filter(process=process, status__in=MERGEABLE).order_by("reference", "pk")
        self.fields["proposals"].queryset = mergeable
        self.fields["proposals"].label_from_instance = lambda p: f"{p.reference or p.pk} · {p.title}"
        self.fields["target"].queryset = mergeable
        self.fields["target"].label_from_instance = lambda p: f"{p.reference or p.pk} · {p.title}"

    def clean(self):
        data = super().clean()
        if not data.get("target") and "target" not in self.errors:
            for name in ("title", "body"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, ValidationError(_("Needed for a new proposal.")))
        return data
