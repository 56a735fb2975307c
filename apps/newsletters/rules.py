"""Who writes and sends newsletters. Site administrators (superusers, or staff given the model permission
"Can write and send newsletters to every segment") reach every segment; the administrators of a process write to
the participants of their process only."""

import rules
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import Requirement, define
from apps.spaces.models import ProcessRole
from apps.spaces.predicates import administers_any_process, has_process_role

from .selectors import is_site_newsletter_admin

SIGN_IN = Requirement(rules.is_authenticated, _("Sign in to reach the back-office."))
ACTIVE = Requirement(rules.is_active, _("Your account is inactive."))


@rules.predicate
def is_newsletter_admin(user):
    return is_site_newsletter_admin(user)


@rules.predicate
def is_process_segment(user, newsletter):
    return newsletter is not None and newsletter.segment == "process" and newsletter.process_id is not None


administers_its_process = has_process_role(ProcessRole.Role.ADMIN)

define(
    "newsletters.view_newsletters",
    SIGN_IN,
    ACTIVE,
    Requirement(
        is_newsletter_admin | administers_any_process,
        _("Only site administrators and process administrators write newsletters."),
    ),
)
# Object: a newsletter. Its process's administrators manage a newsletter to their process's participants.
define(
    "newsletters.manage_newsletter",
    SIGN_IN,
    ACTIVE,
    Requirement(
        is_newsletter_admin | (is_process_segment & administers_its_process),
        _("Only site administrators, and the administrators of its process, can manage this newsletter."),
    ),
)
