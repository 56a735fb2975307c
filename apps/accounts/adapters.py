from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone

from apps.spaces.selectors import current_terms_version

from .nicknames import unique_nickname


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.display_name = data.get("display_name", "")
        user.nickname = unique_nickname(user.display_name or user.email.split("@")[0])
        language = data.get("language") or getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        user.language = language
        if data.get("accept_terms"):
            user.terms_version = current_terms_version()
            user.terms_accepted_at = timezone.now()
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        # Land in the participant's preferred language.
        url = super().get_login_redirect_url(request)
        user = request.user
        if user.is_authenticated and user.language:
            return translate_url(url, user.language)
        return url
