"""Back-office writes: process roles (appointments), imports run under their all-or-nothing policy, and the
audit entries of imports and exports. Each asks its rule again and writes an audit entry; an import's rows are
written by the owning app's services (its `apply_row`)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.permissions import ensure_allowed
from apps.core.services import audit_record
from apps.spaces.models import ProcessRole

from .imports import error_text


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


@dataclass
class ImportResult:
    rows: int = 0
    changed: int = 0
    errors: list = field(default_factory=list)  # [(line, reason)]

    @property
    def ok(self):
        return not self.errors

    @property
    def unchanged(self):
        return self.rows - self.changed


def _audit_import(*, actor, process, spec, filename, result):
    audit_record(
        actor=actor,
        action="backoffice.import" if result.ok else "backoffice.import_refused",
        target=process,
        process=process,
        data={
            "import": spec.key,
            "file": filename[:200],
            "rows": result.rows,
            "changed": result.changed,
            "errors": len(result.errors),
        },
    )


def _apply_row_by_row(spec, cleaned, actor, process, result):
    for line, value in cleaned:
        try:
            # A savepoint per row: a refusal by the service is listed, and the next rows are still checked.
            with transaction.atomic():
                if spec.apply_row(value, user=actor, process=process):
                    result.changed += 1
        except (ValidationError, PermissionDenied) as error:
            result.errors.append((line, error_text(error)))


def _apply_whole_file(spec, cleaned, actor, process, result):
    """The import sees every row at once (see imports.py); its reasons come with their line numbers."""
    try:
        with transaction.atomic():
            result.changed, errors = spec.apply_rows(cleaned, user=actor, process=process)
    except (ValidationError, PermissionDenied) as error:
        errors = [(1, error_text(error))]
    result.errors.extend(errors)


def import_run(*, spec, rows, actor, process, filename):
    """Check every row, then write them all in one transaction, or none (see imports.POLICY).

    `rows` is [(line, {column: text})]. Returns an ImportResult; the audit entry records the outcome either way.
    """
    ensure_allowed(spec.rule, user=actor, obj=process)
    result = ImportResult(rows=len(rows))
    cleaned = []
    for line, row in rows:
        try:
            cleaned.append((line, spec.clean_row(row, user=actor, process=process)))
        except (ValidationError, PermissionDenied) as error:
            result.errors.append((line, error_text(error)))
    if not result.errors:
        with transaction.atomic():
            if spec.apply_rows is not None:
                _apply_whole_file(spec, cleaned, actor, process, result)
            else:
                _apply_row_by_row(spec, cleaned, actor, process, result)
            if result.errors:
                result.changed = 0
                transaction.set_rollback(True)
    with transaction.atomic():
        _audit_import(actor=actor, process=process, spec=spec, filename=filename, result=result)
    return result


@transaction.atomic
def export_record(*, export, actor, process, fmt):
    """The audit entry of a download (who exported what, in which format)."""
    ensure_allowed(export.rule, user=actor, obj=process)
    return audit_record(
        actor=actor,
        action="backoffice.export",
        target=process,
        process=process,
        data={"export": export.key, "format": fmt},
    )
