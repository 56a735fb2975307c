"""Public statistics and open data pages, for everybody (no account): thin views over selectors.py.

The statistics pages read one precomputed snapshot; when it is missing or older than STATS_REFRESH_MINUTES they
ask for a new one (a Celery task; inline without a broker) and show the one they have meanwhile, with its time."""

from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.core.background import enqueue
from apps.core.permissions import is_allowed
from apps.spaces.models import Process

from . import selectors, services, tasks
from .models import StatsSnapshot

LOCK_SECONDS = 300  # one refresh or build asked at a time per process; the task lifts it when done
BODY_SECONDS = 3600  # a snapshot's rendered figures, per language, kept until the next snapshot replaces them


def _process(request, slug, perm="stats.view_statistics"):
    process = Process.objects.filter(slug=slug).first()
    if process is None or not is_allowed(perm, request.user, process):
        raise Http404  # unpublished processes do not exist for the public
    return process


def _ask(lock, task, **kwargs):
    if cache.add(lock, 1, LOCK_SECONDS):
        enqueue(task, lock=lock, **kwargs)


def refresh_lock(process):
    return f"stats:refresh:{StatsSnapshot.key_for(process)}"


def build_lock(process):
    return f"stats:opendata:{process.pk}"


def _body(request, snapshot):
    """The figures of a snapshot as HTML (charts and tables, no form, no script), rendered once per snapshot and
    language and then read from the cache: the page costs a cache read, whatever the size of the tables."""
    if snapshot is None:
        return None
    key = f"stats:body:{snapshot.key}:{snapshot.computed_at.timestamp()}:{get_language()}"
    body = cache.get(key)
    if body is None:
        body = render_to_string("stats/partials/_statistics.html", {"stats": selectors.present(snapshot)}, request)
        cache.set(key, body, BODY_SECONDS)
    return mark_safe(body)  # noqa: S308 - our own template's output, every value escaped there


def process_statistics(request, slug):
    process = _process(request, slug)
    snapshot = selectors.snapshot_of(process)
    if selectors.is_stale(snapshot):
        _ask(refresh_lock(process), tasks.refresh_statistics, process_id=process.pk)
        snapshot = selectors.snapshot_of(process) or snapshot  # already there when the task ran inline
    context = {"process": process, "body": _body(request, snapshot)}
    return render(request, "stats/process_statistics.html", context)


def site_statistics(request):
    snapshot = selectors.site_snapshot()
    if selectors.is_stale(snapshot):
        _ask(refresh_lock(None), tasks.refresh_statistics, process_id=None)
        snapshot = selectors.site_snapshot() or snapshot
    processes = list(Process.objects.filter(is_published=True).order_by("-start_date", "pk").only("slug", "title"))
    context = {
        "body": _body(request, snapshot),
        "count": snapshot.data.get("processes", 0) if snapshot else 0,
        "processes": processes,
    }
    return render(request, "stats/site_statistics.html", context)


def _ensure_build(process):
    """Ask for a build when the data changed since the last one (checked at most once a minute per process)."""
    if cache.add(f"stats:opendata-checked:{process.pk}", 1, 60):
        build = selectors.open_data_of(process)["build"]
        if build is None or build.fingerprint != services.opendata_fingerprint(process):
            _ask(build_lock(process), tasks.build_open_data, process_id=process.pk)


def open_data(request, slug):
    process = _process(request, slug, "stats.download_open_data")
    _ensure_build(process)
    context = {"process": process, "licence": services.licence_settings(), **selectors.open_data_of(process)}
    return render(request, "stats/open_data.html", context)


def open_data_download(request, slug):
    process = _process(request, slug, "stats.download_open_data")
    _ensure_build(process)
    build = selectors.open_data_of(process)["build"]
    if build is None or not build.file:
        messages.info(request, _("The open data of this process is being prepared: come back in a minute."))
        return redirect("stats:open_data", slug=process.slug)
    response = FileResponse(build.file.open("rb"), as_attachment=True, filename=f"{process.slug}-open-data.zip")
    response["Content-Type"] = "application/zip"
    return response
