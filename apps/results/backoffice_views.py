"""The process administrators' results screens in the back-office: the list with bulk updates, a result's form, the
results made from the winning projects, a result's timeline, the statuses and the roll-up setting.

Each URL is built with its named rule in backoffice_urls.py; the views only check the form, call one service and
answer (a refusal goes next to its field, never a 500). They work without JavaScript."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.http import FAILED, render_form_page, run_service
from apps.spaces.models import Process

from . import selectors, services
from .backoffice_forms import BulkForm, FromWinnersForm, ResultForm, SettingsForm, StatusForm, TimelineEntryForm
from .models import Result, ResultStatus, TimelineEntry, results_settings_for


def process_from_url(request, slug, **kwargs):
    return get_object_or_404(Process, slug=slug)


def result_process_from_url(request, pk, **kwargs):
    return _result(pk).process


def status_process_from_url(request, pk, **kwargs):
    return get_object_or_404(ResultStatus.objects.select_related("process"), pk=pk).process


def _result(pk):
    return get_object_or_404(Result.objects.select_related("process", "status"), pk=pk)




# --- the list and bulk updates -----------------------------------------------------------------------------------


def result_list(request, slug):
    process = process_from_url(request, slug)
    form = BulkForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            services.results_bulk_update,
            actor=request.user,
            process=process,
            results=form.cleaned_data["results"],
            data=form.service_data(),
        )
        if done is not FAILED:
            messages.success(
                request,
                ngettext("%(count)d result has been updated.", "%(count)d results have been updated.", len(done))
                % {"count": len(done)},
            )
            return redirect("results_backoffice:results", slug=process.slug)
    context = {
        "process": process,
        "rows": selectors.staff_result_rows(process=process),
        "form": form,
        "waiting": selectors.winners_without_result(process=process).count(),
        "ticked": {int(pk) for pk in request.POST.getlist("results") if pk.isdigit()},
    }
    return render_form_page(request, "results/backoffice/result_list.html", context, form)


# --- one result --------------------------------------------------------------------------------------------------


def result_create(request, slug):
    process = process_from_url(request, slug)
    form = ResultForm(request.POST or None, request.FILES or None, instance=Result(process=process), process=process)
    if request.method == "POST" and form.is_valid():
        result = run_service(
            form,
            services.result_create,
            actor=request.user,
            process=process,
            data=form.service_data(),
            images=form.images(),
        )
        if result is not FAILED:
            messages.success(request, _("The result has been created."))
            return redirect("results_backoffice:results", slug=process.slug)
    return render_form_page(request, "results/backoffice/result_form.html", {"process": process, "form": form}, form)


def result_edit(request, pk):
    result = _result(pk)
    process = result.process
    has_children = result.children.exists()
    form = ResultForm(
        request.POST or None, request.FILES or None, instance=result, process=process, has_children=has_children
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            services.result_update,
            actor=request.user,
            result=result,
            data=form.service_data(),
            images=form.images(),
        )
        if done is not FAILED:
            messages.success(request, _("The result has been saved."))
            return redirect("results_backoffice:results", slug=process.slug)
    context = {"process": process, "result": result, "form": form, "images": list(result.images.all())}
    return render_form_page(request, "results/backoffice/result_form.html", context, form)


def result_delete(request, pk):
    """A confirmation page, then the deletion (with its sub-results, timeline and images)."""
    result = _result(pk)
    process = result.process
    if request.method == "POST":
        try:
            services.result_delete(actor=request.user, result=result)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The result has been deleted."))
        return redirect("results_backoffice:results", slug=process.slug)
    context = {"process": process, "result": result, "children": result.children.count()}
    return render(request, "results/backoffice/result_delete.html", context)


def entry_process_from_url(request, pk, **kwargs):
    return get_object_or_404(TimelineEntry.objects.select_related("result__process"), pk=pk).result.process


def entry_delete(request, pk):
    """Delete one timeline entry (a POST from the result's timeline screen)."""
    entry = get_object_or_404(TimelineEntry.objects.select_related("result__process"), pk=pk)
    if request.method == "POST":
        services.timeline_entry_delete(actor=request.user, entry=entry)
        messages.success(request, _("The timeline entry has been deleted."))
    return redirect("results_backoffice:entry_add", pk=entry.result_id)


def from_winners(request, slug):
    process = process_from_url(request, slug)
    form = FromWinnersForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            form,
            services.results_from_winners,
            actor=request.user,
            process=process,
            budget=form.cleaned_data.get("budget"),
            status=form.cleaned_data.get("status"),
        )
        if outcome is not FAILED:
            created = len(outcome.created)
            messages.success(
                request,
                ngettext(
                    "%(count)d result has been created from the winning projects.",
                    "%(count)d results have been created from the winning projects.",
                    created,
                )
                % {"count": created},
            )
            return redirect("results_backoffice:results", slug=process.slug)
    context = {"process": process, "form": form, "winners": list(selectors.winners_without_result(process=process))}
    return render_form_page(request, "results/backoffice/from_winners.html", context, form)


def timeline(request, pk):
    result = _result(pk)
    form = TimelineEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        entry = run_service(
            form,
            services.timeline_entry_add,
            actor=request.user,
            result=result,
            data=form.service_data(),
            images=form.images(),
        )
        if entry is not FAILED:
            messages.success(request, _("The timeline entry has been added; the result's followers are told."))
            return redirect("results_backoffice:entry_add", pk=result.pk)
    context = {
        "process": result.process,
        "result": result,
        "form": form,
        "entries": selectors.timeline_of(result=result),
    }
    return render_form_page(request, "results/backoffice/timeline.html", context, form)


# --- statuses and settings ---------------------------------------------------------------------------------------


def statuses(request, slug):
    process = process_from_url(request, slug)
    form = StatusForm(request.POST or None, instance=ResultStatus(process=process))
    settings_form = SettingsForm(instance=results_settings_for(process))
    if request.method == "POST" and form.is_valid():
        status = run_service(form, services.status_save, actor=request.user, process=process, data=form.service_data())
        if status is not FAILED:
            messages.success(request, _("The status has been added."))
            return redirect("results_backoffice:statuses", slug=process.slug)
    context = {
        "process": process,
        "statuses": list(selectors.statuses_of(process=process)),
        "form": form,
        "settings_form": settings_form,
    }
    return render_form_page(request, "results/backoffice/statuses.html", context, form)


def status_edit(request, pk):
    status = get_object_or_404(ResultStatus.objects.select_related("process"), pk=pk)
    process = status.process
    form = StatusForm(request.POST or None, instance=status)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, services.status_save, actor=request.user, process=process, status=status, data=form.service_data()
        )
        if done is not FAILED:
            messages.success(request, _("The status has been saved."))
            return redirect("results_backoffice:statuses", slug=process.slug)
    context = {"process": process, "status": status, "form": form}
    return render_form_page(request, "results/backoffice/status_form.html", context, form)


def settings_edit(request, slug):
    process = process_from_url(request, slug)
    form = SettingsForm(request.POST or None, instance=results_settings_for(process))
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, services.results_settings_update, actor=request.user, process=process,
            rollup=form.cleaned_data["rollup"],
        )
        if done is not FAILED:
            messages.success(request, _("The settings have been saved."))
            return redirect("results_backoffice:statuses", slug=process.slug)
    context = {"process": process, "statuses": list(selectors.statuses_of(process=process)), "form": StatusForm(),
               "settings_form": form}
    return render_form_page(request, "results/backoffice/statuses.html", context, form)
