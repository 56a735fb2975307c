"""The back-office for municipal agents: the Django admin, scoped to the processes each agent administers.

A process administrator (a user with a ProcessRole "admin", no staff flag needed: see
apps.core.admin_site.PBAdminSite) sees and edits only their processes and what hangs off them
(phases, themes, categories, pages). Site administrators (superusers) see everything and alone
create processes and appoint roles.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from apps.core.admin import AuditedAdminMixin
from apps.core.i18n import default_language_fieldname, localized_fieldnames
from apps.core.permissions import is_allowed
from apps.core.services import audit_record

from .models import Phase, Process, ProcessPage, ProcessRole, SitePage, overlap_message
from .predicates import is_site_admin, process_of
from .selectors import forget_terms_version, processes_administered_by

_PROCESS_INLINES = []


def register_process_inline(inline_class):
    """Feature apps add their inlines to the process form from their own admin.py (taxonomy: themes and
    categories), so spaces never imports them. Returns the class, so it can be used as a decorator."""
    if inline_class not in _PROCESS_INLINES:
        _PROCESS_INLINES.append(inline_class)
    return inline_class


def edited_object_id(request):
    """The primary key in the admin change URL (None on the add page)."""
    match = getattr(request, "resolver_match", None)
    return match.kwargs.get("object_id") if match else None


class ProcessScopedAdminMixin(AuditedAdminMixin):
    """Municipal agents see and edit only the processes they administer; site admins see everything.

    `process_field` is the lookup from the model to its process ("" for Process itself).
    """

    process_field = "process"

    def _process_of(self, obj):
        return obj if not self.process_field else getattr(obj, self.process_field)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_site_admin.test(request.user):
            return queryset
        administered = processes_administered_by(user=request.user)
        lookup = f"{self.process_field}__in" if self.process_field else "pk__in"
        return queryset.filter(**{lookup: administered})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not is_site_admin.test(request.user):
            # Out of this agent's processes (or missing): refuse instead of hinting at what exists.
            raise PermissionDenied(_("You can only manage the processes you administer."))
        return obj

    def has_module_permission(self, request):
        return is_allowed("spaces.manage_processes", request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return is_allowed("spaces.change_process", request.user, self._process_of(obj))

    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def has_add_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "process":
            kwargs["queryset"] = processes_administered_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProcessInlineMixin:
    """Inlines of the process form: allowed to whoever administers the process being edited.

    Django also asks without an object (InlineModelAdmin.get_queryset): the answer is then whether the person
    manages processes at all, since the formset only holds the edited process's rows and the change page
    itself is refused to anyone who does not administer that process. Answering "no" there showed process
    administrators empty inlines.
    """

    def _administers(self, request, obj=None):
        if obj is None:
            return is_allowed("spaces.manage_processes", request.user)
        return is_allowed("spaces.change_process", request.user, process_of(obj))

    def has_view_permission(self, request, obj=None):
        return self._administers(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._administers(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._administers(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._administers(request, obj)


class ProcessSettingsForm(forms.ModelForm):
    def has_changed(self):
        # A settings row is saved even when its defaults are left untouched, so the process gets it at once.
        return self.instance.pk is None or super().has_changed()


class ProcessSettingsInlineMixin(ProcessInlineMixin):
    """A feature's one-to-one settings of the process: one block, always there, never deleted."""

    form = ProcessSettingsForm
    extra = 1
    min_num = 0
    max_num = 1
    can_delete = False


