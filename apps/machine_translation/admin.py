from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin

from .models import MachineTranslation


@admin.register(MachineTranslation)
class MachineTranslationAdmin(ReadOnlyAdmin):
    """Translations are the provider's work: they are looked at here, never edited."""

    list_display = ("content_type", "object_id", "field", "language", "source_language", "provider", "updated_at")
    list_filter = ("language", "provider", "content_type")
