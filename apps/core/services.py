from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage

from .models import AuditEntry


def audit_record(*, actor, action, target=None, data=None):
    """Append an audit entry; call it inside the service's transaction."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        data=data or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
    entry.save()
    return entry


def _one_line(value):
    return " ".join(str(value).split())


def contact_message_send(*, name, email, subject, message):
    """E-mail a contact-form message to the organisers (settings.CONTACT_EMAILS); replies go to the sender."""
    recipients = list(settings.CONTACT_EMAILS)
    if not recipients:
        return 0
    body = f"{_one_line(name)} <{email}>\n\n{message}"
    mail = EmailMessage(
        subject=f"[Contact] {_one_line(subject)}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[email],
    )
    return mail.send()
