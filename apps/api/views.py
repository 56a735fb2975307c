"""The read-only public API (/api/v1/): thin viewsets over apps/api/selectors.py.

Every view is anonymous whatever the caller (no authentication class: a session cookie is ignored), answers
in the language of `?lang=` or `Accept-Language`, sends an `ETag` (a hash of the body and its language) and
answers 304 to a matching `If-None-Match`, and is throttled per client address (throttling.py)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseNotModified
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.cache import cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from . import filters, selectors, serializers

LANG_PARAMETER = "lang"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

LANG = OpenApiParameter(
    LANG_PARAMETER,
    OpenApiTypes.STR,
    enum=LANGUAGE_CODES,
    description="Language of the translated fields and labels (else `Accept-Language`, else the site's default).",
)


def request_language(request):
    """`?lang=` when it names a site language, else the best of `Accept-Language`, else the default language."""
    wanted = request.GET.get(LANG_PARAMETER, "")
    if wanted in LANGUAGE_CODES:
        return wanted
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class PublicAPIMixin:
    """Language, ETag and caching headers for every API view."""

    def initial(self, request, *args, **kwargs):
        self.language = request_language(request)
        translation.activate(self.language)
        request.LANGUAGE_CODE = self.language
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        language = getattr(self, "language", None) or request_language(request)
        with translation.override(language):
            response.render()
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            digest = hashlib.sha256(language.encode() + b"\0" + response.content).hexdigest()[:32]
            response["ETag"] = f'"{digest}"'
            # Public data: any cache may keep it, but must ask again (the ETag makes that cheap).
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            conditional = get_conditional_response(request, etag=response["ETag"], response=response)
            if isinstance(conditional, HttpResponseNotModified):
                for header in ("Content-Language", "Vary", "Cache-Control"):
                    conditional[header] = response[header]
                return conditional
        return response


LIST_PARAMETERS = [LANG]


def _queryset(view, queryset_function):
    if getattr(view, "swagger_fake_view", False):
        # Schema generation (drf-spectacular, and its system check): the model only, no database query.
        return view.serializer_class.Meta.model.objects.none()
    return queryset_function()


def _viewset(queryset_function, serializer_class, *, filterset_class=None, lookup_field="pk", tag, lookup_type=int):
    """A read-only viewset (list and detail) over one selector."""

    attrs = {
        "serializer_class": serializer_class,
        "lookup_field": lookup_field,
        "get_queryset": lambda self: _queryset(self, queryset_function),
        "filterset_class": filterset_class,
        "__doc__": serializer_class.__doc__,
    }
    if lookup_type is int:
        attrs["lookup_value_regex"] = r"[0-9]+"
    cls = type(f"{tag.title()}ViewSet", (PublicAPIMixin, viewsets.ReadOnlyModelViewSet), attrs)
    return extend_schema_view(
        list=extend_schema(tags=[tag], parameters=LIST_PARAMETERS),
        retrieve=extend_schema(tags=[tag], parameters=[LANG]),
    )(cls)


@extend_schema_view(
    list=extend_schema(tags=["processes"], parameters=LIST_PARAMETERS),
    retrieve=extend_schema(tags=["processes"], parameters=[LANG]),
)
class ProcessViewSet(PublicAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ProcessSerializer
    filterset_class = filters.ProcessFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return _queryset(self, selectors.processes)

    @extend_schema(tags=["statistics"], parameters=[LANG], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def statistics(self, request, slug=None):
        """The process's statistics, as its statistics page shows them (404 until first computed)."""
        return Response(_statistics(self.get_object()))

PhaseViewSet = _viewset(selectors.phases, serializers.PhaseSerializer, filterset_class=filters.PhaseFilter,
                        tag="phases")
ThemeViewSet = _viewset(selectors.themes, serializers.ThemeSerializer, filterset_class=filters.ThemeFilter,
                        tag="themes")
