"""Who may submit, edit, withdraw, delete and see proposals, each refusal with its sentence."""

from datetime import timedelta

import rules
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.core.permissions import Requirement, define
from apps.spaces.models import ProcessRole
from apps.spaces.phases import Feature
from apps.spaces.predicates import (
    NOT_BLOCKED,
    has_process_role,
    is_evaluator,
    is_moderator,
    is_process_admin,
    is_published_process,
    participation_requirements,
    phase_enables,
    phase_refusal,
    process_of,
)

from .models import Proposal, ReviewAssignment, proposal_settings_for


def _proposal(obj):
    return obj if isinstance(obj, Proposal) else None


@rules.predicate
def is_author(user, obj):
    proposal = _proposal(obj)
    return bool(user.is_authenticated and proposal is not None and proposal.author_id == user.pk)


@rules.predicate
def is_draft(user, obj):
    proposal = _proposal(obj)
    return bool(proposal is not None and proposal.status == Proposal.Status.DRAFT)


@rules.predicate
def is_published(user, obj):
    proposal = _proposal(obj)
    return bool(proposal is not None and proposal.status == Proposal.Status.PUBLISHED)


@rules.predicate
def is_hidden(user, obj):
    proposal = _proposal(obj)
    return bool(proposal is not None and proposal.hidden_at is not None)


@rules.predicate
def is_withdrawn(user, obj):
    proposal = _proposal(obj)
    return bool(proposal is not None and proposal.status == Proposal.Status.WITHDRAWN)


@rules.predicate
def is_evaluating(user, obj):
    proposal = _proposal(obj)
    return bool(proposal is not None and proposal.status == Proposal.Status.EVALUATING)


@rules.predicate
def has_no_supports(user, obj):
    """No supports from other people. Authors cannot support their own proposal (supports.add_support); one
    given before that rule, or kept through a merge, does not close the edit window."""
    proposal = _proposal(obj)
    if proposal is None:
        return False
    if proposal.support_count == 0:
        return True
    return not proposal.supports.exclude(user_id=proposal.author_id).exists()


def edit_deadline(proposal):
    if proposal.published_at is None:
        return None
    return proposal.published_at + timedelta(minutes=proposal_settings_for(proposal.process).proposal_edit_minutes)


@rules.predicate
def within_edit_window(user, obj):
    proposal = _proposal(obj)
    if proposal is None:
        return False
    deadline = edit_deadline(proposal)
    return deadline is None or timezone.now() < deadline


@rules.predicate
def under_proposal_limit(user, obj):
    """Published and withdrawn proposals count against the per-participant limit; drafts do not."""
    process = process_of(obj)
    if process is None or not user.is_authenticated:
        return True
    limit = proposal_settings_for(process).proposals_per_user
    if not limit:
        return True
    from .selectors import counted_proposals_of

    return counted_proposals_of(user=user, process=process) < limit


def _limit_message(user, obj):
    limit = proposal_settings_for(process_of(obj)).proposals_per_user
    return ngettext(
        "You have already submitted %(max)d proposal, the maximum allowed per participant in this process.",
        "You have already submitted %(max)d proposals, the maximum allowed per participant in this process.",
        limit,
    ) % {"max": limit}


def _edit_window_message(user, obj):
    return _("You can no longer edit this proposal: the %(minutes)d-minute editing window has ended.") % {
        "minutes": proposal_settings_for(obj.process).proposal_edit_minutes
    }


ADD_REQUIREMENTS = (
    Requirement(is_published_process, gettext_lazy("This process is not published yet.")),
    # The phase first, so a visitor is told "proposals could be submitted until…" rather than "sign in".
    Requirement(phase_enables(Feature.CREATE_PROPOSALS), phase_refusal(Feature.CREATE_PROPOSALS)),
    *participation_requirements(Feature.CREATE_PROPOSALS, sign_in_message=gettext_lazy("Sign in to submit a proposal")),
    Requirement(under_proposal_limit, _limit_message),
)

define("proposals.add_proposal", *ADD_REQUIREMENTS)

# The status moves, each guarded by a rule (pipeline.MOVE_RULES); proposal_status_set asks them inside its lock.
define(
    "proposals.publish_proposal",
    Requirement(is_draft & is_author, gettext_lazy("Only the author can continue this draft.")),
    *ADD_REQUIREMENTS,
)
define(
    "proposals.answer_proposal",
    Requirement(
        is_evaluator, gettext_lazy("Only the administrators and evaluators of this process can answer a proposal.")
    ),
    Requirement(~is_draft, gettext_lazy("A draft cannot be answered.")),
)

# Proposals collected on paper, typed in (imported) by the process's administrators.
define(
    "proposals.enter_paper_proposal",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to enter proposals.")),
    Requirement(
        is_process_admin,
        gettext_lazy("Only the administrators of this process can enter proposals collected on paper."),
    ),
)

define(
    "proposals.change_proposal",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to edit your proposal.")),
    Requirement(is_process_admin | is_author, gettext_lazy("Only the author can edit this proposal.")),
    Requirement(
        is_process_admin | ~is_withdrawn, gettext_lazy("This proposal has been withdrawn: it can no longer be edited.")
    ),
    Requirement(
        is_process_admin | is_draft | has_no_supports,
        gettext_lazy("You can no longer edit this proposal: it already has supports."),
    ),
    Requirement(is_process_admin | is_draft | within_edit_window, _edit_window_message),
)

define(
    "proposals.withdraw_proposal",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to withdraw your proposal.")),
    Requirement(is_author, gettext_lazy("Only the author can withdraw this proposal.")),
    Requirement(
        is_published | is_evaluating,
        gettext_lazy("Only a published proposal or one under evaluation can be withdrawn."),
    ),
)

