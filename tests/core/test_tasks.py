from smtplib import SMTPServerDisconnected
from unittest import mock

from django.core import mail
from django.core.mail import EmailMessage

from apps.core.tasks import send_contact_message


def test_a_contact_message_that_fails_to_leave_is_retried_and_sent_once(settings):
    settings.CONTACT_EMAILS = ["mairie@example.org"]
    real_send = EmailMessage.send
    attempts = []

    def flaky_send(message, *args, **kwargs):
        attempts.append(message.subject)
        if len(attempts) == 1:
            raise SMTPServerDisconnected("connection lost")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(EmailMessage, "send", flaky_send):
        send_contact_message.apply(
            kwargs={"name": "Camille", "email": "camille@example.org", "subject": "Vote", "message": "Bonjour"},
            throw=False,
        )
    assert len(attempts) == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mairie@example.org"]


def test_every_task_retries_with_back_off():
    import importlib
    import importlib.util

    from celery import current_app
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("apps.") and importlib.util.find_spec(f"{config.name}.tasks"):
            importlib.import_module(f"{config.name}.tasks")
    ours = [task for name, task in current_app.tasks.items() if name.startswith("apps.")]
    assert {"apps.core.tasks.send_contact_message", "apps.notifications.tasks.send_daily_digests"} <= {
        task.name for task in ours
    }
    for task in ours:
        assert task.autoretry_for, task.name
        assert task.retry_backoff and task.max_retries, task.name
