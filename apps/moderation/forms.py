from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class JustificationForm(forms.Form):
    justification = forms.CharField(
        label=_("Justification (shown to the author)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Justification (shown to the participant)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    hide_content = forms.BooleanField(label=_("Also hide all their content now"), required=False)
