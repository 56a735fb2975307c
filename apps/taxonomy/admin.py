from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from apps.spaces.admin import ProcessScopedAdminMixin

from .models import Category, Theme


@admin.register(Theme)
class ThemeAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "process", "position"]
    list_filter = ["process"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ("title_fr",)}


@admin.register(Category)
class CategoryAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    list_display = ["__str__", "process", "theme", "color", "icon"]
    list_filter = ["process", "theme"]
    search_fields = ["name"]
