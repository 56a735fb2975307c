from django.shortcuts import render

from apps.core.permissions import is_allowed

from . import selectors


def home(request):
    """What is waiting for this staff member, process by process and role by role."""
    context = {
        "work": selectors.waiting_work(user=request.user),
        "can_use_admin": is_allowed("backoffice.enter_admin", request.user),
    }
    return render(request, "backoffice/home.html", context)
