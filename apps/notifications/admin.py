from django.contrib import admin

from apps.core.admin import AuditedAdminMixin

from .models import NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Site administrators can still change someone's e-mail frequency (it used to be on the user form)."""

    list_display = ["user", "email_frequency"]
    list_filter = ["email_frequency"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__nickname"]
    raw_id_fields = ["user"]
