from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from apps.spaces.admin import (
    ProcessInlineMixin,
    ProcessScopedAdminMixin,
    ProcessSettingsInlineMixin,
    edited_object_id,
    register_process_inline,
)
from apps.spaces.selectors import processes_administered_by

from . import services
from .models import Proposal, ProposalAttachment, ProposalSettings, ReviewCriterion
from .pipeline import PIPELINE


@register_process_inline
class ProposalSettingsInline(ProcessSettingsInlineMixin, TranslationStackedInline):
    model = ProposalSettings
    fields = [
        "proposal_body_max_length", "proposal_title_help", "proposal_body_help", "proposals_per_user",
        "proposal_edit_minutes", "attachment_max_mb", "attachments_per_proposal",
        "review_due_date", "evaluators_publish_answers", "map_latitude", "map_longitude", "map_zoom",
    ]


@register_process_inline
class ReviewCriterionInline(ProcessInlineMixin, TranslationTabularInline):
    """The process's feasibility criteria grid, one label per language."""

    model = ReviewCriterion
    extra = 0
    fields = ["label", "position"]


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
    # RelatedOnlyFieldListFilter offers only the categories and processes present in the (scoped) changelist.
    list_filter = [
        "status",
        "is_official",
        ("category", admin.RelatedOnlyFieldListFilter),
        ("process", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "reference"]
    list_select_related = ["process"]
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

    # Staff answer and moderate proposals; they never rewrite what a participant wrote, never read drafts
    # (private to their author, as the proposals.view_proposal rule says) and never delete (withdrawal is
    # the author's; moderation hides).
    PARTICIPANT_FIELDS = ("process", "author", "is_official")
    PARTICIPANT_TEXT = ("title", "body")

    def get_queryset(self, request):
        # A draft is seen by its author only (an official draft by the agent who started it).
        return super().get_queryset(request).filter(~Q(status=Proposal.Status.DRAFT) | Q(author=request.user))

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in {"category", "theme"}:
            # Only the edited proposal's process's categories and themes (on the add page: those of the
            # processes this person administers), not every process's.
            object_id = edited_object_id(request)
            if object_id:
                processes = Proposal.objects.filter(pk=object_id).values("process_id")
            else:
                processes = processes_administered_by(user=request.user)
            kwargs["queryset"] = db_field.related_model.objects.filter(process__in=processes).select_related("process")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("status", Proposal.Status.PUBLISHED)
        return initial

    def get_fieldsets(self, request, obj=None):
        # A proposal added here is an official one, by the staff member adding it: never typed in a citizen's
        # name (paper proposals have their own path). The author is shown as text: Django would link it to the
        # user admin, which process administrators cannot open.
        fieldsets = super().get_fieldsets(request, obj)
        (name, options), *rest = fieldsets
        fields = [field for field in options["fields"] if obj is not None or field not in {"author", "is_official"}]
        fields = ["author_name" if field == "author" else field for field in fields]
        return ((name, {**options, "fields": tuple(fields)}), *rest)

    @admin.display(description=_("author"))
    def author_name(self, obj):
        return obj.author.public_name if obj and obj.author_id else "-"

    def get_readonly_fields(self, request, obj=None):
        # The status moves only through services.proposal_status_set (the pipeline); new official proposals start
        # as a draft or published.
        # A saved proposal's process, author and officialness are fixed, and a participant's words are theirs.
        readonly = [*super().get_readonly_fields(request, obj), "author_name"]
        if obj is None:
            return readonly
        locked = self.PARTICIPANT_FIELDS if obj.is_official else self.PARTICIPANT_FIELDS + self.PARTICIPANT_TEXT
        return [*readonly, "status", *(name for name in locked if name not in readonly)]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            kwargs["choices"] = [
                (value, label) for value, label in Proposal.Status.choices if value in PIPELINE.initial
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author, obj.is_official = request.user, True
        services.proposal_admin_save(proposal=obj, actor=request.user, is_new=not change)
