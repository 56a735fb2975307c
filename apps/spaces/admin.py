from django.contrib import admin
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from apps.taxonomy.models import Category, Theme

from .models import Phase, Process, ProcessPage, ProcessRole, SitePage
from .predicates import is_process_admin
from .selectors import TERMS_CACHE_KEY, processes_administered_by


class ProcessScopedAdminMixin:
    """Municipal agents see and edit only the processes they administer; site admins see everything.

    `process_field` is the lookup from the model to its process ("" for Process itself).
    """

    process_field = "process"

    def _process_of(self, obj):
        return obj if not self.process_field else getattr(obj, self.process_field)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        administered = processes_administered_by(user=request.user)
        lookup = f"{self.process_field}__in" if self.process_field else "pk__in"
        return queryset.filter(**{lookup: administered})

    def has_module_permission(self, request):
        return request.user.is_superuser or processes_administered_by(user=request.user).exists()

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return is_process_admin.test(request.user, self._process_of(obj))

    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def has_add_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "process" and not request.user.is_superuser:
            kwargs["queryset"] = processes_administered_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PhaseInline(TranslationTabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "title", "start_date", "end_date", "description"]


class ThemeInline(TranslationStackedInline):
    model = Theme
    extra = 0
    prepopulated_fields = {"slug": ("title_fr",)}
    fields = ["title", "slug", "summary", "description", "position"]


class CategoryInline(TranslationTabularInline):
    model = Category
    extra = 0
    fields = ["name", "theme", "parent", "color", "icon", "position"]


class ProcessPageInline(TranslationStackedInline):
    model = ProcessPage
    extra = 0
    prepopulated_fields = {"slug": ("title_fr",)}


class ProcessRoleInline(admin.TabularInline):
    model = ProcessRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Process)
class ProcessAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    process_field = ""
    list_display = ["title", "slug", "is_published", "start_date", "end_date", "scope"]
    list_filter = ["is_published", "eligibility"]
    search_fields = ["title", "slug", "scope"]
    prepopulated_fields = {"slug": ("title_fr",)}
    inlines = [PhaseInline, ThemeInline, CategoryInline, ProcessPageInline, ProcessRoleInline]
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "slug", "is_published", "hero_image")}),
        (_("Description"), {"fields": ("short_description", "description")}),
        (_("Dates and scope"), {"fields": ("start_date", "end_date", "scope", "budget_envelope", "pinned_phase")}),
        (_("Eligibility"), {"fields": ("eligibility", "eligible_postal_codes")}),
        (
            _("Participation settings"),
            {
                "classes": ("collapse",),
                "fields": (
                    "proposal_body_max_length", "proposal_title_help", "proposal_body_help", "proposals_per_user",
                    "proposal_edit_minutes", "supports_per_user", "support_threshold", "attachment_max_mb",
                    "attachments_per_proposal", "comment_max_length",
                ),
            },
        ),
    )

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        if not request.user.is_superuser:
            # Only site administrators appoint roles.
            instances = [i for i in instances if not isinstance(i, ProcessRoleInline)]
        return instances

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "pinned_phase":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Phase.objects.filter(process_id=object_id) if object_id else Phase.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Phase)
class PhaseAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "process", "kind", "start_date", "end_date"]
    list_filter = ["kind", "process"]
    search_fields = ["title"]


@admin.register(ProcessPage)
class ProcessPageAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "process", "slug", "position"]
    list_filter = ["process"]
    search_fields = ["title", "body"]


@admin.register(SitePage)
class SitePageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "version", "updated_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cache.delete(TERMS_CACHE_KEY)


@admin.register(ProcessRole)
class ProcessRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "process", "role"]
    list_filter = ["role", "process"]
    search_fields = ["user__email", "user__nickname"]
    autocomplete_fields = ["user"]
