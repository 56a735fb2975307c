from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import ratelimit
from apps.core.permissions import is_allowed
from apps.proposals.models import Proposal

from . import services
from .selectors import has_supported

PARTIAL = "supports/partials/_support_button.html"


def _rate():
    return settings.SUPPORT_RATE_LIMIT


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target and _is_htmx(request):
        target = request.headers.get("HX-Current-URL", "")  # the page the button sits on
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _proposal_url(proposal):
    try:
        return proposal.get_absolute_url()
    except NoReverseMatch:  # pragma: no cover - the proposals app always defines it
        return proposal.process.get_absolute_url()


def _load(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related("process"),
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
        "next_url": _safe_next(request),
    }
    return render(request, PARTIAL, context)


def _sign_in_messages():
    return {_("Sign in to support"), _("Sign in to withdraw your support")}


def _refuse(request, proposal, reason, *, status=403):
    if _is_htmx(request):
        # The button area says why; a 200 lets htmx swap it in.
        return _partial(request, proposal, error=reason)
    if not request.user.is_authenticated and reason in _sign_in_messages():
        # The 403 page's "Sign in" link would come back to this POST-only URL: send them to sign in, then back.
        messages.info(request, reason)
        back = _safe_next(request) or _proposal_url(proposal)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
    return render(request, "403.html", {"reason": reason}, status=status)


def _toggle(request, pk, *, add):
    proposal = _load(request, pk)
    who = f"user:{request.user.pk}" if request.user.is_authenticated else f"ip:{ratelimit.client_ip(request)}"
    if not ratelimit.hit(key=f"supports:{who}", rate=_rate()):
        reason = _("You are supporting and withdrawing very quickly. Please wait a minute and try again.")
        return _refuse(request, proposal, reason, status=429)
    try:
        if add:
            services.support_add(user=request.user, proposal=proposal)
            notice = _("Thank you, your support has been recorded.")
        else:
            services.support_remove(user=request.user, proposal=proposal)
            notice = _("Your support has been withdrawn.")
    except PermissionDenied as refusal:
        return _refuse(request, proposal, str(refusal) or _("You are not allowed to do this."))
    if _is_htmx(request):
        return _partial(request, proposal, notice=notice)
    messages.success(request, notice)
    return redirect(_safe_next(request) or _proposal_url(proposal))


@require_POST
def support(request, pk):
    return _toggle(request, pk, add=True)


@require_POST
def unsupport(request, pk):
    return _toggle(request, pk, add=False)
