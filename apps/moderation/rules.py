"""Who may report, moderate and block; each refusal with its sentence.

Reports take the reported content as object; the queue takes a Process; acting on a case takes the
ModeratedItem; blocking takes the participant (a User).
"""

import rules
from django.utils.translation import gettext_lazy as _

from apps.core import content
from apps.core.content import Capability
from apps.core.permissions import Requirement, define
from apps.spaces.models import ProcessRole
from apps.spaces.predicates import NOT_BLOCKED, is_moderator, is_site_admin
from apps.spaces.selectors import roles_of

SIGN_IN = Requirement(rules.is_authenticated, _("Sign in to report content."))
ACTIVE = Requirement(rules.is_active, _("Your account is inactive."))


@rules.predicate
def is_reportable(user, target):
    return content.has_capability(target, Capability.REPORTABLE)


@rules.predicate
def is_visible_to_user(user, target):
    return content.is_visible(user, target)


@rules.predicate
def is_not_own_content(user, target):
    entry = content.content_for(target)
    return entry is None or entry.author_id_of(target) != user.pk


@rules.predicate
def is_not_own_item(user, item):
    return item is not None and (item.author_id is None or item.author_id != user.pk)


@rules.predicate
def holds_moderator_role(user):
    """Moderator of at least one process: blocks and participant reports are site-wide."""
    return any(ProcessRole.Role.MODERATOR in roles for roles in roles_of(user).values())


@rules.predicate
def moderates_item(user, item):
    """Moderators (and administrators) of the item's process; participants' reports: site-wide moderators."""
    if item is None:
        return False
    if item.process_id is None:
        return is_site_admin.test(user) or holds_moderator_role.test(user)
    return is_moderator.test(user, item.process)


@rules.predicate
def is_not_self(user, other):
    return other is not None and other.pk != user.pk


@rules.predicate
def is_blocked(user, other):
    return other is not None and other.blocked_at is not None


define(
    "moderation.report_content",
    SIGN_IN,
    ACTIVE,
    NOT_BLOCKED,
    Requirement(is_reportable, _("This cannot be reported.")),
    Requirement(is_visible_to_user, _("This is not available.")),
    Requirement(is_not_own_content, _("You cannot report your own content.")),
)

MODERATORS_ONLY = _("Only the moderators and administrators of this process can moderate it.")
SITE_MODERATORS_ONLY = _("Only site administrators and moderators can moderate participants.")

define(
    "moderation.view_queue",
    Requirement(rules.is_authenticated, _("Sign in to reach the back-office.")),
    ACTIVE,
    Requirement(is_moderator, MODERATORS_ONLY),
)

define(
    "moderation.view_participant_queue",
    Requirement(rules.is_authenticated, _("Sign in to reach the back-office.")),
    ACTIVE,
    Requirement(is_site_admin | holds_moderator_role, SITE_MODERATORS_ONLY),
)

define(
    "moderation.view_item",
    Requirement(rules.is_authenticated, _("Sign in to reach the back-office.")),
    ACTIVE,
    Requirement(moderates_item, MODERATORS_ONLY),
)

define(
    "moderation.moderate_item",
    Requirement(rules.is_authenticated, _("Sign in to reach the back-office.")),
    ACTIVE,
    Requirement(moderates_item, MODERATORS_ONLY),
    Requirement(is_not_own_item, _("You cannot moderate your own content: another moderator will decide.")),
)

define(
    "moderation.block_user",
    Requirement(rules.is_authenticated, _("Sign in to reach the back-office.")),
    ACTIVE,
    Requirement(
        is_site_admin | holds_moderator_role, _("Only site administrators and moderators can block participants.")
    ),
    Requirement(is_not_self, _("You cannot block yourself.")),
    Requirement(~is_blocked, _("This participant is already blocked.")),
)

define(
    "moderation.unblock_user",
    Requirement(rules.is_authenticated, _("Sign in to reach the back-office.")),
    ACTIVE,
    Requirement(is_site_admin | holds_moderator_role, _("Only site administrators and moderators can lift a block.")),
    Requirement(is_not_self, _("You cannot lift your own block.")),
    Requirement(is_blocked, _("This participant is not blocked.")),
)
