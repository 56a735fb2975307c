import rules
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import Requirement, define

from .registry import can_follow


@rules.predicate
def may_follow(user, target):
    return can_follow(user, target)


define(
    "notifications.follow_target",
    Requirement(rules.is_authenticated, _("Sign in to follow.")),
    Requirement(rules.is_active, _("Your account is inactive.")),
    Requirement(may_follow, _("You cannot follow this.")),
)
