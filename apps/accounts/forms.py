from copy import copy

from django import forms
from django.conf import settings
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Demographics, User
from .nicknames import unique_nickname
from .preferences import preferences


def language_choices():
    """Each language in its own name ("English", "Français"), as language pickers should."""
    return [
        (code, translation.get_language_info(code)["name_local"].capitalize()) for code, _name in settings.LANGUAGES
    ]


def _terms_label():
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        _("I have read and I accept the"),
        reverse_lazy("spaces:site_page", kwargs={"slug": "terms"}),
        _("terms of use"),
    )


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds e-mail, passwords and the honeypot."""

    field_order = ["email", "display_name", "password1", "password2", "language", "accept_terms", "newsletter_opt_in"]

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to your contributions. Your @nickname is generated from it."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=language_choices, required=False)
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use"),
        required=True,
        error_messages={"required": _("You must accept the terms of use to create an account.")},
    )
    # Consent is never presumed: unticked unless the person ticks it (apps/newsletters).
    newsletter_opt_in = forms.BooleanField(
        label=_("Send me the newsletter of the organisers"),
        required=False,
        initial=False,
        help_text=_("News of the processes, a few times a year. Unsubscribe in one click from any newsletter."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].label = _terms_label()
        self.fields["language"].initial = translation.get_language()

    def signup(self, request, user):
        # Fields are stored by AccountAdapter.save_user before the first save (nickname must be unique).
        pass


class ProfileForm(forms.ModelForm):
    """The public profile and the preferences other apps register (the e-mail frequency, for instance)."""

    language = forms.ChoiceField(label=_("Preferred language"), choices=language_choices)

    class Meta:
        model = User
        fields = ["display_name", "nickname", "language"]
        help_texts = {
            "display_name": _("Shown next to your contributions. Leave empty to show your @nickname."),
            "nickname": _("Your public @handle: 3 to 30 letters, digits and underscores."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, preference in preferences().items():
            self.fields[name] = preference.formfield()
            self.initial.setdefault(name, preference.value_of(self.instance))

    def clean_nickname(self):
        nickname = self.cleaned_data["nickname"]
        if User.objects.filter(nickname__iexact=nickname).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This nickname is already taken."))
        return nickname


class DemographicsForm(forms.ModelForm):
    """The optional information of `user`: their Demographics row, plus the postal code kept on the user (the
    processes' eligibility reads it there)."""

    postal_code = User._meta.get_field("postal_code").formfield(
        label=_("Postal code or district (optional)"),
        help_text=_("Some processes are open only to residents of some postal codes."),
    )

    class Meta:
        model = Demographics
        fields = ["gender", "birth_year", "socio_professional_category"]
        labels = {
            "gender": _("Gender (optional)"),
            "birth_year": _("Birth year (optional)"),
            "socio_professional_category": _("Socio-professional category (optional)"),
        }

    field_order = ["gender", "birth_year", "postal_code", "socio_professional_category"]

    def __init__(self, *args, user, **kwargs):
        from .selectors import demographics_of

        kwargs.setdefault("initial", {}).setdefault("postal_code", user.postal_code)
        # A copy, as for the profile form: an invalid form must not change the user's cached answers.
        super().__init__(*args, instance=copy(demographics_of(user=user)), **kwargs)

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None:
            this_year = timezone.localdate().year
            if year > this_year or year < this_year - 120:
                raise forms.ValidationError(
                    _("Enter a year between %(min)s and %(max)s."),
                    params={"min": this_year - 120, "max": this_year},
                )
        return year


class AcceptTermsForm(forms.Form):
    accept_terms = forms.BooleanField(
        label=_("I have read and I accept the terms of use"),
        required=True,
        error_messages={"required": _("You must accept the terms of use to take part.")},
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Confirm with your password. This cannot be undone."),
    )


class AdminUserCreationForm(BaseUserCreationForm):
    """The admin's "add user" form: e-mail and password twice (our user has no username)."""

    class Meta:
        model = User
        fields = ("email", "display_name")

    def save(self, commit=True):
        user = super().save(commit=False)
        if not user.nickname:
            user.nickname = unique_nickname(user.display_name or user.email.split("@")[0])
        if commit:
            user.save()
            self.save_m2m()
        return user


class AdminUserChangeForm(BaseUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
