"""Who may see results, comment on them and follow them, and who manages them; each refusal with its sentence.

The object is a result, or the process (the list page and the back-office screens)."""

import rules
from django.utils.translation import gettext_lazy

from apps.core.permissions import Requirement, define
from apps.spaces.phases import Feature
from apps.spaces.predicates import (
    NOT_BLOCKED,
    is_process_admin,
    is_published_process,
    participation_requirements,
    process_of,
)
from apps.spaces.selectors import roles_of


@rules.predicate
def is_process_staff(user, obj):
    """Any role in the process (or a site administrator): the twin of selectors._staff_q."""
    process = process_of(obj)
    if process is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or process.pk in roles_of(user))


NOT_PUBLISHED = gettext_lazy("This process is not published yet.")

# The object side of selectors.result_visible_to (the content contract test keeps them in agreement): the results of
# a published process are public, like Decidim's; its staff sees those of a process being prepared.
define("results.view_result", Requirement(is_published_process | is_process_staff, NOT_PUBLISHED))
define("results.view_results", Requirement(is_published_process | is_process_staff, NOT_PUBLISHED))
can_view_result = rules.predicate(lambda user, obj: rules.has_perm("results.view_result", user, obj))

define(
    "results.comment_result",
    *participation_requirements(Feature.COMMENT, sign_in_message=gettext_lazy("Sign in to comment")),
    Requirement(can_view_result, NOT_PUBLISHED),
)
define(
    "results.follow_result",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to follow.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    NOT_BLOCKED,
    Requirement(can_view_result, gettext_lazy("You cannot follow this.")),
)

# -- agents ------------------------------------------------------------------------------------------------------

define(
    "results.manage_results",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in with your agent account.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    Requirement(
        is_process_admin, gettext_lazy("Only the administrators of this process can manage its results.")
    ),
)
