from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.spaces.admin import ProcessSettingsInlineMixin, register_process_inline

from .models import Support, SupportSettings


@register_process_inline
class SupportSettingsInline(ProcessSettingsInlineMixin, admin.StackedInline):
    model = SupportSettings
    fields = ["supports_per_user", "support_threshold"]


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    """Read-only: supports change only through the services, which keep Proposal.support_count right."""

    list_display = ("proposal", "user", "process", "created_at")
    list_filter = ("process",)
    list_select_related = ("proposal", "user", "process")
    search_fields = ("proposal__reference", "proposal__title", "user__nickname")
    raw_id_fields = ("user", "proposal", "process")

