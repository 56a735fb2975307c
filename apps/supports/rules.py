"""Who may support a proposal, and when: the shared participation requirements plus the proposal's own state,
the proposal's support threshold and the per-participant limit of the process."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.permissions import Requirement, define
from apps.proposals.models import Proposal
from apps.spaces.phases import Feature
from apps.spaces.predicates import participation_requirements

from .models import support_settings_for
from .selectors import has_supported, user_support_count


def _is_published(user, proposal):
    return proposal is not None and proposal.status == Proposal.Status.PUBLISHED


def _not_published_reason(user, proposal):
    if proposal is not None and proposal.status == Proposal.Status.WITHDRAWN:
        return str(_("Withdrawn proposals cannot be supported."))
    return str(_("Only published proposals can be supported."))


def _below_threshold(user, proposal):
    threshold = support_settings_for(proposal.process).support_threshold
    if threshold is None:
        return True
    return proposal.support_count < threshold or has_supported(user=user, proposal=proposal)


def _threshold_reason(user, proposal):
    threshold = support_settings_for(proposal.process).support_threshold
    return ngettext(
        "This proposal has reached its %(count)d support.",
        "This proposal has reached its %(count)d supports.",
        threshold,
    ) % {"count": threshold}


def _within_user_limit(user, proposal):
    limit = support_settings_for(proposal.process).supports_per_user
    if limit is None:
        return True
    if has_supported(user=user, proposal=proposal):
        return True  # already counted: supporting it again changes nothing
    return user_support_count(user=user, process=proposal.process_id) < limit


def _user_limit_reason(user, proposal):
    limit = support_settings_for(proposal.process).supports_per_user
    return ngettext(
        "You have used your only support.",
        "You have used all your %(count)d supports.",
        limit,
    ) % {"count": limit}


PUBLISHED = Requirement(_is_published, _not_published_reason)
BELOW_THRESHOLD = Requirement(_below_threshold, _threshold_reason)
WITHIN_USER_LIMIT = Requirement(_within_user_limit, _user_limit_reason)

define(
    "supports.add_support",
    # The proposal's own state comes first: "Withdrawn proposals cannot be supported" is truer than "Sign in".
    PUBLISHED,
    BELOW_THRESHOLD,
    *participation_requirements(Feature.SUPPORT, sign_in_message=_("Sign in to support")),
    WITHIN_USER_LIMIT,
)
define(
    "supports.remove_support",
    *participation_requirements(Feature.SUPPORT, sign_in_message=_("Sign in to withdraw your support")),
)
