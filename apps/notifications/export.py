"""What the notifications app holds about a user, for "download my data"."""

from .models import EmailFrequency, Follow, Notification, NotificationPreference
from .services import forget_unread_counts


def export_follows(user):
    return [
        {
            "target_type": follow.content_type.app_label + "." + follow.content_type.model,
            "target_id": follow.object_id,
            "created_at": follow.created_at.isoformat(),
        }
        for follow in Follow.objects.filter(user=user).select_related("content_type").order_by("created_at", "pk")
    ]


def export_notifications(user):
    return [
        {
            "kind": notification.kind,
            "data": notification.data,
            "created_at": notification.created_at.isoformat(),
            "read_at": notification.read_at.isoformat() if notification.read_at else None,
            "emailed_at": notification.emailed_at.isoformat() if notification.emailed_at else None,
        }
        for notification in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]


def erase_user_data(user):
    """On account deletion: a deleted participant follows nothing and receives nothing, and other people's
    notifications no longer carry their name (the list then says "Someone")."""
    Follow.objects.filter(user=user).delete()
    NotificationPreference.objects.update_or_create(user=user, defaults={"email_frequency": EmailFrequency.NEVER})
    Notification.objects.filter(recipient=user).delete()
    forget_unread_counts([user.pk])
    named = []
    for notification in Notification.objects.filter(actor=user).exclude(data__actor_name=""):
        notification.data = {**notification.data, "actor_name": ""}
        named.append(notification)
    Notification.objects.bulk_update(named, ["data"], batch_size=500)
