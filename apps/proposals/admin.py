from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from apps.spaces.admin import ProcessScopedAdminMixin, ProcessSettingsInlineMixin, register_process_inline

from . import services
from .models import Proposal, ProposalAttachment, ProposalSettings
from .pipeline import PIPELINE


@register_process_inline
class ProposalSettingsInline(ProcessSettingsInlineMixin, TranslationStackedInline):
    model = ProposalSettings
    fields = [
        "proposal_body_max_length", "proposal_title_help", "proposal_body_help", "proposals_per_user",
        "proposal_edit_minutes", "attachment_max_mb", "attachments_per_proposal",
    ]


class ProposalAttachmentInline(admin.TabularInline):
    model = ProposalAttachment
    extra = 0
    fields = ["kind", "title", "file", "original_name", "size"]
    readonly_fields = ["kind", "file", "original_name", "size"]

    def has_add_permission(self, request, obj=None):
        # Uploads go through the checked upload path (type by content, re-encoding), not the raw admin widget.
        return False


@admin.register(Proposal)
class ProposalAdmin(ProcessScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "reference", "process", "status", "is_official", "support_count", "published_at"]
    list_filter = ["status", "is_official", "category", "process"]
    search_fields = ["title", "reference"]
    list_select_related = ["process"]
    raw_id_fields = ["author"]
    readonly_fields = ["reference", "published_at", "withdrawn_at", "support_count", "comment_count", "wizard_step"]
    inlines = [ProposalAttachmentInline]
    fieldsets = (
        (None, {"fields": ("process", "title", "body", "is_official", "author", "status")}),
        (_("Classification and place"), {"fields": ("category", "theme", "address", "latitude", "longitude")}),
        (
            _("Publication"),
            {"fields": ("reference", "published_at", "withdrawn_at", "support_count", "comment_count", "wizard_step")},
        ),
    )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("is_official", True)
        initial.setdefault("status", Proposal.Status.PUBLISHED)
        initial.setdefault("author", request.user.pk)
        return initial

    def get_readonly_fields(self, request, obj=None):
        # The status moves only through services.proposal_status_set (the pipeline); new official proposals start
        # as a draft or published.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "status"] if obj is not None else readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            kwargs["choices"] = [
                (value, label) for value, label in Proposal.Status.choices if value in PIPELINE.initial
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        services.proposal_admin_save(proposal=obj, actor=request.user, is_new=not change)
