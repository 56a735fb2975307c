"""Comment permissions. `comments.add_comment` takes the TARGET (e.g. a proposal) as object; the others a Comment.

Whether a target accepts comments is the target's own business: `comments.add_comment` delegates to the rule its
app registered as `comment_perm` (`<app>.comment_<model>`, e.g. proposals.comment_proposal), and says its reason.
"""

import rules
from django.utils.translation import gettext_lazy as _

from apps.core import content
from apps.core.content import Capability
from apps.core.permissions import Requirement, define, is_allowed, refusal_reason
from apps.spaces.predicates import NOT_BLOCKED


def _commentable(target):
    entry = content.content_for(target)
    return entry if entry is not None and entry.has(Capability.COMMENTABLE) else None


@rules.predicate
def target_allows_comment(user, target):
    entry = _commentable(target)
    return bool(entry and is_allowed(entry.comment_perm, user, target))


def _target_refusal(user, target):
    entry = _commentable(target)
    if entry is None:
        return str(_("This cannot be commented on."))
    return refusal_reason(entry.comment_perm, user, target) or str(_("You are not allowed to do this."))


@rules.predicate
def target_is_visible(user, comment):
    """A comment is visible where its target is (its own view rule)."""
    return bool(comment is not None and content.is_visible(user, comment.target))


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


define("comments.add_comment", Requirement(target_allows_comment, _target_refusal))
define("comments.view_comment", Requirement(target_is_visible, _("This comment is not available.")))
define(
    "comments.change_comment",
    Requirement(is_comment_author, _("Only the author can edit this comment.")),
    NOT_BLOCKED,
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
    NOT_BLOCKED,
    Requirement(comment_is_visible, _("This comment can no longer be voted on.")),
    Requirement(is_not_comment_author, _("You cannot vote on your own comment.")),
)
