"""Follows and notifications.

INTERFACE CONTRACT (other apps call these; the notifications app implements them):

- follow_add(*, user, target) -> Follow          idempotent; users follow proposals (and any followable)
- follow_remove(*, user, target) -> None
- follows_copy(*, sources, target, extra_users=()) -> int
                                                 the followers of `sources` (merged content) follow `target`
- notify_comment_created(*, comment, mentioned_ids=None) -> list
                                                 new comment on a followed target, reply to my comment,
                                                 @mentions (comment.mentions, or the ids given),
                                                 queued on commit
- notify_status_changed(*, target, actor, answer="", status_changed=True) -> list
                                                 status or answer change of any registered content: its
                                                 followers and its author are told (title and URL from the
                                                 content contract, apps/core/content.py)
- notify_content_reported(*, target, recipient_ids, url_for, hidden=False) -> list   moderators, new report
- notify_ballot_reclassified(*, target, recipient_ids, url_for, actor=None) -> list
                                                 voters whose ballot lost `target` (a project unselected or
                                                 moved during the vote)

All are safe to call inside a service's transaction: e-mails are sent by Celery after commit.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.text import Truncator

from apps.accounts.models import User
from apps.core import background, content
from apps.core.content import Capability
from apps.core.sanitize import html_to_text
from apps.core.services import audit_record

from . import emails, selectors
from .models import EmailFrequency, Follow, Notification, NotificationPreference

logger = logging.getLogger(__name__)

EXCERPT_LENGTH = 200
DIGEST_WINDOW = timedelta(hours=24)

# The most specific kind wins when one person has several reasons to be told about one comment.
_PRIORITY = {
    Notification.Kind.COMMENT_ON_FOLLOWED: 1,
    Notification.Kind.REPLY_TO_MY_COMMENT: 2,
    Notification.Kind.MENTION: 3,
}


# --- Follows -----------------------------------------------------------------------------------------------


def is_followable(obj):
    """Registered content with Capability.FOLLOWABLE (see apps/core/content.py)."""
    return content.has_capability(obj, Capability.FOLLOWABLE)


@transaction.atomic
def follow_add(*, user, target):
    """Follow `target` (idempotent: following twice returns the existing follow)."""
    if not is_followable(target):
        raise ValueError(f"{target._meta.label} is not followable (register it with Capability.FOLLOWABLE)")
    content_type = ContentType.objects.get_for_model(target)
    lookup = {"user": user, "content_type": content_type, "object_id": target.pk}
    existing = Follow.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    follow = Follow(**lookup)
    # The user and the content type are rows the caller holds: their foreign keys need no query each.
    follow.full_clean(exclude=["user", "content_type"], validate_constraints=False)
    try:
        with transaction.atomic():
            follow.save()
    except IntegrityError:  # a concurrent request created it first
        return Follow.objects.get(**lookup)
    audit_record(actor=user, action="notifications.follow", target=target)
    return follow


@transaction.atomic
def follow_remove(*, user, target):
    content_type = ContentType.objects.get_for_model(target)
    deleted, _ = Follow.objects.filter(user=user, content_type=content_type, object_id=target.pk).delete()
    if deleted:
        audit_record(actor=user, action="notifications.unfollow", target=target)


@transaction.atomic
def follows_copy(*, sources, target, extra_users=()):
    """Everyone following one of `sources` (and `extra_users`) follows `target` too, once each; used when
    content is merged. The caller's own audit entry records the merge, so no entry per follow. Returns the
    number of new follows."""
    if not is_followable(target):
        raise ValueError(f"{target._meta.label} is not followable (register it with Capability.FOLLOWABLE)")
    sources = list(sources)
    user_ids = set(extra_users)
    if sources:
        source_type = ContentType.objects.get_for_model(sources[0])
        user_ids |= set(
            Follow.objects.filter(content_type=source_type, object_id__in=[s.pk for s in sources]).values_list(
                "user_id", flat=True
            )
        )
    target_type = ContentType.objects.get_for_model(target)
    already = set(
        Follow.objects.filter(content_type=target_type, object_id=target.pk).values_list("user_id", flat=True)
    )
    new = [Follow(user_id=uid, content_type=target_type, object_id=target.pk) for uid in sorted(user_ids - already)]
    Follow.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- Creating notifications --------------------------------------------------------------------------------


def _language(user):
    return user.language or translation.get_language() or settings.LANGUAGE_CODE


def _url_of(obj, language):
    with translation.override(language):
        try:
            return obj.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            logger.warning("No URL for %r in notifications", obj)
            return ""


def _excerpt(text):
    return Truncator(html_to_text(text)).chars(EXCERPT_LENGTH)  # a rich-text answer's "l'été", not "l&#x27;été"


def _mentioned_ids(comment):
    return set(comment.mentions.values_list("pk", flat=True))


def _deliverable_users(ids):
    return list(
        selectors.with_email_frequency(
            User.objects.filter(pk__in=ids, is_active=True, deleted_at__isnull=True).only("pk", "language")
        )
    )


def _create(*, recipients, kinds, actor, target, data_for):
    """Bulk-create one notification per recipient; queue immediate e-mails once the caller's transaction commits.

    `data_for(language)` returns the data dict in that language (computed once per language).
    """
    if not recipients:
        return []
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    data_by_language = {}
    notifications = []
    for recipient in recipients:
        language = _language(recipient)
        if language not in data_by_language:
            data_by_language[language] = data_for(language)
        notification = Notification(
            recipient=recipient,
            kind=kinds[recipient.pk],
            actor=actor if getattr(actor, "pk", None) else None,
            target_type=target_type,
            target_id=getattr(target, "pk", None),
            data=data_by_language[language],
        )
        notification.full_clean(exclude=["recipient", "actor", "target_type"])
        notifications.append(notification)
    created = Notification.objects.bulk_create(notifications)
    forget_unread_counts([recipient.pk for recipient in recipients])
    immediate = [n.pk for n in created if n.recipient.email_frequency == EmailFrequency.IMMEDIATE and n.pk is not None]
    if immediate:
        transaction.on_commit(partial(_queue_emails, immediate))
    return created


def _queue_emails(notification_ids):
    from .tasks import send_notification_email

    for notification_id in notification_ids:
        background.send(send_notification_email, notification_id=notification_id)


@transaction.atomic
def notify_comment_created(*, comment, mentioned_ids=None):
    """Tell followers of the comment's target, the parent comment's author and mentioned users.

    One notification per person and comment, with the most specific kind (mention > reply > followed);
    never the comment's author, never inactive or deleted accounts. The author starts following the target.
    `mentioned_ids`: the ids of the users the comment mentions, when the caller has just written them (else read).
    """
    author = comment.author
    target = comment.target
    if target is None:
        return []
    if author is not None and author.is_active and is_followable(target):
        follow_add(user=author, target=target)

    kinds = {}

    def offer(user_ids, kind):
        for user_id in user_ids:
            if user_id and _PRIORITY[kind] > _PRIORITY.get(kinds.get(user_id), 0):
                kinds[user_id] = kind

    if is_followable(target):
        offer(selectors.follower_ids(target=target), Notification.Kind.COMMENT_ON_FOLLOWED)
    parent = comment.parent if getattr(comment, "parent_id", None) else None
    if parent is not None:
        offer([parent.author_id], Notification.Kind.REPLY_TO_MY_COMMENT)
    offer(_mentioned_ids(comment) if mentioned_ids is None else mentioned_ids, Notification.Kind.MENTION)
    kinds.pop(getattr(author, "pk", None), None)
    if not kinds:
        return []

    entry = content.content_for(target)
    excerpt = _excerpt(comment.body)
    actor_name = author.public_name if author is not None else ""

    def data_for(language):
        return {
            "title": _title_in(entry, target, language),
            "url": _url_of(comment, language) or _url_of(target, language),
            "excerpt": excerpt,
            "actor_name": actor_name,
            "comment_id": comment.pk,
        }

    return _create(recipients=_deliverable_users(kinds), kinds=kinds, actor=author, target=comment, data_for=data_for)


def _title_in(entry, target, language):
    """The target's title in the recipient's language: a budget project's or an event's title is translated."""
    with translation.override(language):
        return entry.title_of(target) if entry is not None else str(target)


@transaction.atomic
def notify_status_changed(*, target, actor, answer="", status_changed=True, also_ids=()):
    """Tell the followers and the author of `target` (any registered content) that its status or answer changed.

    Title, URL, author and status label come from the content contract; never the actor themself. With
    `status_changed=False` (a new answer, same status) the notification says "has been updated". `also_ids`
    are more people to tell (a budget project's authors are those of the proposals it comes from).
    """
    entry = content.content_for(target)
    if entry is None:
        raise ValueError(f"{target._meta.label} is not registered content (see apps/core/content.py)")
    ids = selectors.follower_ids(target=target) if entry.has(Capability.FOLLOWABLE) else set()
    author_id = entry.author_id_of(target)
    if author_id:
        ids.add(author_id)
    ids |= set(also_ids)
    ids.discard(getattr(actor, "pk", None))
    recipients = _deliverable_users(ids)
    kinds = {user.pk: Notification.Kind.STATUS_CHANGED for user in recipients}
    status = getattr(target, entry.pipeline.field, "") if entry.pipeline else ""
    excerpt = _excerpt(answer)

    def data_for(language):
        with translation.override(language):
            title = _title_in(entry, target, language)
            status_label = entry.pipeline.label(status) if entry.pipeline and status_changed else ""
            try:
                url = entry.url_of(target)
            except NoReverseMatch:
                logger.warning("No URL for %r in notifications", target)
                url = ""
        return {
            "title": title,
            "url": url,
            "excerpt": excerpt,
            "actor_name": "",
            "status": status,
            "status_label": status_label,
        }

    return _create(recipients=recipients, kinds=kinds, actor=actor, target=target, data_for=data_for)


@transaction.atomic
def notify_content_reported(*, target, recipient_ids, url_for, hidden=False):
    """Tell moderators (`recipient_ids`) that `target` (registered content) was reported; the reporter stays
    anonymous. `url_for()` is the moderators' page, resolved in each recipient's language. E-mails follow each
    moderator's frequency (immediately, daily digest, never) like every other notification."""
    entry = content.content_for(target)
    if entry is None:
        raise ValueError(f"{target._meta.label} is not registered content (see apps/core/content.py)")
    recipients = _deliverable_users(recipient_ids)
    kinds = {user.pk: Notification.Kind.CONTENT_REPORTED for user in recipients}

    def data_for(language):
        with translation.override(language):
            url = url_for()
        title = Truncator(_title_in(entry, target, language)).chars(120)
        return {"title": title, "url": url, "excerpt": "", "actor_name": "", "hidden": bool(hidden)}

    return _create(recipients=recipients, kinds=kinds, actor=None, target=target, data_for=data_for)


@transaction.atomic
def notify_ballot_reclassified(*, target, recipient_ids, url_for, actor=None):
    """Tell voters (`recipient_ids`) that `target` (a project) was taken off their ballot during the vote.
    `url_for()` is the page where they may look at their ballot again, resolved in each recipient's language."""
    entry = content.content_for(target)
    recipients = _deliverable_users(set(recipient_ids) - {getattr(actor, "pk", None)})
    kinds = {user.pk: Notification.Kind.BALLOT_RECLASSIFIED for user in recipients}

    def data_for(language):
        with translation.override(language):
            try:
                url = url_for()
            except NoReverseMatch:
                url = ""
        return {"title": _title_in(entry, target, language), "url": url, "excerpt": "", "actor_name": ""}

    return _create(recipients=recipients, kinds=kinds, actor=actor, target=target, data_for=data_for)


# --- Reading -----------------------------------------------------------------------------------------------


def forget_unread_counts(user_ids):
    """The navbar's cached unread counts of these users (selectors.unread_count) are recomputed on their next page:
    now, and again once the caller's transaction commits (a page rendered meanwhile may have cached the old
    count)."""
    keys = [selectors.unread_cache_key(user_id) for user_id in set(user_ids)]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(partial(cache.delete_many, keys))


def notification_mark_read(*, notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
        forget_unread_counts([notification.recipient_id])
    return notification


def notifications_mark_all_read(*, user):
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread_counts([user.pk])
    return marked


# --- Preferences ---------------------------------------------------------------------------------------------


@transaction.atomic
def email_frequency_set(*, user, value):
    """Store how often `user` wants e-mails (the account settings page saves it through accounts' preferences)."""
    preference = NotificationPreference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        preference = NotificationPreference(user=user)
    elif preference.email_frequency == value:
        return preference
    preference.email_frequency = value
    preference.full_clean(validate_unique=False)  # one row per user: found above, or created here
    preference.save()
    user.notification_preference = preference  # the caller's user shows the new value
    audit_record(actor=user, action="notifications.set_email_frequency", target=user, data={"value": value})
    return preference


# --- E-mail delivery (called by Celery tasks) --------------------------------------------------------------


def _wants(user, frequency):
    return user.is_active and user.deleted_at is None and user.email and selectors.email_frequency_of(user) == frequency


@transaction.atomic
def notification_send_email(*, notification):
    """Send one notification to an 'immediate' user. Returns True when an e-mail left."""
    if not _wants(notification.recipient, EmailFrequency.IMMEDIATE):
        return False
    # Claim the row first, so a retried or duplicated task never sends twice; a failed send rolls the claim back.
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return False
    emails.notification_message(notification).send()
    return True


@transaction.atomic
def digest_send(*, user, now=None):
    """One e-mail listing a 'daily' user's notifications of the last 24 hours not yet e-mailed."""
    now = now or timezone.now()
    if not _wants(user, EmailFrequency.DAILY):
        return 0
    pending = list(selectors.digest_pending(user=user, since=now - DIGEST_WINDOW).select_for_update())
    if not pending:
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
    emails.digest_message(user, pending).send()
    return len(pending)


def digests_send_all(*, now=None):
    """Send every due daily digest; one transaction per user, so one failure does not block the others."""
    now = now or timezone.now()
    sent = 0
    for user in selectors.digest_recipients(now=now, window=DIGEST_WINDOW):
        try:
            if digest_send(user=user, now=now):
                sent += 1
        except Exception:
            logger.exception("Daily digest failed for user %s", user.pk)
    return sent
