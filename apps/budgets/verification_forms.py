"""The forms of the page "Check that I can vote": the shape of the input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def birth_date_field():
    return forms.DateField(
        label=_("Birth date"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        help_text=_("For example 2008-05-31 (or 31/05/2008)."),
    )


class BirthDateForm(forms.Form):
    action = "birth_date"

    birth_date = birth_date_field()


class CensusCheckForm(forms.Form):
    action = "census"

    document = forms.CharField(
        label=_("Identity document number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("As written on your identity card or passport; spaces and dashes do not matter."),
    )
    birth_date = birth_date_field()


class PostalCodeForm(forms.Form):
    action = "postal_code"

    postal_code = forms.CharField(
        label=_("Postal code"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )


class DeclarationForm(forms.Form):
    action = "declaration"

    postal_code = forms.CharField(
        label=_("Postal code"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    declared = forms.BooleanField(
        label=_("I declare on my honour that I live here and that I vote only once."),
        required=True,
        error_messages={"required": _("Tick the box to declare on your honour that you live here.")},
    )


FORMS = {form.action: form for form in (BirthDateForm, CensusCheckForm, PostalCodeForm, DeclarationForm)}