class PhaseInlineFormSet(BaseInlineFormSet):
    """Validates the phases as submitted together: end after start, and no two phases overlap.

    Phase.clean() alone only compares a row with the phases already saved, so it neither sees two new
    overlapping rows nor lets an agent shift two adjacent phases in one save.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.skip_overlap_check = True
        return form

    def clean(self):
        super().clean()
        rows = []
        submitted_pks = set()
        for form in self.forms:
            if form.instance.pk:
                submitted_pks.add(form.instance.pk)
            if not getattr(form, "cleaned_data", None) or (self.can_delete and self._should_delete_form(form)):
                continue
            start, end = form.cleaned_data.get("start_date"), form.cleaned_data.get("end_date")
            if start and end and end >= start:
                rows.append(form.instance)
        if self.instance.pk:
            # Phases saved but not part of this submission still count.
            rows.extend(Phase.objects.filter(process=self.instance).exclude(pk__in=submitted_pks))
        rows.sort(key=lambda phase: (phase.start_date, phase.end_date))
        errors = []
        latest = None
        for phase in rows:
            if latest is not None and phase.start_date <= latest.end_date:
                errors.append(ValidationError(overlap_message(latest, phase), code="overlap"))
            if latest is None or phase.end_date > latest.end_date:
                latest = phase
        if errors:
            raise ValidationError(errors)


class PhaseInline(ProcessInlineMixin, TranslationTabularInline):
    model = Phase
    formset = PhaseInlineFormSet
    extra = 0
    ordering = ["start_date", "pk"]
    fields = ["kind", "title", "start_date", "end_date", "description"]


class ProcessPageInline(ProcessInlineMixin, TranslationStackedInline):
    model = ProcessPage
    extra = 0
    prepopulated_fields = {"slug": (default_language_fieldname("title"),)}
    fields = ["title", "slug", "body", "position"]


class ProcessRoleInline(admin.TabularInline):
    model = ProcessRole
    extra = 0
    autocomplete_fields = ["user"]

    def has_view_permission(self, request, obj=None):
        return is_allowed("spaces.appoint_roles", request.user)

    has_change_permission = has_view_permission
    has_add_permission = has_view_permission
    has_delete_permission = has_view_permission


class ProcessStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open now")), ("upcoming", _("Upcoming")), ("finished", _("Finished"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "open":
            return queryset.filter(start_date__lte=today, end_date__gte=today)
        if self.value() == "upcoming":
            return queryset.filter(start_date__gt=today)
        if self.value() == "finished":
            return queryset.filter(end_date__lt=today)
        return queryset


@admin.register(Process)
class ProcessAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    process_field = ""
    list_display = ["title", "slug", "is_published", "start_date", "end_date", "scope_label", "eligibility"]
    list_filter = [ProcessStatusFilter, "is_published", "eligibility", "scope"]
    search_fields = [*localized_fieldnames("title"), "slug", "scope"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": (default_language_fieldname("title"),)}
    inlines = [PhaseInline, ProcessPageInline]
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "slug", "is_published", "hero_image")}),
        (_("Description"), {"fields": ("short_description", "description")}),
        (_("Dates and scope"), {"fields": ("start_date", "end_date", "scope", "budget_envelope", "pinned_phase")}),
        (_("Eligibility"), {"fields": ("eligibility", "eligible_postal_codes")}),
    )

    @admin.display(description=_("scope"), ordering="scope")
    def scope_label(self, obj):
        return obj.scope_label

    def has_add_permission(self, request, obj=None):
        return is_allowed("spaces.add_process", request.user)

    def has_delete_permission(self, request, obj=None):
        return is_allowed("spaces.delete_process", request.user)

    def get_inlines(self, request, obj):
        # The process's own rows, then each feature app's, then the roles (site administrators only).
        return [*super().get_inlines(request, obj), *_PROCESS_INLINES, ProcessRoleInline]

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        if not is_allowed("spaces.appoint_roles", request.user):
            instances = [i for i in instances if not isinstance(i, ProcessRoleInline)]
        return instances

    def save_formset(self, request, form, formset, change):
        """Role changes made in the process form get an audit entry each (who, which role, before and after),
        as the back-office's role screen writes them."""
        if formset.model is not ProcessRole:
            return super().save_formset(request, form, formset, change)
        before = {role.pk: (role.user_id, role.role) for role in ProcessRole.objects.filter(process=form.instance)}
        super().save_formset(request, form, formset, change)
        process = form.instance
        for role in formset.new_objects:
            self._audit_role(request, process, "add", role, None, role.role)
        for role, _fields in formset.changed_objects:
            self._audit_role(request, process, "change", role, before.get(role.pk, (None, None))[1], role.role)
        for role in formset.deleted_objects:
            self._audit_role(request, process, "delete", role, role.role, None)

    def _audit_role(self, request, process, verb, role, was, now):
        audit_record(
            actor=request.user,
            action=f"admin.{verb}_processrole",
            target=role.user,
            process=process,
            data={"role": now or was, "before": was, "after": now},
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "pinned_phase":
            object_id = edited_object_id(request)
            kwargs["queryset"] = Phase.objects.filter(process_id=object_id) if object_id else Phase.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Phase)
class PhaseAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "process", "kind", "start_date", "end_date"]
    # RelatedOnlyFieldListFilter offers only the processes in the (scoped) changelist.
    list_filter = ["kind", ("process", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["process"]
    search_fields = [*localized_fieldnames("title"), "process__slug"]


@admin.register(ProcessPage)
class ProcessPageAdmin(ProcessScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "process", "slug", "position"]
    list_filter = [("process", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["process"]
    search_fields = [*localized_fieldnames("title"), "slug"]
    prepopulated_fields = {"slug": (default_language_fieldname("title"),)}


@admin.register(SitePage)
class SitePageAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["title", "slug", "version", "updated_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_terms_version()


@admin.register(ProcessRole)
class ProcessRoleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "process", "role"]
    list_filter = ["role", ("process", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "process"]
    search_fields = ["user__email", "user__nickname", "process__slug"]
    autocomplete_fields = ["user"]
