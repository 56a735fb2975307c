from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from . import background
from .abuse import ensure_within_rate
from .content import content_for
from .models import AuditEntry

# Keys of audit details that can carry what a person wrote or who they are (file names, titles, object labels).
PERSONAL_AUDIT_KEYS = ("name", "title", "object", "original_name", "email", "display_name", "nickname")


def process_id_of(target):
    """The id of the process an audited object belongs to (itself for a process), or None."""
    if target is None:
        return None
    if target._meta.label == "spaces.Process":
        return target.pk
    process_id = getattr(target, "process_id", None)
    if process_id is None:
        registration = content_for(target)
        process = registration.process_of(target) if registration else None
        process_id = getattr(process, "pk", None)
    return process_id


def audit_record(*, actor, action, target=None, data=None, process=None):
    """Append an audit entry; call it inside the service's transaction.

    `process` defaults to the target's process (see process_id_of)."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        data=data or {},
        process_id=process.pk if process is not None else process_id_of(target),
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
    entry.save()
    return entry


def audit_forget(*, entries, keys=PERSONAL_AUDIT_KEYS):
    """Drop personal details from audit entries: who did what, and when, stays; names and texts go."""
    changed = []
    for entry in entries:
        data = entry.data if isinstance(entry.data, dict) else {}
        kept = {key: value for key, value in data.items() if key not in keys}
        if kept != entry.data:
            entry.data = kept
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["data"], batch_size=500)
    return len(changed)


def audit_entries_about(*, objects):
    """Audit entries whose target is one of `objects` (same model)."""
    objects = list(objects)
    if not objects:
        return AuditEntry.objects.none()
    content_type = ContentType.objects.get_for_model(objects[0])
    return AuditEntry.objects.filter(target_type=content_type, target_id__in=[str(obj.pk) for obj in objects])


def audit_export(user):
    """Data export section "audit_log": what the person did, as the audit log recorded it."""
    return [
        {
            "created_at": entry.created_at.isoformat(),
            "action": entry.action,
            "target_type": f"{entry.target_type.app_label}.{entry.target_type.model}" if entry.target_type_id else None,
            "target_id": entry.target_id,
            "data": entry.data,
        }
        for entry in AuditEntry.objects.filter(actor=user).select_related("target_type").order_by("created_at", "pk")
    ]


def audit_erase(user):
    """Account deletion: the person's own entries and the entries about their account lose names and texts.

    The Django admin's own log (django_admin_log) labels objects the same way, so its labels go too.
    """
    from django.contrib.admin.models import LogEntry

    about_user = audit_entries_about(objects=[user])
    audit_forget(entries=AuditEntry.objects.filter(actor=user))
    audit_forget(entries=about_user)
    user_type = ContentType.objects.get_for_model(user)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(object_repr="")


def site_sync():
    """Set the current Sites row from SITE_URL and SITE_NAME (the data migration does it once; seed_demo, which
    `make run HOST=...` runs with a matching SITE_URL, again). Returns the site."""
    from django.contrib.sites.models import Site

    from .sites import site_values

    values = site_values(site_url=settings.SITE_URL, site_name=settings.SITE_NAME)
    site, _created = Site.objects.update_or_create(pk=settings.SITE_ID, defaults=values)
    Site.objects.clear_cache()
    return site


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


def contact_message_queue(*, sender_key, name, email, subject, message):
    """The contact form's entry point: rate-limited per sender (an IP), then sent by a task after commit."""
    from .tasks import send_contact_message  # tasks import this module

    ensure_within_rate(
        key=f"contact:{sender_key}",
        rate=settings.CONTACT_RATE_LIMIT,
        message=_("You have sent several messages in a short time. Please try again in a few minutes."),
    )
    data = {"name": name, "email": email, "subject": subject, "message": message}
    background.enqueue(send_contact_message, **data)
