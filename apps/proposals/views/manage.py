"""The author's (and admins') changes to an existing proposal: edit, withdraw, delete a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.core.geocoding import get_geocoder
from apps.core.http import form_errors_from
from apps.core.permissions import ensure_allowed
from apps.spaces.views import visible_process_or_404

from .. import selectors, services
from ..forms import ConfirmForm, ProposalEditForm
from .common import remove_attachment, visible_proposal


@login_required
def proposal_edit(request, slug, pk):
    process = visible_process_or_404(request, slug)
    proposal = visible_proposal(request, process, pk)
    if proposal.is_draft:
        return redirect("proposals:wizard", slug=process.slug, pk=proposal.pk, step=1)
    ensure_allowed("proposals.change_proposal", user=request.user, obj=proposal)
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "remove":
        remove_attachment(request, proposal)
        return redirect("proposals:edit", slug=process.slug, pk=proposal.pk)
    form = ProposalEditForm(request.POST or None, request.FILES or None, process=process, instance=proposal)
    if request.method == "POST" and form.is_valid():
        upload = form.attachment_data()
        try:
            services.proposal_update(proposal=proposal, user=request.user, data=form.cleaned_data, **upload)
        except ValidationError as error:
            form_errors_from(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if action == "upload" and upload["attachment"]:
                messages.success(request, _("The file has been added."))
                return redirect("proposals:edit", slug=process.slug, pk=proposal.pk)
            messages.success(request, _("Your proposal has been updated."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/proposal_edit.html",
        {
            "process": process,
            "proposal": proposal,
            "form": form,
            "attachments": proposal.attachment_list,
            "map_defaults": selectors.map_defaults(process=process),
            "address_search": get_geocoder() is not None,
        },
    )


def _confirmed_action(request, slug, pk, *, perm, service, done_message, template, next_url):
    """GET shows a confirmation page; a confirmed POST runs the service and redirects with a message."""
    process = visible_process_or_404(request, slug)
    proposal = visible_proposal(request, process, pk)
    ensure_allowed(perm, user=request.user, obj=proposal)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service(proposal=proposal, user=request.user)
        messages.success(request, done_message)
        return redirect(next_url(process, proposal))
    return render(request, template, {"process": process, "proposal": proposal, "form": form})


@login_required
def proposal_withdraw(request, slug, pk):
    return _confirmed_action(
        request,
        slug,
        pk,
        perm="proposals.withdraw_proposal",
        service=services.proposal_withdraw,
        done_message=_("Your proposal has been withdrawn. It stays visible, marked “Withdrawn”."),
        template="proposals/proposal_confirm_withdraw.html",
        next_url=lambda process, proposal: proposal.get_absolute_url(),
    )


@login_required
def proposal_delete(request, slug, pk):
    return _confirmed_action(
        request,
        slug,
        pk,
        perm="proposals.delete_proposal",
        service=services.proposal_draft_delete,
        done_message=_("Your draft has been deleted."),
        template="proposals/proposal_confirm_delete.html",
        next_url=lambda process, proposal: process.get_absolute_url(),
    )
