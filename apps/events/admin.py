"""The events settings in the process form; events themselves are read here only (they change through the
services, from the site and the back-office)."""

from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.spaces.admin import ProcessSettingsInlineMixin, register_process_inline

from .models import Event, EventSettings, Registration


@register_process_inline
class EventSettingsInline(ProcessSettingsInlineMixin, admin.StackedInline):
    model = EventSettings
    fields = ["participants_may_create"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("pk", "title", "process", "kind", "status", "start_at", "registered_count", "waiting_count")
    list_filter = ("status", "kind", "registration_type")
    search_fields = ("title",)
    list_select_related = ("process",)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "event", "user", "status", "code", "confirmed_at", "waiting_since")
    list_filter = ("status",)
    list_select_related = ("event", "user")
