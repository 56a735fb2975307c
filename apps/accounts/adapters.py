from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation

from apps.core.ratelimit import client_ip
from apps.spaces.selectors import current_terms_version

from .i18n import url_in_language
from .nicknames import unique_nickname


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # One answer for allauth's per-IP limits and ours (trusted proxies only; never a 500 on odd headers).
        return client_ip(request)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.display_name = data.get("display_name", "").strip()
        user.nickname = unique_nickname(user.display_name or user.email.split("@")[0])
        language = data.get("language") or getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        user.language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        if data.get("newsletter_opt_in") is True:
            user.newsletter_opt_in = True
            user.newsletter_opt_in_at = timezone.now()
        if data.get("accept_terms"):
            user.terms_version = current_terms_version()
            user.terms_accepted_at = timezone.now()
        if commit:
            user.save()
        return user

    def populate_username(self, request, user):
        # Social sign-up without a form (auto sign-up) only calls this: give the account its @nickname.
        super().populate_username(request, user)
        if not user.nickname:
            user.nickname = unique_nickname(user.display_name or (user.email or "").split("@")[0])
        language = getattr(request, "LANGUAGE_CODE", None)
        if language in dict(settings.LANGUAGES):
            user.language = language

    def get_login_redirect_url(self, request):
        # Land in the participant's preferred language.
        url = super().get_login_redirect_url(request)
        return url_in_language(url, request.user.language)

    def get_signup_redirect_url(self, request):
        url = super().get_signup_redirect_url(request)
        if request.user.is_authenticated:
            return url_in_language(url, request.user.language)
        return url

    def pre_login(self, request, user, **kwargs):
        """A blocked participant is refused at the door, with the reason (not as a wrong password)."""
        if getattr(user, "blocked_at", None) is not None:
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return render(request, "account/account_blocked.html", {"blocked_user": user}, status=403)
        return super().pre_login(request, user, **kwargs)

    def post_login(self, request, user, **kwargs):
        """After log-in, go on in the participant's language, including a ?next page and the welcome message."""
        language = user.language if user.language in dict(settings.LANGUAGES) else None
        if language is None:
            return super().post_login(request, user, **kwargs)
        redirect_url = kwargs.get("redirect_url")
        if redirect_url and not callable(redirect_url):
            kwargs["redirect_url"] = url_in_language(redirect_url, language)
        # Resolve ?next with the request's language active (its URL carries that prefix), then translate it.
        if not kwargs.get("redirect_url"):
            next_url = get_next_redirect_url(request)
            if next_url:
                kwargs["redirect_url"] = url_in_language(next_url, language)
        with translation.override(language):
            response = super().post_login(request, user, **kwargs)
        if isinstance(response, HttpResponseRedirect):
            set_language_cookie(response, language)
        return response
