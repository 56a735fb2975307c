from django.http import Http404
from django.shortcuts import get_object_or_404, render

from apps.core.permissions import refusal_reason

from . import selectors
from .models import Process, SitePage
from .phases import Feature


def home(request):
    processes = list(selectors.open_processes())
    context = {
        "processes": processes,
        # The hero's calls to action lead to the process whose ideas are being collected, if there is one.
        "featured": next((p for p in processes if p.feature_enabled(Feature.CREATE_PROPOSALS)), None),
        "figures": selectors.key_figures(),
        "upcoming_phases": list(selectors.upcoming_phases()),
    }
    return render(request, "spaces/home.html", context)


def process_list(request):
    state = request.GET.get("state")
    if state not in selectors.ProcessState.values:
        state = None
    context = {
        "processes": selectors.processes_in_state(state),
        "state": state,
        "states": selectors.ProcessState.choices,
    }
    return render(request, "spaces/process_list.html", context)


def visible_process_or_404(request, slug):
    try:
        if request.method in ("GET", "HEAD"):
            # Read paths: the process with its phases, settings and taxonomy from the page cache's store, kept under
            # the site's and the process's versions (a miss of a proposal page costs no process query).
            process = selectors.process_for_reading(slug=slug)
        else:
            process = selectors.process_detail(slug=slug)
    except Process.DoesNotExist as missing:
        raise Http404 from missing
    reason = refusal_reason("spaces.view_process", request.user, process)
    if reason:
        # Unpublished processes do not exist for the public.
        raise Http404(reason)
    return process


def process_detail(request, slug):
    process = visible_process_or_404(request, slug)
    return render(request, "spaces/process_detail.html", {"process": process, "active_phase": process.active_phase})


def process_page(request, slug, page_slug):
    process = visible_process_or_404(request, slug)
    page = next((p for p in process.pages.all() if p.slug == page_slug), None)
    if page is None:
        raise Http404
    return render(request, "spaces/processpage_detail.html", {"process": process, "page": page})


def site_page(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "spaces/sitepage_detail.html", {"page": page})


