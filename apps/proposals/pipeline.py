"""The proposal status pipeline, as data (the table is Proposal.TRANSITIONS); services.proposal_status_set is the
only writer of `Proposal.status` after creation and refuses any move this pipeline does not allow."""

from django.utils.translation import gettext_lazy as _

from apps.core.content import StatusPipeline

from .models import Proposal

PIPELINE = StatusPipeline(
    Proposal.TRANSITIONS,
    choices=Proposal.Status,
    message=_("A proposal cannot go from %(from)s to %(to)s."),
    # Official proposals may be created directly as published from the back-office.
    initial=(Proposal.Status.DRAFT, Proposal.Status.PUBLISHED),
)
