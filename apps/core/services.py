from django.contrib.contenttypes.models import ContentType

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
