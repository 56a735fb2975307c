"""Who may support a proposal, and when: the shared participation requirements plus the proposal's own state,
the proposal's support threshold, authorship (nobody supports their own proposal) and the per-participant limit
of the process."""

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


def _not_the_author(user, proposal):
    return not (user.is_authenticated and proposal.author_id == user.pk)


PUBLISHED = Requirement(_is_published, _not_published_reason)
NOT_THE_AUTHOR = Requirement(
    _not_the_author, _("You cannot support your own proposal: supports show what other people think of it.")
)
BELOW_THRESHOLD = Requirement(_below_threshold, _threshold_reason)
WITHIN_USER_LIMIT = Requirement(_within_user_limit, _user_limit_reason)

ADD_REQUIREMENTS = (
    # The proposal's own state comes first: "Withdrawn proposals cannot be supported" is truer than "Sign in".
    PUBLISHED,
    BELOW_THRESHOLD,
    *participation_requirements(Feature.SUPPORT, sign_in_message=_("Sign in to support")),
    NOT_THE_AUTHOR,
    WITHIN_USER_LIMIT,  # last: limit_reached_only() relies on it
)
define("supports.add_support", *ADD_REQUIREMENTS)


def limit_reached_only(user, proposal):
    """True when the per-participant limit is the one thing that stops `user` supporting `proposal`: the button
    is then shown disabled with the reason, and comes back when a support is withdrawn."""
    if WITHIN_USER_LIMIT.predicate.test(user, proposal):
        return False
    return all(r.predicate.test(user, proposal) for r in ADD_REQUIREMENTS if r is not WITHIN_USER_LIMIT)


def user_limit_reason(proposal):
    """The sentence shown on the disabled buttons once every support is used (same for every proposal); empty
    when the process sets no limit."""
    if support_settings_for(proposal.process).supports_per_user is None:
        return ""
    return _user_limit_reason(None, proposal)
define(
    "supports.remove_support",
    *participation_requirements(Feature.SUPPORT, sign_in_message=_("Sign in to withdraw your support")),
)
