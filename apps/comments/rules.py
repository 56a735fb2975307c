"""Comment permissions. `comments.add_comment` takes the TARGET (e.g. a proposal) as object; the others a Comment.

The participation requirements find the process through `target.process` (every registered target has one).
"""

import rules
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import Requirement, define
from apps.spaces.phases import Feature
from apps.spaces.predicates import participation_requirements

CLOSED_STATUSES = ("withdrawn", "draft")


@rules.predicate
def target_accepts_comments(user, target):
    return getattr(target, "status", None) not in CLOSED_STATUSES


def _closed_target_message(user, target):
    if getattr(target, "status", None) == "draft":
        return str(_("Comments open once this is published."))
    return str(_("This has been withdrawn: it accepts no new comments."))


@rules.predicate
def is_comment_author(user, comment):
    return bool(user.is_authenticated and comment is not None and comment.author_id == user.pk)


@rules.predicate
def is_not_comment_author(user, comment):
    return not is_comment_author(user, comment)


@rules.predicate
def comment_is_not_deleted(user, comment):
    return comment is not None and comment.deleted_at is None


@rules.predicate
def comment_is_visible(user, comment):
    return comment is not None and comment.deleted_at is None and comment.hidden_at is None


define(
    "comments.add_comment",
    *participation_requirements(Feature.COMMENT, sign_in_message=_("Sign in to comment")),
    Requirement(target_accepts_comments, _closed_target_message),
)
define(
    "comments.change_comment",
    Requirement(is_comment_author, _("Only the author can edit this comment.")),
    Requirement(comment_is_not_deleted, _("This comment has been deleted.")),
)
define(
    "comments.delete_comment",
    Requirement(is_comment_author, _("Only the author can delete this comment.")),
    Requirement(comment_is_not_deleted, _("This comment has already been deleted.")),
)
define(
    "comments.vote_comment",
    Requirement(rules.is_authenticated, _("Sign in to vote on comments")),
    Requirement(rules.is_active, _("Your account is inactive.")),
    Requirement(comment_is_visible, _("This comment can no longer be voted on.")),
    Requirement(is_not_comment_author, _("You cannot vote on your own comment.")),
)
