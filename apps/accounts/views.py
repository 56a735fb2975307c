from copy import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from apps.core.http import form_errors_from, safe_next
from apps.spaces.models import SitePage
from apps.spaces.selectors import current_terms_version

from . import selectors, services
from .adapters import set_language_cookie
from .forms import AcceptTermsForm, DeleteAccountForm, DemographicsForm, ProfileForm
from .i18n import url_in_language
from .models import User


def set_language(request):
    """Django's language switch (the navbar's); a signed-in participant's preferred language follows it, as in
    Decidim, so that their e-mails and notifications come in the language they last chose and signing in again
    lands there (it stayed the sign-up's: a voter who switched to English got their receipt in French)."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response


def profile_detail(request, nickname):
    if "\x00" in nickname:
        raise Http404  # no nickname holds a NUL, and PostgreSQL refuses it in a query
    profile = get_object_or_404(User, nickname__iexact=nickname, deleted_at__isnull=True)
    return render(
        request,
        "accounts/user_detail.html",
        {"profile": profile, "activity": selectors.public_activity(user=profile)},
    )


def _settings_page(request, *, profile_form=None, demographics_form=None):
    # The forms edit a fresh copy of the user, loaded with the rows other apps keep about them in one query: an
    # invalid form must not change request.user, which the page header shows.
    user = None if profile_form and demographics_form else selectors.user_with_extensions(user=request.user)
    return render(
        request,
        "accounts/user_settings.html",
        {
            "profile_form": profile_form or ProfileForm(instance=user, prefix="profile"),
            "demographics_form": demographics_form or DemographicsForm(user=user, prefix="demo"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    """The settings page; its POST saves the public profile and preferences."""
    user = request.user
    if request.method == "GET":
        return _settings_page(request)
    form = ProfileForm(request.POST, instance=copy(user), prefix="profile")
    if not form.is_valid():
        return _settings_page(request, profile_form=form)
    services.user_update_profile(user=user, data=form.cleaned_data)
    # The next page is in the preferred language: say it in that language too.
    with translation.override(user.language):
        messages.success(request, _("Your account settings have been saved."))
    response = redirect(url_in_language(reverse("accounts:settings"), user.language))
    return set_language_cookie(response, user.language)


@login_required
@require_POST
def demographics_update(request):
    form = DemographicsForm(request.POST, user=request.user, prefix="demo")
    if not form.is_valid():
        return _settings_page(request, demographics_form=form)
    services.user_update_demographics(user=request.user, data=form.cleaned_data)
    messages.success(request, _("Your optional information has been saved."))
    return redirect("accounts:settings")


@login_required
@require_POST
def demographics_erase(request):
    services.user_erase_demographics(user=request.user)
    messages.success(request, _("Your optional information has been erased."))
    return redirect("accounts:settings")


@login_required
def accept_terms(request):
    terms = SitePage.objects.filter(slug=SitePage.Kind.TERMS).first()
    next_url = safe_next(request)
    form = AcceptTermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_accept_terms(user=request.user)
        messages.success(request, _("Thank you, you have accepted the terms of use."))
        return redirect(next_url or "spaces:home")
    return render(
        request,
        "accounts/terms_accept.html",
        {
            "form": form,
            "terms": terms,
            "next": next_url,
            "current_version": current_terms_version(),
            "terms_outdated": False,  # this page already says so; no banner
        },
    )


@login_required
def export_data(request):
    if request.method == "POST":
        filename = f"pbplatform-{request.user.nickname}-{timezone.localdate():%Y%m%d}.zip"
        response = FileResponse(
            services.user_export_archive(user=request.user),
            as_attachment=True,
            filename=filename,
            content_type="application/zip",
        )
        # Personal data: never kept by a browser or proxy cache.
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/user_export.html")


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete_account(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. Your contributions remain, anonymised."))
            return redirect("spaces:home")
    return render(request, "accounts/user_delete.html", {"form": form})
