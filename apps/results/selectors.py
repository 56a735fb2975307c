"""Reads of results tracking: what a visitor may see, the public list (a fixed number of queries whatever its length),
a result's page, the process's overall progress, and the back-office's list."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from apps.budgets.models import Project
from apps.budgets.selectors import project_visible_to
from apps.core.search import VECTOR, highlight, text_search, translated
from apps.proposals.selectors import proposal_visible_to
from apps.spaces.models import ProcessRole
from apps.spaces.selectors import roles_of

from .models import Result, ResultImage, ResultStatus, TimelineEntry, TimelineImage, results_settings_for
from .progress import rolled_up_sums


def _staff_q(user, prefix):
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)
    return Q(Exists(ProcessRole.objects.filter(process=OuterRef(prefix), user=user)))


def result_visible_to(user, process=None):
    """The results `user` may see: the queryset twin of the `results.view_result` rule (the content contract test
    checks they agree). Every result of a published process; those of any process where the user has a role."""
    if process is not None:
        queryset = Result.objects.filter(process=process)
        if user.is_authenticated and (user.is_superuser or process.pk in roles_of(user)):
            return queryset
        return queryset if process.is_published else queryset.none()
    return Result.objects.filter(Q(process__is_published=True) | _staff_q(user, "process"))


def _first_image():
    return Subquery(ResultImage.objects.filter(result=OuterRef("pk")).order_by("position", "pk").values("image")[:1])


def _children_count():
    # A count per row of the page (the parent's index), not a join and GROUP BY of the whole list before its page.
    children = Result.objects.filter(parent=OuterRef("pk")).order_by().values("parent").annotate(n=Count("pk"))
    return Coalesce(Subquery(children.values("n")), 0)


def result_list(*, process, user, roots_only=True):
    """The results of `process` the user may see, for the public list: each with its status, category, number of
    sub-results and first image (annotations, no query per row)."""
    queryset = result_visible_to(user, process)
    if roots_only:
        queryset = queryset.filter(parent__isnull=True)
    return (
        queryset.select_related("status", "category__parent")
        .annotate(children_count=_children_count(), first_image=_first_image())
        .order_by("position", "pk")
    )


def statuses_of(*, process):
    return ResultStatus.objects.filter(process=process).order_by("position", "pk")


def districts_of(*, process):
    """The districts named by the process's results, for the filter: one probe of the (process, district) index per
    district (a recursive query skipping from one to the next) rather than a read of every result."""
    table, column = Result._meta.db_table, "district"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH RECURSIVE found(d) AS (
                SELECT (SELECT {column} FROM {table} WHERE process_id = %s AND {column} > '' ORDER BY {column} LIMIT 1)
                UNION ALL
                SELECT (SELECT {column} FROM {table} WHERE process_id = %s AND {column} > found.d
                        ORDER BY {column} LIMIT 1)
                FROM found WHERE found.d IS NOT NULL
            ) SELECT d FROM found WHERE d IS NOT NULL""",  # noqa: S608 -- names of our own table and column
            [process.pk, process.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def map_points(queryset):
    """[{id, lat, lng, title, progress}] of the geolocated results of a queryset, in one query."""
    rows = queryset.filter(latitude__isnull=False, longitude__isnull=False).values(
        "pk", "latitude", "longitude", "title", "progress"
    )
    return [
        {
            "id": row["pk"],
            "lat": float(row["latitude"]),
            "lng": float(row["longitude"]),
            "title": row["title"],
            "progress": float(row["progress"]),
        }
        for row in rows
    ]


@dataclass
class Overview:
    """A process's results at a glance: the overall progress, and the winning projects done."""

    progress: object
    results: int
    winners: int
    winners_done: int

    @property
    def winners_done_percent(self):
        return round(100 * self.winners_done / self.winners) if self.winners else 0


def process_overview(*, process):
    """The overall progress (the top-level results rolled up as the process's sub-results are) and how many
    winning projects are done: those whose every result has reached 100 %. Three queries; the sums of the results
    are the database's (from the list's index alone on a vacuumed table: 50,000 results are not sent to Python)."""
    sums = Result.objects.filter(process=process, parent__isnull=True).aggregate(
        n=Count("pk"), progress_sum=Sum("progress"), cost_sum=Sum("cost"), weighted_sum=Sum(F("progress") * F("cost"))
    )
    mode = results_settings_for(process).rollup
    winners = Project.objects.filter(budget__process=process, status=Project.Status.WINNER).annotate(
        n_results=Count("results", distinct=True),
        n_done=Count("results", filter=Q(results__progress__gte=100), distinct=True),
    )
    figures = [(row["n_results"], row["n_done"]) for row in winners.values("n_results", "n_done")]
    done = sum(1 for n_results, n_done in figures if n_results and n_done == n_results)
    return Overview(
        progress=rolled_up_sums(
            count=sums["n"], progress=sums["progress_sum"], cost=sums["cost_sum"], weighted=sums["weighted_sum"],
            mode=mode,
        ),
        results=sums["n"],
        winners=len(figures),
        winners_done=done,
    )


def result_detail(*, process, pk, user):
    """One result the user may see, with its status, category and parent; None otherwise."""
    return (
        result_visible_to(user, process)
        .select_related("process", "status", "category__parent", "parent")
        .filter(pk=pk)
        .first()
    )


def result_children(*, result):
    return result.children.select_related("status").annotate(first_image=_first_image()).order_by("position", "pk")


def timeline_of(*, result):
    """The result's timeline, newest first, with the photos of each entry (two queries)."""
    return list(
        TimelineEntry.objects.filter(result=result)
        .prefetch_related(Prefetch("images", queryset=TimelineImage.objects.order_by("position", "pk")))
        .order_by("-date", "-pk")
    )


def linked_projects(*, result, user):
    """The budget projects the result comes from, those the user may see."""
    return list(
        project_visible_to(user, result.process).filter(results=result).select_related("budget__process")
    )


def linked_proposals(*, result, user):
    return list(proposal_visible_to(user, result.process).filter(results=result).select_related("process"))


# --- back-office -------------------------------------------------------------------------------------------------


def staff_result_rows(*, process):
    """Every result of the process for the back-office list: parents first, each followed by its sub-results."""
    results = list(
        Result.objects.filter(process=process)
        .select_related("status")
        .annotate(children_count=Count("children", distinct=True), entries=Count("timeline_entries", distinct=True))
        .order_by("position", "pk")
    )
    roots = [r for r in results if r.parent_id is None]
    children = {}
    for result in results:
        if result.parent_id is not None:
            children.setdefault(result.parent_id, []).append(result)
    rows = []
    for root in roots:
        root.depth = 0
        rows.append(root)
        for child in children.get(root.pk, ()):
            child.depth = 1
            rows.append(child)
    return rows


def winners_without_result(*, process):
    """The winning projects of the process not yet linked to a result."""
    return (
        Project.objects.filter(budget__process=process, status=Project.Status.WINNER)
        .exclude(results__isnull=False)
        .select_related("budget")
        .order_by("budget__position", "budget_id", "position", "pk")
    )


def result_search(*, user, query, language=None):
    """The site-wide search's results (content contract): those `user` may see matching `query` in their title or
    description, in any language (the stored vectors of migration 0002 on PostgreSQL, icontains elsewhere), best
    match first, then the newest (the projects' search says why)."""
    queryset = result_visible_to(user).select_related("process")
    found = text_search(
        queryset, query, fields=translated("title", "description"), vector=VECTOR, language=language
    )
    return found.order_by("-search_rank", "-pk")


def result_search_highlight(results, *, query, language=None):
    return highlight(results, query=query, field="description", html=True, language=language)
