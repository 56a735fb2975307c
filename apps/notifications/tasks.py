from celery import shared_task
from django.db import OperationalError

from apps.core.tasks import MAIL_ERRORS, RETRY_POLICY

from . import services
from .models import Notification


# Retrying is safe: each send claims its rows (`emailed_at`) inside the transaction that sends, so a failed
# attempt rolls its claim back and a repeated one sends nothing twice.
@shared_task(autoretry_for=(*MAIL_ERRORS, OperationalError), **RETRY_POLICY)
def send_notification_email(notification_id):
    notification = (
        Notification.objects.select_related("recipient__notification_preference").filter(pk=notification_id).first()
    )
    if notification is not None:
        services.notification_send_email(notification=notification)


# One run sends every daily digest, one e-mail after the other: it gets more time than the default limits.
@shared_task(autoretry_for=(OperationalError,), soft_time_limit=25 * 60, time_limit=30 * 60, **RETRY_POLICY)
def send_daily_digests():
    return services.digests_send_all()
