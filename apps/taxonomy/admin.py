from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from apps.core.i18n import default_language_fieldname, localized_fieldnames
from apps.spaces.admin import ProcessInlineMixin, ProcessScopedAdminMixin, edited_object_id, register_process_inline
from apps.spaces.selectors import processes_administered_by

from .models import Category, Theme

# RelatedOnlyFieldListFilter offers only the processes and themes present in the (scoped) changelist.
PROCESS_FILTER = ("process", admin.RelatedOnlyFieldListFilter)


@register_process_inline
class ThemeInline(ProcessInlineMixin, TranslationStackedInline):
    model = Theme
    extra = 0
    prepopulated_fields = {"slug": (default_language_fieldname("title"),)}
    fields = ["title", "slug", "summary", "description", "position"]


@register_process_inline
class CategoryInline(ProcessInlineMixin, TranslationTabularInline):
    model = Category
    extra = 0
    fields = ["name", "theme", "parent", "color", "icon", "position"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this process's themes and top-level categories can be chosen.
        process_id = edited_object_id(request)
        if db_field.name == "theme":
            kwargs["queryset"] = Theme.objects.filter(process_id=process_id) if process_id else Theme.objects.none()
        elif db_field.name == "parent":
            kwargs["queryset"] = (
                Category.objects.filter(process_id=process_id, parent__isnull=True)
                if process_id
                else Category.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)



@admin.register(Theme)
class ThemeAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "process", "position"]
    list_filter = [PROCESS_FILTER]
    list_select_related = ["process"]
    search_fields = [*localized_fieldnames("title"), "slug"]
    prepopulated_fields = {"slug": (default_language_fieldname("title"),)}


@admin.register(Category)
class CategoryAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    list_display = ["__str__", "process", "theme", "color", "icon", "position"]
    list_filter = [PROCESS_FILTER, ("theme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["process", "theme", "parent"]
    search_fields = localized_fieldnames("name")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Themes and parents: top-level categories of the processes this agent administers.
        if db_field.name in {"theme", "parent"}:
            model = Theme if db_field.name == "theme" else Category
            queryset = model.objects.select_related("process")
            if db_field.name == "parent":
                queryset = queryset.filter(parent__isnull=True)
            queryset = queryset.filter(process__in=processes_administered_by(user=request.user))
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
