from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

import pbplatform.celery  # noqa: F401 - the project's Celery app, configured, before any task is declared or sent

from .services import contact_message_send

# Every task retries transient failures with exponential back-off (1 s, 2 s, 4 s... up to 10 min, jittered);
# the time limits come from settings (CELERY_TASK_TIME_LIMIT and CELERY_TASK_SOFT_TIME_LIMIT).
RETRY_POLICY = {"retry_backoff": True, "retry_backoff_max": 600, "retry_jitter": True, "max_retries": 5}
MAIL_ERRORS = (SMTPException, ConnectionError)


@shared_task(autoretry_for=MAIL_ERRORS, **RETRY_POLICY)
def send_contact_message(*, name, email, subject, message):
    # The message is not stored (no personal data kept): the task carries the text itself. A failed send sent
    # nothing, so a retry cannot duplicate it.
    contact_message_send(name=name, email=email, subject=subject, message=message)


@shared_task(autoretry_for=(OperationalError,), **RETRY_POLICY)
def clear_expired_sessions():
    # Expired rows are never read again but stay in django_session until removed (Celery beat, daily).
    from django.core.management import call_command

    call_command("clearsessions")
