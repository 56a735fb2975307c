"""Carry every participant's e-mail frequency over from accounts.User (before accounts 0006 drops the column)."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    NotificationPreference = apps.get_model("notifications", "NotificationPreference")
    done = set(NotificationPreference.objects.values_list("user_id", flat=True))
    batch = []
    for pk, frequency in User.objects.values_list("pk", "email_frequency").order_by("pk").iterator():
        if pk not in done:
            batch.append(NotificationPreference(user_id=pk, email_frequency=frequency or "immediate"))
        if len(batch) >= 500:
            NotificationPreference.objects.bulk_create(batch)
            batch = []
    NotificationPreference.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    NotificationPreference = apps.get_model("notifications", "NotificationPreference")
    for user_id, frequency in NotificationPreference.objects.values_list("user_id", "email_frequency").iterator():
        User.objects.filter(pk=user_id).update(email_frequency=frequency)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_notificationpreference"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