define(
    "proposals.delete_proposal",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to delete your draft.")),
    Requirement(is_author, gettext_lazy("Only the author can delete this draft.")),
    Requirement(is_draft, gettext_lazy("A published proposal cannot be deleted; you can withdraw it instead.")),
)

# "May this user see this proposal": the object side of selectors.proposal_visible_to (the contract test keeps
# them in agreement). Staff do not see citizens' drafts.
# Hidden proposals: their author and the process's moderators and administrators only.
can_view_proposal = (
    (~is_draft | is_author)
    & (is_draft | is_published_process | is_process_admin)
    & (~is_hidden | is_author | is_moderator)
)

HIDDEN_BY_MODERATION = gettext_lazy("This proposal has been hidden by the moderators.")

define(
    "proposals.view_proposal",
    Requirement(~is_draft | is_author, gettext_lazy("This proposal is not available.")),
    Requirement(is_draft | is_published_process | is_process_admin, gettext_lazy("This process is not published yet.")),
    Requirement(~is_hidden | is_author | is_moderator, HIDDEN_BY_MODERATION),
)


def _closed_to_comments_message(user, obj):
    if obj.status == Proposal.Status.DRAFT:
        return _("Comments open once this is published.")
    if obj.status in (Proposal.Status.ACCEPTED, Proposal.Status.REJECTED):
        return _("This has been answered: it accepts no new comments.")
    return _("This has been withdrawn: it accepts no new comments.")


# Asked by comments.add_comment for a proposal (comments delegate to the target's own rule).
define(
    "proposals.comment_proposal",
    *participation_requirements(Feature.COMMENT, sign_in_message=gettext_lazy("Sign in to comment")),
    Requirement(is_published | is_evaluating, _closed_to_comments_message),
)

# Asked by notifications.follow_target for a proposal: whoever may see it may follow it.
define(
    "proposals.follow_proposal",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to follow.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    NOT_BLOCKED,
    Requirement(can_view_proposal, gettext_lazy("You cannot follow this.")),
)

# Not a permission: "does the current phase take proposals?", so a page can offer anonymous visitors to sign in.
rules.add_rule("proposals.submissions_open", phase_enables(Feature.CREATE_PROPOSALS))

# Merging duplicates (object: the process, or one of the proposals merged): its administrators only.
define(
    "proposals.merge_proposals",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to merge proposals.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    Requirement(is_process_admin, gettext_lazy("Only the administrators of this process can merge its proposals.")),
)


# --- Feasibility review (issue 8). The object is the proposal, or the process for the screens of a process.

STAFF_SIGN_IN = Requirement(rules.is_authenticated, gettext_lazy("Sign in to reach the back-office."))
STAFF_ACTIVE = Requirement(rules.is_active, gettext_lazy("Your account is inactive."))


@rules.predicate
def is_assigned(user, obj):
    """An assignment links this user to this proposal."""
    proposal = _proposal(obj)
    if proposal is None or not user.is_authenticated:
        return False
    return ReviewAssignment.objects.filter(proposal_id=proposal.pk, evaluator=user).exists()


# An evaluator who lost the role loses the assignments' access with it.
is_assigned_evaluator = has_process_role(ProcessRole.Role.EVALUATOR) & is_assigned
can_review = is_process_admin | is_assigned_evaluator


@rules.predicate
def is_reviewable(user, obj):
    proposal = _proposal(obj)
    return bool(proposal is not None and proposal.status in Proposal.REVIEWABLE)


@rules.predicate
def evaluators_publish(user, obj):
    proposal = _proposal(obj)
    return bool(proposal is not None and proposal_settings_for(proposal.process).evaluators_publish_answers)


@rules.predicate
def evaluates_any_process(user):
    from apps.spaces.selectors import roles_of

    wanted = {ProcessRole.Role.EVALUATOR, ProcessRole.Role.ADMIN}
    return bool(user.is_superuser or any(roles & wanted for roles in roles_of(user).values()))


REVIEW_REFUSAL = gettext_lazy(
    "Only the evaluators assigned to this proposal and the administrators of its process can review it."
)

define(
    "proposals.view_review_queue",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(evaluates_any_process, gettext_lazy("The review queue is for the evaluators of a process.")),
)
define("proposals.view_review", STAFF_SIGN_IN, STAFF_ACTIVE, Requirement(can_review, REVIEW_REFUSAL))
define(
    "proposals.review_proposal",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(can_review, REVIEW_REFUSAL),
    Requirement(
        is_reviewable, gettext_lazy("This proposal is no longer open to review: it has been answered or withdrawn.")
    ),
)
# Starting the review (published -> evaluating): an assignment by an administrator, or the review's first save.
define(
    "proposals.evaluate_proposal",
    STAFF_SIGN_IN,
    Requirement(can_review, REVIEW_REFUSAL),
)
define(
    "proposals.add_internal_note",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(
        can_review,
        gettext_lazy("Internal notes are for the reviewers of this proposal and the administrators of its process."),
    ),
)
define(
    "proposals.publish_answer",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(
        is_process_admin | (is_assigned_evaluator & evaluators_publish),
        gettext_lazy("Only the administrators of this process can publish answers."),
    ),
)
# The screens of one process (object: the process).
define(
    "proposals.assign_proposals",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(is_process_admin, gettext_lazy("Only the administrators of this process can assign proposals.")),
)
define(
    "proposals.publish_answers",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(is_process_admin, gettext_lazy("Only the administrators of this process can publish answers.")),
)
define(
    "proposals.view_review_board",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(is_process_admin, gettext_lazy("Only the administrators of this process can see its review board.")),
)
