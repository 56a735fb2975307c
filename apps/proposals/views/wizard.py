"""The creation wizard: 1 the idea, 2 similar proposals, 3 details and files, 4 preview and publish.

Each step's POST calls one service; a step's file is added inside that service's transaction, so a refused file
leaves nothing half-saved, and the page shows the error next to the field with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.geocoding import get_geocoder
from apps.core.http import form_errors_from
from apps.core.permissions import ensure_allowed, refusal_reason
from apps.spaces.views import visible_process_or_404

from .. import selectors, services
from ..forms import DetailsForm, IdeaForm, NewIdeaForm
from ..models import Proposal, proposal_settings_for
from .common import remove_attachment

WIZARD_STEPS = (
    (1, gettext_lazy("Your idea")),
    (2, gettext_lazy("Similar proposals")),
    (3, gettext_lazy("Details")),
    (4, gettext_lazy("Preview and publish")),
)


def _wizard_context(process, proposal, step, **extra):
    return {
        "map_defaults": selectors.map_defaults(process=process),
        "address_search": get_geocoder() is not None,
        "process": process,
        "proposal_settings": proposal_settings_for(process),
        "proposal": proposal,
        "step": step,
        "steps": WIZARD_STEPS,
        **extra,
    }


def _step_url(process, proposal, step):
    return redirect("proposals:wizard", slug=process.slug, pk=proposal.pk, step=step)


@login_required
def proposal_create(request, slug):
    """Step 1 for a new proposal; saves a draft and moves on."""
    process = visible_process_or_404(request, slug)
    ensure_allowed("proposals.add_proposal", user=request.user, obj=process)
    form = NewIdeaForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        if form.caught_by_honeypot:
            # A bot filled the honeypot: pretend all went well, save nothing.
            messages.success(request, _("Your draft has been saved."))
            return redirect(process.get_absolute_url())
        try:
            # "Propose an idea in this theme" (a theme's page) links here with ?theme=<slug>; the form posts back
            # to the same address, so the theme is still there.
            theme_slug = request.GET.get("theme")
            theme = process.themes.filter(slug=theme_slug).first() if theme_slug else None
            proposal = services.proposal_draft_create(
                process=process, author=request.user, data=form.cleaned_data, theme=theme
            )
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            messages.success(request, _("Your draft has been saved. You can come back to it at any time."))
            return _step_url(process, proposal, 2)
    drafts = list(selectors.drafts_of(user=request.user, process=process))
    return render(
        request, "proposals/proposal_wizard_idea.html", _wizard_context(process, None, 1, form=form, drafts=drafts)
    )


@login_required
def proposal_wizard(request, slug, pk, step):
    process = visible_process_or_404(request, slug)
    proposal = get_object_or_404(
        Proposal.objects.select_related("category__parent", "theme"),
        pk=pk,
        process=process,
        author=request.user,
        status=Proposal.Status.DRAFT,
    )
    proposal.process = process
    if step < 1 or step > proposal.wizard_step:
        return _step_url(process, proposal, proposal.wizard_step)
    handler = {1: _step_idea, 2: _step_similar, 3: _step_details, 4: _step_preview}[step]
    return handler(request, process, proposal)


def _step_idea(request, process, proposal):
    form = IdeaForm(request.POST or None, process=process, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_draft_update(proposal=proposal, user=request.user, data=form.cleaned_data, step=1)
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            return _step_url(process, proposal, 2)
    return render(request, "proposals/proposal_wizard_idea.html", _wizard_context(process, proposal, 1, form=form))


def _step_similar(request, process, proposal):
    if request.method == "POST":
        services.proposal_draft_update(proposal=proposal, user=request.user, data={}, step=2)
        return _step_url(process, proposal, 3)
    similar = selectors.similar_proposals(proposal=proposal, user=request.user)
    for item in similar:
        item.process = process
    return render(
        request, "proposals/proposal_wizard_similar.html", _wizard_context(process, proposal, 2, similar=similar)
    )


def _step_details(request, process, proposal):
    action = request.POST.get("action", "next")
    if request.method == "POST" and action == "remove":
        remove_attachment(request, proposal)
        return _step_url(process, proposal, 3)
    form = DetailsForm(request.POST or None, request.FILES or None, process=process, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_draft_update(
                proposal=proposal, user=request.user, data=form.cleaned_data, step=3, **form.attachment_data()
            )
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            if form.attachment_data()["attachment"]:
                messages.success(request, _("The file has been added."))
            return _step_url(process, proposal, 3 if action == "upload" else 4)
    return render(
        request,
        "proposals/proposal_wizard_details.html",
        _wizard_context(process, proposal, 3, form=form, attachments=list(proposal.attachments.all())),
    )


def _step_preview(request, process, proposal):
    refusal = refusal_reason("proposals.add_proposal", request.user, process)
    if request.method == "POST" and not refusal:
        try:
            proposal = services.proposal_publish(proposal=proposal, user=request.user)
        except PermissionDenied as error:
            refusal = str(error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _step_url(process, proposal, 3)
        else:
            message = _("Your proposal has been published. Its reference is %(reference)s.")
            messages.success(request, message % {"reference": proposal.reference})
            return redirect(proposal.get_absolute_url())
    attachments = list(proposal.attachments.all())
    return render(
        request,
        "proposals/proposal_wizard_preview.html",
        _wizard_context(
            process,
            proposal,
            4,
            refusal=refusal,
            map_point=(
                {"lat": float(proposal.latitude), "lng": float(proposal.longitude), "title": proposal.title}
                if proposal.is_geolocated
                else None
            ),
            images=[a for a in attachments if a.is_image],
            documents=[a for a in attachments if not a.is_image],
        ),
    )
