from celery import shared_task

from apps.core.tasks import MAIL_ERRORS, RETRY_POLICY

from .emails import Kind, registration_message
from .models import Registration


@shared_task(autoretry_for=MAIL_ERRORS, **RETRY_POLICY)
def send_registration_email(*, registration_id, kind):
    related = ("user", "event__process", "event__category")
    registration = Registration.objects.select_related(*related).filter(pk=registration_id).first()
    if registration is None or kind not in Kind.ALL or registration.user.deleted_at:
        return
    registration_message(registration, kind=kind).send()
