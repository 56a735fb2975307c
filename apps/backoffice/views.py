from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.http import form_errors_from
from apps.core.pagination import CappedPaginator
from apps.core.permissions import is_allowed, refusal_reason
from apps.spaces.models import Process, ProcessRole

from . import selectors, services
from .exports import FORMAT_LABELS, Format, export_response, get_export, registered_exports
from .filters import AuditEntryFilter
from .forms import ImportForm, RoleAppointForm
from .imports import POLICY, get_import, registered_imports
from .tools import staff_tools_for

AUDIT_PAGE_SIZE = 50


def home(request):
    """What is waiting for this staff member, process by process and role by role."""
    context = {
        "work": selectors.waiting_work(user=request.user),
        "tools": staff_tools_for(request.user),
        "can_use_admin": is_allowed("backoffice.enter_admin", request.user),
        "can_read_audit_log": is_allowed("backoffice.view_audit_log", request.user),
    }
    return render(request, "backoffice/home.html", context)


def process_from_url(request, slug, **kwargs):
    return get_object_or_404(Process, slug=slug)


def role_process_from_url(request, pk, **kwargs):
    return get_object_or_404(ProcessRole.objects.select_related("process"), pk=pk).process


def roles(request, slug):
    """The staff of a process; its administrators appoint evaluators and moderators here."""
    process = get_object_or_404(Process, slug=slug)
    form = RoleAppointForm(request.POST or None, actor=request.user, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.process_role_add(
                actor=request.user, process=process, user=form.cleaned_data["who"], role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            form_errors_from(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The role has been given."))
            return redirect("backoffice:roles", slug=process.slug)
    rows = [
        {
            "role": role,
            "may_remove": role.role != ProcessRole.Role.ADMIN
            or is_allowed("backoffice.appoint_process_admin", request.user, process),
        }
        for role in selectors.process_roles(process=process)
    ]
    return render(request, "backoffice/roles.html", {"process": process, "form": form, "rows": rows})


@require_POST
def role_remove(request, pk):
    process_role = get_object_or_404(ProcessRole.objects.select_related("process"), pk=pk)
    try:
        services.process_role_remove(actor=request.user, process_role=process_role)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The role has been removed."))
    return redirect("backoffice:roles", slug=process_role.process.slug)


def audit_log(request):
    """Who did what, on which object, when: filtered, paginated, read-only."""
    entries = selectors.audit_entries_visible_to(user=request.user)
    processes = selectors.audit_processes_visible_to(user=request.user)
    filterset = AuditEntryFilter(request.GET or None, queryset=entries, processes=processes)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else entries
    page = CappedPaginator(queryset, AUDIT_PAGE_SIZE, page=request.GET.get("page")).get_page()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": selectors.audit_rows(entries=page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "backoffice/audit_log.html", context)


def _allowed(items, user, process):
    return [item for item in items if is_allowed(item.rule, user, process)]


def transfers(request, slug):
    """The exports (every format) and the imports of one process this person may run."""
    process = process_from_url(request, slug)
    context = {
        "process": process,
        "exports": _allowed(registered_exports(), request.user, process),
        "imports": _allowed(registered_imports(), request.user, process),
        "formats": [(fmt, FORMAT_LABELS[fmt]) for fmt in Format.ALL],
    }
    return render(request, "backoffice/transfers.html", context)


@require_GET
def export_download(request, slug, key, fmt):
    process = process_from_url(request, slug)
    export = get_export(key)
    if export is None or fmt not in Format.ALL:
        raise Http404
    reason = refusal_reason(export.rule, request.user, process)
    if reason:
        raise PermissionDenied(reason)
    services.export_record(export=export, actor=request.user, process=process, fmt=fmt)
    return export_response(export, user=request.user, process=process, fmt=fmt)


def import_upload(request, slug, key):
    """Upload a file; every row is checked, then all are written or none (POLICY, shown on the page)."""
    process = process_from_url(request, slug)
    spec = get_import(key)
    if spec is None:
        raise Http404
    reason = refusal_reason(spec.rule, request.user, process)
    if reason:
        raise PermissionDenied(reason)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None, spec=spec)
    if request.method == "POST" and form.is_valid():
        result = services.import_run(
            spec=spec, rows=form.rows, actor=request.user, process=process, filename=form.cleaned_data["file"].name
        )
        if result.ok:
            form = ImportForm(spec=spec)
    context = {"process": process, "spec": spec, "form": form, "result": result, "policy": POLICY}
    return render(request, "backoffice/import.html", context)
