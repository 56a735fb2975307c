from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task
def send_contact_message(*, name, email, subject, message):
    body = f"{name} <{email}>\n\n{message}"
    send_mail(f"[Contact] {subject}", body, settings.DEFAULT_FROM_EMAIL, settings.CONTACT_EMAILS)
