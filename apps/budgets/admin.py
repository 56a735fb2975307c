"""The Django admin of budgets and projects, scoped to the processes each agent administers.

Agents work in the back-office screens (backoffice_views.py); the admin is the staff's fallback. Every save goes
through project_services (the same checks and audit entries), the status moves only through the pipeline
(project_status_set, read-only here) and the census is read-only (it is uploaded as CSV)."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from apps.spaces.admin import (
    ProcessInlineMixin,
    ProcessScopedAdminMixin,
    ProcessSettingsInlineMixin,
    edited_object_id,
    register_process_inline,
)
from apps.spaces.selectors import processes_administered_by

from . import project_services
from .models import Budget, CensusEntry, Project, ProjectImage, VotingSettings


@register_process_inline
class VotingSettingsInline(ProcessSettingsInlineMixin, admin.StackedInline):
    model = VotingSettings
    fields = [
        "voter_scope",
        "district_voters_also_city_wide",
        "minimum_age",
        "residency",
        "paper_double_entry",
    ]


@admin.register(Budget)
class BudgetAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "process", "ballot_kind", "total_amount", "currency", "population", "position"]
    list_filter = ["ballot_kind", ("process", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title"]
    list_select_related = ["process"]
    fieldsets = (
        (None, {"fields": ("process", "title", "description", "position")}),
        (_("Amounts"), {"fields": ("total_amount", "currency", "population")}),
        (_("District"), {"fields": ("district", "district_postal_codes")}),
        (
            _("Ballot"),
            {
                "fields": (
                    "ballot_kind",
                    "min_projects",
                    "max_projects",
                    "min_spend_percent",
                    "points_total",
                    "max_points_per_project",
                    "ballot_is_final",
                )
            },
        ),
    )

    def has_delete_permission(self, request, obj=None):
        # Ballots protect their budget; a budget is emptied and kept rather than deleted.
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("process")
            if obj.ballots.exists():
                readonly.extend(project_services.BALLOT_RULE_FIELDS)
        return readonly

    def save_model(self, request, obj, form, change):
        project_services.budget_admin_save(budget=obj, actor=request.user, is_new=not change)


class ProjectImageInline(ProcessInlineMixin, admin.TabularInline):
    """Allowed to whoever administers the project's process (process_of(project) is its budget's process)."""

    model = ProjectImage
    extra = 0
    fields = ["image", "alt_text", "position"]
    readonly_fields = ["image"]

    def has_add_permission(self, request, obj=None):
        # Images are added from the back-office's project form, which checks and re-encodes them.
        return False


class ProjectAdminForm(forms.ModelForm):
    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            # A new upload: checked by its content and re-encoded without metadata, as on the back-office form.
            return project_services.clean_project_image(image)
        return image


@admin.register(Project)
class ProjectAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    form = ProjectAdminForm
    process_field = "budget__process"
    list_display = ["title", "budget", "status", "cost", "category", "external_id"]
    list_filter = ["status", ("budget", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "external_id"]
    list_select_related = ["budget", "category"]
    inlines = [ProjectImageInline]
    readonly_fields = ["status", "source_proposals"]
    fieldsets = (
        (None, {"fields": ("budget", "title", "description", "status", "cost", "external_id", "position")}),
        (_("Classification and place"), {"fields": ("category", "address", "latitude", "longitude", "image")}),
        (_("Origin"), {"fields": ("source_proposals",)}),
    )

    def _process_of(self, obj):
        return obj.budget.process

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("proposals"))
    def source_proposals(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return ", ".join(p.reference or p.title for p in obj.proposals.all()) or "-"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Moving a project fixes the ballots that hold it: the back-office's "move" does it.
            readonly.append("budget")
            if project_services.cost_is_fixed(obj):
                readonly.append("cost")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        object_id = edited_object_id(request)
        if object_id:
            processes = Project.objects.filter(pk=object_id).values("budget__process_id")
        else:
            processes = processes_administered_by(user=request.user)
        if db_field.name == "budget":
            kwargs["queryset"] = Budget.objects.filter(process__in=processes).select_related("process")
        elif db_field.name == "category":
            kwargs["queryset"] = db_field.related_model.objects.filter(process__in=processes).select_related("process")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        project_services.project_admin_save(project=obj, actor=request.user, is_new=not change)


@admin.register(CensusEntry)
class CensusEntryAdmin(ProcessScopedAdminMixin, admin.ModelAdmin):
    """Read-only: the census is uploaded as CSV; verification links accounts to it."""

    list_display = ["postal_code", "district", "birth_date", "short_hash", "verified", "verified_at", "process"]
    list_filter = ["district", ("process", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["postal_code", "district"]
    list_select_related = ["process"]
    fields = ["process", "postal_code", "district", "birth_date", "short_hash", "verified", "verified_at"]
    readonly_fields = fields

    @admin.display(description=_("document number (hashed)"))
    def short_hash(self, obj):
        return f"{obj.document_hash[:10]}…" if obj.document_hash else "-"

    @admin.display(description=_("verified"), boolean=True)
    def verified(self, obj):
        return obj.user_id is not None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