CategoryViewSet = _viewset(
    selectors.categories, serializers.CategorySerializer, filterset_class=filters.CategoryFilter, tag="categories"
)
ProposalViewSet = _viewset(
    selectors.proposals, serializers.ProposalSerializer, filterset_class=filters.ProposalFilter, tag="proposals"
)
CommentViewSet = _viewset(
    selectors.comments, serializers.CommentSerializer, filterset_class=filters.CommentFilter, tag="comments"
)
ProjectViewSet = _viewset(
    selectors.projects, serializers.ProjectSerializer, filterset_class=filters.ProjectFilter, tag="projects"
)
ResultViewSet = _viewset(
    selectors.results, serializers.ResultSerializer, filterset_class=filters.ResultFilter, tag="results"
)
EventViewSet = _viewset(
    selectors.events, serializers.EventSerializer, filterset_class=filters.EventFilter, tag="events"
)


@extend_schema_view(
    list=extend_schema(tags=["budgets"], parameters=LIST_PARAMETERS),
    retrieve=extend_schema(tags=["budgets"], parameters=[LANG]),
)
class BudgetViewSet(PublicAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.BudgetSerializer
    filterset_class = filters.BudgetFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return _queryset(self, selectors.budgets)

    @extend_schema(tags=["budgets"], parameters=[LANG], responses=serializers.BudgetResultsSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def results(self, request, pk=None):
        """The budget's published vote results (404 until they are published), as its results page shows them."""
        budget = self.get_object()
        publication = selectors.result_publication(budget)
        if publication is None:
            raise Http404
        outcome = publication.outcome
        projects = selectors.budget_projects(budget)
        rows = []
        for row in outcome.get("projects", []):
            project = projects.get(row.get("pk"))
            rows.append(
                {
                    "project": project.pk if project else None,
                    "title": project.title if project else str(row.get("id", "")),
                    "cost": str(row.get("cost", "")),
                    "votes": None if row.get("votes") is None else str(row["votes"]),
                    "score": None if row.get("score") is None else str(row["score"]),
                    "selected": bool(row.get("selected")),
                    "position": row.get("position"),
                }
            )
        data = {
            "budget": budget.pk,
            "rule": publication.rule,
            "rule_label": str(publication.get_rule_display()),
            "published_at": publication.published_at,
            "voters": outcome.get("voters"),
            "spent": str(outcome.get("spent", "0")),
            "total_amount": budget.total_amount,
            "pabulib_sha256": publication.pabulib_sha256,
            "csv_sha256": publication.csv_sha256,
            "projects": rows,
        }
        return Response(serializers.BudgetResultsSerializer(data).data)


def _statistics(process):
    """The figures the statistics page shows (stats.selectors): {"computed_at", "figures"}, labels in every
    language; a missing or old snapshot is refreshed as the page does (in the background, one at a time)."""
    from apps.core.background import enqueue
    from apps.stats import selectors as stats_selectors
    from apps.stats import tasks as stats_tasks
    from apps.stats.views import refresh_lock

    snapshot = stats_selectors.snapshot_of(process) if process else stats_selectors.site_snapshot()
    if stats_selectors.is_stale(snapshot):
        lock = refresh_lock(process)
        if cache.add(lock, 1, 300):
            enqueue(stats_tasks.refresh_statistics, process_id=process.pk if process else None, lock=lock)
    data = stats_selectors.statistics_of(process) if process else stats_selectors.site_statistics()
    if data is None:
        raise Http404
    return data


class StatisticsView(PublicAPIMixin, APIView):
    """The site's statistics, as /statistics/ shows them (404 until first computed)."""

    @extend_schema(tags=["statistics"], parameters=[LANG], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(_statistics(None))


class RootView(PublicAPIMixin, APIView):
    """Every list of the API, with the schema and the documentation page."""

    @extend_schema(tags=["index"], parameters=[LANG], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        names = ["processes", "phases", "themes", "categories", "proposals", "comments", "budgets", "projects",
                 "results", "events"]
        data = {name: reverse(f"api:{name}-list", request=request) for name in names}
        data["statistics"] = reverse("api:statistics", request=request)
        data["schema"] = reverse("api:schema", request=request)
        data["docs"] = reverse("api:docs", request=request)
        return Response(data)


class SchemaView(PublicAPIMixin, SpectacularAPIView):
    """The OpenAPI 3 schema (YAML, or JSON with `?format=json`)."""


@cache_control(public=True, max_age=300)
def docs(request):
    """Swagger UI, from drf-spectacular-sidecar's files, started by static/js/api-docs.js (no inline script)."""
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema") + "?format=json"})
