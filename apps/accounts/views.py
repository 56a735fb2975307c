from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from apps.core import ratelimit
from apps.spaces.models import SitePage
from apps.spaces.selectors import current_terms_version

from . import selectors, services
from .adapters import set_language_cookie
from .forms import AcceptTermsForm, DeleteAccountForm, DemographicsForm, ProfileForm
from .i18n import url_in_language
from .models import User

DELETE_ATTEMPTS_RATE = "5/300"  # password attempts / seconds on the delete-account form


def profile_detail(request, nickname):
    profile = get_object_or_404(User, nickname__iexact=nickname, deleted_at__isnull=True)
    return render(
        request,
        "accounts/user_detail.html",
        {"profile": profile, "activity": selectors.public_activity(user=profile)},
    )


@login_required
def settings_view(request):
    user = request.user
    profile_form = ProfileForm(instance=user, prefix="profile")
    demographics_form = DemographicsForm(instance=user, prefix="demo")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "profile":
            profile_form = ProfileForm(request.POST, instance=User.objects.get(pk=user.pk), prefix="profile")
            if profile_form.is_valid():
                services.user_update_profile(user=user, data=profile_form.cleaned_data)
                # The next page is in the preferred language: say it in that language too.
                with translation.override(user.language):
                    messages.success(request, _("Your account settings have been saved."))
                response = redirect(url_in_language(reverse("accounts:settings"), user.language))
                return set_language_cookie(response, user.language)
        elif action == "demographics":
            demographics_form = DemographicsForm(request.POST, instance=User.objects.get(pk=user.pk), prefix="demo")
            if demographics_form.is_valid():
                services.user_update_demographics(user=user, data=demographics_form.cleaned_data)
                messages.success(request, _("Your optional information has been saved."))
                return redirect("accounts:settings")
        elif action == "erase_demographics":
            services.user_erase_demographics(user=user)
            messages.success(request, _("Your optional information has been erased."))
            return redirect("accounts:settings")
    return render(
        request,
        "accounts/user_settings.html",
        {"profile_form": profile_form, "demographics_form": demographics_form},
    )


@login_required
def accept_terms(request):
    terms = SitePage.objects.filter(slug=SitePage.Kind.TERMS).first()
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
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
        if not ratelimit.hit(key=f"accounts:delete:{request.user.pk}", rate=DELETE_ATTEMPTS_RATE):
            form.add_error("password", _("Too many attempts. Please try again in a few minutes."))
            return render(request, "accounts/user_delete.html", {"form": form})
        try:
            services.user_delete_account(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field, message)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. Your contributions remain, anonymised."))
            return redirect("spaces:home")
    return render(request, "accounts/user_delete.html", {"form": form})
