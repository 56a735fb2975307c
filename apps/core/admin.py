import json

from django.contrib import admin
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _

from .audit_labels import action_label
from .models import AuditEntry
from .services import audit_record


def has_model_permission(user, perm):
    """Django's model permission (site configuration in the admin), even where a rule owns the same name.

    `user.has_perm("comments.view_comment")` asks the rule (apps/core/backends.py), which is about a
    participant seeing a comment on the site, not about site staff browsing the table in the admin."""
    if not user.is_active:
        return False
    return user.is_superuser or ModelBackend().has_perm(user, perm)


class ModelPermissionsAdminMixin:
    """Site-configuration admins answer with Django's model permissions, never a same-named participation rule."""

    def _model_perm(self, request, action):
        return has_model_permission(request.user, f"{self.opts.app_label}.{action}_{self.opts.model_name}")

    def has_module_permission(self, request):
        return request.user.is_active and (
            request.user.is_superuser or ModelBackend().has_module_perms(request.user, self.opts.app_label)
        )

    def has_view_permission(self, request, obj=None):
        return self._model_perm(request, "view") or self._model_perm(request, "change")

    def has_add_permission(self, request):
        return self._model_perm(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._model_perm(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._model_perm(request, "delete")


class ReadOnlyAdmin(ModelPermissionsAdminMixin, admin.ModelAdmin):
    """For rows that change only through services, which keep counters and audit entries right."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_label", "target_type", "target_id", "process_id"]
    list_filter = ["action"]
    search_fields = ["action", "actor__email", "target_id"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields] + ["target"]

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, entry):
        return action_label(entry.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The log is append-only: nobody deletes an entry, site administrators included.
        return False


class AuditedAdminMixin:
    """Back-office edits are written to the audit log too (Django's admin log keeps its own copy).

    The admin's log hooks run inside the same transaction as the change, like a service's audit entry.
    """

    def _audit(self, request, action, obj, message=""):
        audit_record(
            actor=request.user,
            action=f"admin.{action}_{obj._meta.model_name}",
            target=obj,
            # The admin builds messages with lazy labels; keep a JSON-safe copy.
            data={"object": str(obj), "change": json.loads(json.dumps(message, default=str))},
        )

    def log_addition(self, request, obj, message):
        self._audit(request, "add", obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, "change", obj, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, "delete", obj)
        return super().log_deletions(request, queryset)
