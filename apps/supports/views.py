from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.abuse import RateLimited
from apps.core.http import is_htmx, safe_next
from apps.core.permissions import is_allowed, needs_sign_in
from apps.proposals.models import Proposal

from . import services
from .selectors import has_supported

PARTIAL = "supports/partials/_support_button.html"


def _next_url(request):
    return safe_next(request, use_current_url=True)  # htmx: the page the button sits on


def _load(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related("process__support_settings"),
        pk=pk,
        status__in=[Proposal.Status.PUBLISHED, Proposal.Status.WITHDRAWN],
    )
    if not is_allowed("spaces.view_process", request.user, proposal.process):
        raise Http404
    return proposal


def _partial(request, proposal, *, error="", notice=""):
    context = {
        "proposal": proposal,
        "user": request.user,
        "supported": has_supported(user=request.user, proposal=proposal),
        "support_error": error,
        "support_notice": notice,
        "next_url": _next_url(request),
    }
    return render(request, PARTIAL, context)


def _refuse(request, proposal, reason, *, perm, status=403):
    if is_htmx(request):
        # The button area says why; a 200 lets htmx swap it in.
        return _partial(request, proposal, error=reason)
    if needs_sign_in(perm, request.user, proposal):
        # The 403 page's "Sign in" link would come back to this POST-only URL: send them to sign in, then back.
        messages.info(request, reason)
        back = _next_url(request) or proposal.get_absolute_url()
        return redirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
    return render(request, "403.html", {"reason": reason}, status=status)


def _toggle(request, pk, *, add):
    proposal = _load(request, pk)
    perm = "supports.add_support" if add else "supports.remove_support"
    try:
        if add:
            services.support_add(user=request.user, proposal=proposal)
            notice = _("Thank you, your support has been recorded.")
        else:
            services.support_remove(user=request.user, proposal=proposal)
            notice = _("Your support has been withdrawn.")
    except RateLimited as error:
        return _refuse(request, proposal, " ".join(error.messages), perm=perm, status=429)
    except PermissionDenied as refusal:
        return _refuse(request, proposal, str(refusal) or _("You are not allowed to do this."), perm=perm)
    if is_htmx(request):
        return _partial(request, proposal, notice=notice)
    messages.success(request, notice)
    return redirect(_next_url(request) or proposal.get_absolute_url())


@require_POST
def support(request, pk):
    return _toggle(request, pk, add=True)


@require_POST
def unsupport(request, pk):
    return _toggle(request, pk, add=False)
