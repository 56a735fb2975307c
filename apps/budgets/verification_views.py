"""The page "Check that I can vote" of a process: each requirement, met or missing, with the form that fixes it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from apps.core.http import form_errors_from, safe_next
from apps.spaces.views import visible_process_or_404

from . import verification_services as services
from .verification_forms import FORMS

DONE = {
    "birth_date": _("Your birth date has been saved."),
    "census": _("You have been found in the census: your account is verified."),
    "postal_code": _("Your postal code is in the census: your account is verified."),
    "declaration": _("Your declaration has been recorded."),
}


def _run(action, form, user, process):
    data = form.cleaned_data
    if action == "birth_date":
        services.verification_set_birth_date(user=user, birth_date=data["birth_date"])
    elif action == "census":
        services.verification_census_check(
            user=user, process=process, document=data["document"], birth_date=data["birth_date"]
        )
    elif action == "postal_code":
        services.verification_postal_code(user=user, process=process, postal_code=data["postal_code"])
    elif action == "declaration":
        services.verification_declare(
            user=user, process=process, postal_code=data["postal_code"], declared=data["declared"]
        )


def _initial(action, user):
    if action in ("postal_code", "declaration"):
        return {"postal_code": user.postal_code}
    if action == "birth_date" and user.birth_date:
        return {"birth_date": user.birth_date}
    return {}


def verification(request, slug):
    process = visible_process_or_404(request, slug)
    user = request.user
    posted = None
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="account_login")
        action = request.POST.get("action", "")
        form_class = FORMS.get(action)
        if form_class is not None:
            posted = form_class(request.POST, prefix=action)
            if posted.is_valid():
                try:
                    _run(action, posted, user, process)
                except ValidationError as error:
                    form_errors_from(error, posted)
                except PermissionDenied as error:
                    posted.add_error(None, str(error))
                else:
                    messages.success(request, str(DONE[action]))
                    return redirect(safe_next(request, request.path))
    statuses = services.verification_status(user=user, process=process)
    for status in statuses:
        status.form = None
        if posted is not None and posted.action == status.step:
            status.form = posted
        elif status.step in FORMS and not status.met:
            status.form = FORMS[status.step](prefix=status.step, initial=_initial(status.step, user))
    context = {
        "process": process,
        "statuses": statuses,
        "all_met": all(status.met for status in statuses),
        "next": safe_next(request),
    }
    return render(request, "budgets/verification/check.html", context)
