from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import User


def _terms_label():
    return format_html(
        '{} <a href="{}" target="_blank">{}</a>',
        _("I have read and I accept the"),
        reverse_lazy("spaces:site_page", kwargs={"slug": "terms"}),
        _("terms of use"),
    )


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds e-mail and passwords."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to your contributions. Your @nickname is generated from it."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES, required=False)
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use"),
        required=True,
        error_messages={"required": _("You must accept the terms of use to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].label = _terms_label()

    def signup(self, request, user):
        # Fields are stored by AccountAdapter.save_user before the first save (nickname must be unique).
        pass


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "nickname", "language", "email_frequency"]

    def clean_nickname(self):
        nickname = self.cleaned_data["nickname"]
        if User.objects.filter(nickname__iexact=nickname).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This nickname is already taken."))
        return nickname


class DemographicsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["gender", "birth_year", "postal_code", "socio_professional_category"]
        help_texts = {
            "gender": _("Optional."),
            "birth_year": _("Optional."),
            "postal_code": _("Optional, unless a process is open only to residents of some postal codes."),
            "socio_professional_category": _("Optional."),
        }


class AcceptTermsForm(forms.Form):
    accept_terms = forms.BooleanField(
        label=_("I have read and I accept the terms of use"),
        required=True,
        error_messages={"required": _("You must accept the terms of use to take part.")},
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Confirm with your password. This cannot be undone."),
    )
