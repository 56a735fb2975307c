"""Back-office writes: process roles (appointments). Each asks its rule again and writes an audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.permissions import ensure_allowed
from apps.core.services import audit_record
from apps.spaces.models import ProcessRole


def _ensure_may_handle(*, actor, process, role):
    ensure_allowed("backoffice.manage_roles", user=actor, obj=process)
    if role == ProcessRole.Role.ADMIN:
        ensure_allowed("backoffice.appoint_process_admin", user=actor, obj=process)


def _roles_held(process, user):
    return sorted(ProcessRole.objects.filter(process=process, user=user).values_list("role", flat=True))


def _audit(*, actor, action, process, user, role, before):
    user.__dict__.pop("_pb_process_roles", None)  # spaces.selectors.roles_of caches them on the object
    audit_record(
        actor=actor,
        action=action,
        target=user,
        process=process,
        data={"role": role, "nickname": user.nickname, "before": before, "after": _roles_held(process, user)},
    )


@transaction.atomic
def process_role_add(*, actor, process, user, role):
    """Appoint `user` as `role` of `process` (evaluator or moderator; administrator for site administrators)."""
    if role not in ProcessRole.Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s.") % {"role": role}})
    _ensure_may_handle(actor=actor, process=process, role=role)
    before = _roles_held(process, user)
    if role in before:
        raise ValidationError(
            {"user": _("%(name)s already has this role in this process.") % {"name": user.nickname or user.email}}
        )
    process_role = ProcessRole(process=process, user=user, role=role)
    process_role.full_clean()
    process_role.save()
    _audit(actor=actor, action="backoffice.role_add", process=process, user=user, role=role, before=before)
    return process_role


@transaction.atomic
def process_role_remove(*, actor, process_role):
    """Take a role back; the person keeps their account and their other roles."""
    process_role = ProcessRole.objects.select_for_update().select_related("process", "user").get(pk=process_role.pk)
    process, user, role = process_role.process, process_role.user, process_role.role
    _ensure_may_handle(actor=actor, process=process, role=role)
    before = _roles_held(process, user)
    process_role.delete()
    _audit(actor=actor, action="backoffice.role_remove", process=process, user=user, role=role, before=before)
