from celery import shared_task

from .services import contact_message_send


@shared_task
def send_contact_message(*, name, email, subject, message):
    # The message is not stored (no personal data kept): the task carries the text itself.
    contact_message_send(name=name, email=email, subject=subject, message=message)


@shared_task
def clear_expired_sessions():
    # Expired rows are never read again but stay in django_session until removed (Celery beat, daily).
    from django.core.management import call_command

    call_command("clearsessions")
