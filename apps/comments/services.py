"""Writes on comments. Every service checks the permission again, validates and writes an audit entry.

Counters:
- the target's stored `comment_count` (when the model has that field) counts every comment ever posted on
  it, replies included, except those the moderators hide (hiding decrements it, unhiding increments it);
  deleting a comment does NOT decrement it, because deleted comments stay in the
  thread as "Deleted comment" placeholders (their replies stay visible);
- `Comment.reply_count` counts the direct replies, placeholders included, for the same reason;
- `upvotes` / `downvotes` are updated with F() in the vote's transaction.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.abuse import ensure_within_rate
from apps.core.pagecache import bump_page
from apps.core.permissions import ensure_allowed
from apps.core.services import audit_record
from apps.machine_translation.services import translations_erase, translations_request
from apps.notifications import services as notification_services

from . import targets
from .mentions import mentioned_users
from .models import Comment, CommentVote, comment_settings_for


def _check_body(*, body, process):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    max_length = comment_settings_for(process).comment_max_length
    if max_length and len(body) > max_length:
        raise ValidationError(
            {
                "body": _("Your comment has %(length)s characters; the maximum is %(max)s.")
                % {"length": len(body), "max": max_length}
            }
        )
    return body


def _has_comment_count(model):
    try:
        model._meta.get_field("comment_count")
    except FieldDoesNotExist:
        return False
    return True


@transaction.atomic
def comment_create(*, user, target, body, opinion, parent=None):
    if not targets.is_commentable(target):
        raise ValidationError(_("This cannot be commented on."))
    ensure_allowed("comments.add_comment", user=user, obj=target)
    ensure_within_rate(
        key=f"comments:create:{user.pk}",
        rate=settings.COMMENT_RATE_LIMIT,
        message=_("You have posted several comments in a short time. Please wait a little."),
    )
    process = targets.process_for(target)
    body = _check_body(body=body, process=process)
    if parent is not None:
        if parent.content_type_id != ContentType.objects.get_for_model(target).pk or parent.object_id != target.pk:
            raise ValidationError({"parent": _("This reply does not belong to this discussion.")})
        if not parent.can_have_replies:
            raise ValidationError(
                {"parent": _("Discussions are limited to three levels: reply to the comment above instead.")}
            )
        if not parent.is_visible:
            raise ValidationError({"parent": _("You cannot reply to a deleted or hidden comment.")})
    comment = comment_store(target=target, process=process, parent=parent, author=user, body=body, opinion=opinion)
    audit_record(
        actor=user,
        action="comments.create",
        target=comment,
        data={"target": targets.key_for(target), "target_id": target.pk, "parent": parent.pk if parent else None},
    )
    return comment


def comment_store(*, target, process, parent, author, body, opinion):
    """The bookkeeping of a new comment, once it is allowed: row, mentions, counters, notifications.

    Called by comment_create (which checks permissions and writes the audit entry) and by the demo data.
    """
    comment = Comment(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        process=process,
        parent=parent,
        depth=parent.depth + 1 if parent is not None else 0,
        author=author,
        body=body,
        opinion=opinion,
    )
    comment.target = target  # known: the notifications read it from the comment
    # The target's process, the author and the parent are rows the caller holds: their foreign keys need no query
    # each; the database enforces the depth constraint (comment_create refuses a reply too deep with its sentence).
    comment.full_clean(exclude=["content_type", "process", "author", "parent"], validate_constraints=False)
    comment.save()
    mentioned = mentioned_users(body, exclude=author)
    if mentioned:
        comment.mentions.add(*mentioned)  # a new comment: nothing to remove first
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
        parent.reply_count += 1
    if _has_comment_count(type(target)):
        type(target)._default_manager.filter(pk=target.pk).update(comment_count=F("comment_count") + 1)
        target.refresh_from_db(fields=["comment_count"])
    notification_services.notify_comment_created(comment=comment, mentioned_ids={user.pk for user in mentioned})
    translations_request(obj=comment)
    # The page it is on, for anonymous visitors (apps/core/pagecache.py); the lists' counts within the cache's TTL.
    bump_page(comment.get_absolute_url())
    return comment


@transaction.atomic
def comment_edit(*, user, comment, body, opinion):
    ensure_allowed("comments.change_comment", user=user, obj=comment)
    body = _check_body(body=body, process=comment.process)
    if body == comment.body and opinion == comment.opinion:
        return comment
    comment.body = body
    comment.opinion = opinion
    comment.is_edited = True
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "opinion", "is_edited", "edited_at", "updated_at"])
    comment.mentions.set(mentioned_users(body, exclude=comment.author))
    audit_record(actor=user, action="comments.edit", target=comment, data={"opinion": opinion})
    translations_request(obj=comment)
    bump_page(comment.get_absolute_url())
    return comment


@transaction.atomic
def comment_delete(*, user, comment):
    """Soft delete: the text is erased and shown as "Deleted comment"; replies stay; counters stay."""
    ensure_allowed("comments.delete_comment", user=user, obj=comment)
    comment.deleted_at = timezone.now()
    comment.body = ""
    comment.full_clean(exclude=["body"])
    comment.save(update_fields=["deleted_at", "body", "updated_at"])
    comment.mentions.clear()
    translations_erase(obj=comment)  # the text is gone: so are its translations
    audit_record(actor=user, action="comments.delete", target=comment)
    bump_page(comment.get_absolute_url())
    return comment


@transaction.atomic
def comment_vote(*, user, comment, value):
    """Vote +1/-1. The same value again removes the vote; the other value switches it.

    Returns the user's vote after the call (1, -1 or 0) and refreshes the comment's counters.
    """
    ensure_allowed("comments.vote_comment", user=user, obj=comment)
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if value not in (1, -1):
        raise ValidationError({"value": _("Choose an upvote or a downvote.")})
    field = {1: "upvotes", -1: "downvotes"}
    # Lock the comment first: one person's simultaneous first votes cannot both find "no vote yet" and insert
    # (the unique constraint would answer with a 500); they are applied one after the other instead.
    Comment.objects.select_for_update().filter(pk=comment.pk).first()
    existing = CommentVote.objects.select_for_update().filter(comment=comment, user=user).first()
    counters = Comment.objects.filter(pk=comment.pk)
    if existing is None:
        vote = CommentVote(comment=comment, user=user, value=value)
        vote.full_clean(validate_constraints=False)  # the database constraint decides, atomically
        try:
            with transaction.atomic():
                vote.save()
        except IntegrityError:
            # Only reachable without row locks (SQLite): the same vote was recorded meanwhile; keep it.
            if not CommentVote.objects.filter(comment=comment, user=user, value=value).exists():
                raise
            comment.refresh_from_db(fields=["upvotes", "downvotes"])
            return value
        counters.update(**{field[value]: F(field[value]) + 1})
        result = value
    elif existing.value == value:
        existing.delete()
        counters.update(**{field[value]: F(field[value]) - 1})
        result = 0
    else:
        old = existing.value
        existing.value = value
        existing.full_clean()
        existing.save(update_fields=["value"])
        counters.update(**{field[value]: F(field[value]) + 1, field[old]: F(field[old]) - 1})
        result = value
    comment.refresh_from_db(fields=["upvotes", "downvotes"])
    audit_record(actor=user, action="comments.vote", target=comment, data={"value": result})
    bump_page(comment.get_absolute_url())
    return result


@transaction.atomic
def comment_set_hidden(comment, *, hidden_at, reason=""):
    """Moderation's hook (registered with the content contract): hide (`hidden_at` set) or show the comment.

    The comment stays in its thread as a placeholder, so its replies stay; the target's public comment count
    leaves hidden comments out. Permissions and the audit entry are moderation's (it calls this in its own
    service). Returns True when the state changed.
    """
    locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
    if locked is None:
        return False
    was_hidden = locked.hidden_at is not None
    comment.hidden_at = hidden_at
    comment.hidden_reason = reason if hidden_at is not None else ""
    Comment.objects.filter(pk=comment.pk).update(hidden_at=comment.hidden_at, hidden_reason=comment.hidden_reason)
    if was_hidden == (hidden_at is not None):
        return False
    target_model = comment.content_type.model_class()
    if target_model is not None and _has_comment_count(target_model):
        step = -1 if hidden_at is not None else 1
        rows = target_model._default_manager.filter(pk=comment.object_id)
        if step < 0:
            rows = rows.filter(comment_count__gt=0)
        rows.update(comment_count=F("comment_count") + step)
    return True
