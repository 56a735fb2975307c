from celery import shared_task

from . import services
from .models import Notification


@shared_task
def send_notification_email(notification_id):
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is not None:
        services.notification_send_email(notification=notification)


@shared_task
def send_daily_digests():
    return services.digests_send_all()
