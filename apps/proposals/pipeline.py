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

# The rule asked (with the actor, on the locked proposal) for each allowed move.
MOVE_RULES = {
    (Proposal.Status.DRAFT, Proposal.Status.PUBLISHED): "proposals.publish_proposal",
    (Proposal.Status.PUBLISHED, Proposal.Status.WITHDRAWN): "proposals.withdraw_proposal",
    (Proposal.Status.PUBLISHED, Proposal.Status.MERGED): "proposals.merge_proposals",
    (Proposal.Status.PUBLISHED, Proposal.Status.EVALUATING): "proposals.evaluate_proposal",
    (Proposal.Status.EVALUATING, Proposal.Status.WITHDRAWN): "proposals.withdraw_proposal",
    # An accepted or rejected status is the publication of the review's answer.
    (Proposal.Status.EVALUATING, Proposal.Status.ACCEPTED): "proposals.publish_answer",
    (Proposal.Status.EVALUATING, Proposal.Status.REJECTED): "proposals.publish_answer",
    (Proposal.Status.EVALUATING, Proposal.Status.MERGED): "proposals.merge_proposals",
}

# The audit action of each move's entry (kept from before the pipeline, so the log reads the same).
AUDIT_ACTIONS = {
    Proposal.Status.PUBLISHED: "proposals.publish",
    Proposal.Status.WITHDRAWN: "proposals.withdraw",
    Proposal.Status.MERGED: "proposals.merged",
    Proposal.Status.EVALUATING: "proposals.evaluate",
    Proposal.Status.ACCEPTED: "proposals.accept",
    Proposal.Status.REJECTED: "proposals.reject",
}

# The statuses a proposal may be merged from (into another one), read from the table.
MERGEABLE = tuple(status for status, moves in Proposal.TRANSITIONS.items() if Proposal.Status.MERGED in moves)
