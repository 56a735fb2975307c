"""The public pages of results tracking: the process's results (overall progress, list or map, filters) and a
result's page (progress, timeline with photos, sub-results, linked projects and proposals, comments, follow)."""

from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from apps.core.pagination import CappedPaginator, KeyedPages
from apps.core.permissions import is_allowed
from apps.spaces.views import visible_process_or_404

from . import selectors
from .filters import ResultFilterSet

PAGE_SIZE = 24
MAP_VIEW = "map"  # ?view=map shows the map instead of the list


def result_list(request, slug):
    process = visible_process_or_404(request, slug)
    if not is_allowed("results.view_results", request.user, process):
        raise Http404
    statuses = selectors.statuses_of(process=process)
    filterset = ResultFilterSet(
        request.GET or None,
        queryset=selectors.result_list(process=process, user=request.user),
        process=process,
        statuses=statuses,
        districts=selectors.districts_of(process=process),
    )
    map_view = request.GET.get("view") == MAP_VIEW
    context = {
        "process": process,
        "filter": filterset,
        "overview": selectors.process_overview(process=process),
        "map_view": map_view,
        "map_view_param": MAP_VIEW,
        "active_filters": sum(1 for name in ("status", "category", "district") if request.GET.get(name)),
    }
    if map_view:
        points = selectors.map_points(filterset.qs)
        for point in points:
            point["url"] = reverse("results:detail", kwargs={"slug": process.slug, "pk": point["id"]})
        context["map_points"] = points
    else:
        # Pages read by their keys first: PostgreSQL would sort every whole result for a page past the first.
        paginator = CappedPaginator(KeyedPages(filterset.qs), PAGE_SIZE, page=request.GET.get("page"))
        page_obj = paginator.get_page()
        results = list(page_obj.object_list)
        for result in results:
            result.process = process
            result.first_image_url = default_storage.url(result.first_image) if result.first_image else ""
        context.update(
            {
                "page_obj": page_obj,
                "results": results,
                "paginator": paginator,
                "page_range": paginator.page_links(page_obj.number),
            }
        )
    return render(request, "results/result_list.html", context)


def result_detail(request, slug, pk):
    process = visible_process_or_404(request, slug)
    result = selectors.result_detail(process=process, pk=pk, user=request.user)
    if result is None:
        raise Http404
    result.process = process
    children = list(selectors.result_children(result=result))
    for child in children:
        child.process = process
    context = {
        "process": process,
        "result": result,
        "children": children,
        "images": list(result.images.all()),
        "timeline": selectors.timeline_of(result=result),
        "projects": selectors.linked_projects(result=result, user=request.user),
        "proposals": selectors.linked_proposals(result=result, user=request.user),
        "target": result,
        "map_point": (
            {"lat": float(result.latitude), "lng": float(result.longitude), "title": result.title}
            if result.has_location
            else None
        ),
    }
    return render(request, "results/result_detail.html", context)
