from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.spaces.admin import ProcessSettingsInlineMixin, register_process_inline

from .models import Block, ModeratedItem, ModerationSettings, Report


@register_process_inline
class ModerationSettingsInline(ProcessSettingsInlineMixin, admin.StackedInline):
    model = ModerationSettings
    fields = ["hide_threshold"]


@admin.register(ModeratedItem)
class ModeratedItemAdmin(ReadOnlyAdmin):
    """Read-only: decisions are taken in the back-office's moderation queue (services write the audit log)."""

    list_display = ("pk", "content_type", "object_id", "process", "status", "report_count", "hidden_at")
    list_filter = ("status", "content_type")
    list_select_related = ("content_type", "process")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("item", "reporter", "reason", "created_at")
    list_filter = ("reason",)
    list_select_related = ("reporter",)


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    list_display = ("user", "blocked_by", "created_at", "lifted_at")
    list_select_related = ("user", "blocked_by")
