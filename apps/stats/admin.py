from django.contrib import admin

from apps.core.admin import AuditedAdminMixin, ModelPermissionsAdminMixin, ReadOnlyAdmin

from .models import OpenDataBuild, OpenDataSettings, StatsSnapshot


@admin.register(OpenDataSettings)
class OpenDataSettingsAdmin(AuditedAdminMixin, ModelPermissionsAdminMixin, admin.ModelAdmin):
    """One row: the licence of the open data (the zips are rebuilt with it, their fingerprint includes it)."""

    list_display = ("licence", "attribution", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not OpenDataSettings.objects.exists()


@admin.register(StatsSnapshot)
class StatsSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("key", "process", "computed_at", "duration_ms")
    list_select_related = ("process",)
    exclude = ("data",)


@admin.register(OpenDataBuild)
class OpenDataBuildAdmin(ReadOnlyAdmin):
    list_display = ("process", "built_at", "size", "duration_ms", "sha256")
    list_select_related = ("process",)
