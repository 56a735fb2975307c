"""What the proposal screens share: loading a visible proposal, and removing a file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from apps.core.permissions import refusal_reason

from .. import selectors
from ..attachments import attachment_remove
from ..forms import AttachmentRemoveForm
from ..models import Proposal


class HiddenByModeration(Exception):
    """The proposal exists but the moderators hid it from this visitor: its page says so, without the content."""

    def __init__(self, proposal):
        super().__init__(proposal.pk)
        self.proposal = proposal


def visible_proposal(request, process, pk, *, say_hidden=False):
    try:
        proposal = selectors.proposal_detail(process=process, pk=pk, user=request.user)
    except Proposal.DoesNotExist as missing:
        raise Http404 from missing
    if refusal_reason("proposals.view_proposal", request.user, proposal):
        if say_hidden and proposal.is_hidden and proposal.status != Proposal.Status.DRAFT and process.is_published:
            raise HiddenByModeration(proposal)
        raise Http404
    return proposal


def remove_attachment(request, proposal):
    """The "remove this file" button of the details step and of the edit page; the caller redirects back."""
    form = AttachmentRemoveForm(request.POST, proposal=proposal)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["attachment"]))
        return
    try:
        attachment_remove(attachment=form.cleaned_data["attachment"], user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The file has been removed."))
