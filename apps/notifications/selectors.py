from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.accounts.models import User

from .models import EmailFrequency, Follow, Notification, NotificationPreference


def _target_filter(target):
    return {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}


def is_following(*, user, target):
    if not getattr(user, "is_authenticated", False) or target is None or target.pk is None:
        return False
    return Follow.objects.filter(user=user, **_target_filter(target)).exists()


def follower_ids(*, target):
    """Ids of the active, non-deleted users following `target`."""
    return set(
        Follow.objects.filter(
            **_target_filter(target), user__is_active=True, user__deleted_at__isnull=True
        ).values_list("user_id", flat=True)
    )


UNREAD_CACHE_SECONDS = 120


def unread_cache_key(user_id):
    return f"notifications:unread:{user_id}"


def unread_count(*, user):
    """The navbar badge on every page: one COUNT query, then kept in the cache for a short while. The services that
    create or read notifications forget it (services.forget_unread_counts); the timeout bounds anything else."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def notification_list(*, user):
    """Newest first. Everything a row shows is in `data`: no query per row."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def digest_pending(*, user, since):
    """A daily-digest user's notifications not yet e-mailed, created after `since`, oldest first."""
    return Notification.objects.filter(recipient=user, emailed_at__isnull=True, created_at__gte=since).order_by(
        "created_at", "pk"
    )


def with_email_frequency(users):
    """Annotate each user's e-mail frequency (the default when they never chose one): one query for a list."""
    return users.annotate(
        email_frequency=Coalesce(F("notification_preference__email_frequency"), Value(EmailFrequency.IMMEDIATE))
    )


def email_frequency_of(user):
    """How often `user` wants e-mails: as annotated by with_email_frequency, else from their preference row."""
    annotated = getattr(user, "email_frequency", None)
    if annotated:
        return annotated
    try:
        return user.notification_preference.email_frequency
    except NotificationPreference.DoesNotExist:
        return EmailFrequency.IMMEDIATE


def digest_recipients(*, now=None, window=timedelta(hours=24)):
    """Active 'daily' users having at least one notification not yet e-mailed in the window (one query)."""
    since = (now or timezone.now()) - window
    return with_email_frequency(
        User.objects.filter(
            notification_preference__email_frequency=EmailFrequency.DAILY,
            is_active=True,
            deleted_at__isnull=True,
            pk__in=Notification.objects.filter(emailed_at__isnull=True, created_at__gte=since).values("recipient_id"),
        )
    ).order_by("pk")
