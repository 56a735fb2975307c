import rules
from django.utils.translation import gettext_lazy as _

from apps.core import content
from apps.core.content import Capability
from apps.core.permissions import Requirement, define, is_allowed, refusal_reason
from apps.spaces.predicates import NOT_BLOCKED


def _follow_perm(target):
    """The target's own follow rule (its view rule when it registered none); None when it is not followable."""
    entry = content.content_for(target)
    if entry is None or not entry.has(Capability.FOLLOWABLE):
        return None
    return entry.follow_perm or entry.view_perm


@rules.predicate
def may_follow(user, target):
    perm = _follow_perm(target)
    return bool(perm and is_allowed(perm, user, target))


def _follow_refusal(user, target):
    perm = _follow_perm(target)
    return (perm and refusal_reason(perm, user, target)) or str(_("You cannot follow this."))


define(
    "notifications.follow_target",
    Requirement(rules.is_authenticated, _("Sign in to follow.")),
    Requirement(rules.is_active, _("Your account is inactive.")),
    NOT_BLOCKED,
    Requirement(may_follow, _follow_refusal),
)
