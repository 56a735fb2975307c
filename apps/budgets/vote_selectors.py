"""Reads of the citizen's vote pages: the project list of a budget (filter, search, order) and its categories.

Visibility itself (which projects a visitor may see) is `selectors.project_visible_to`; this module only narrows
and orders that queryset, in the database, so a page costs the same number of queries for 10 or 300 projects.
"""

import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import CharField, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import MD5, Cast, Coalesce, Concat, Lower, NullIf
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core.pagination import keyed_slice
from apps.core.prepared import PreparedQuery, RawRead
from apps.spaces.models import Phase, Process, process_extensions
from apps.taxonomy.models import Category

from .models import Ballot, Budget, Project
from .selectors import search_projects


def vote_process(*, slug):
    """The process of a vote page: its phases (the vote's dates) and feature settings, without the themes,
    categories and pages the process page shows (two queries)."""
    return attach_phases(Process.objects.select_related(*process_extensions()).get(slug=slug))


def _phases_sql():
    return f'SELECT * FROM "{Phase._meta.db_table}" WHERE "process_id" = %s ORDER BY "start_date", "id"'


_PHASES_SQL = _phases_sql()
_PHASES = RawRead(Phase, _PHASES_SQL)


def attach_phases(process):
    """Read the phases of `process` (in their order) as prefetch_related("phases") would, so `process.phases.all()`
    and `process.ordered_phases` ask nothing more; each phase knows its process. Every vote request reads them
    (the vote's dates): written as SQL, the read costs a third of the CPU of the ORM's prefetch (bench/voting.py).
    Returns the process."""
    phases = _PHASES.list([process.pk])
    process_field = Phase._meta.get_field("process")
    for phase in phases:
        process_field.set_cached_value(phase, process)
    queryset = process.phases.all()  # the related manager's queryset (its filter is built only if it runs)
    queryset._result_cache = phases
    queryset._prefetch_done = True
    if not hasattr(process, "_prefetched_objects_cache"):
        process._prefetched_objects_cache = {}
    process._prefetched_objects_cache["phases"] = queryset
    return process


# The feature settings the vote's pages read: the vote's own, and the comments' on a project's page. Joining every
# feature's settings (process_extensions()) would build a query of ~150 columns for each request.
VOTE_PAGE_SETTINGS = ("voting_settings", "comment_settings")


# Every vote request reads it: compiled once (apps/core/prepared.py).
_VOTE_BUDGET = PreparedQuery(
    lambda budget_id, slug: Budget.objects.select_related(
        "process", *(f"process__{name}" for name in VOTE_PAGE_SETTINGS)
    ).filter(pk=budget_id, process__slug=slug)
)


def vote_budget(*, slug, budget_id, phases=True):
    """The budget of a vote page with its process, the feature settings its pages read and (`phases`) its phases:
    two queries. Budget.DoesNotExist when the budget is not one of this process's. The writes leave the phases out:
    their service reads them under its lock, and the answer shows those."""
    budget = _VOTE_BUDGET.first(budget_id=int(budget_id), slug=slug)
    if budget is None:
        raise Budget.DoesNotExist
    if phases:
        attach_phases(budget.process)
    return budget


class ProjectSort(models.TextChoices):
    """The orders of a budget's project list (its `order` query parameter), as the menu offers them."""

    RANDOM = "random", _("Random")
    COST_ASC = "cost", _("Cheapest first")
    COST_DESC = "-cost", _("Most expensive first")
    TITLE = "title", _("Title (A to Z)")


def visitor_seed(*, user, session_key="", day=None):
    """A number fixed for one visitor on one day, so the random order stays put while they browse and vote."""
    day = day or timezone.localdate()
    visitor = f"user:{user.pk}" if user.is_authenticated else f"visitor:{session_key}"
    digest = hashlib.sha256(f"projects|{day.isoformat()}|{visitor}".encode()).hexdigest()
    return int(digest[:15], 16)


def _title_expression():
    """The title in the active language, falling back to French (the default language), lower-cased."""
    language = (get_language() or "").split("-")[0]
    if language not in dict(settings.LANGUAGES) or language == settings.LANGUAGE_CODE:
        return Lower(F(f"title_{settings.LANGUAGE_CODE}"))
    translated = NullIf(F(f"title_{language}"), Value(""), output_field=CharField())
    return Lower(Coalesce(translated, F(f"title_{settings.LANGUAGE_CODE}"), output_field=CharField()))


def order_projects(queryset, *, sort, seed=0):
    return _ordered(queryset, sort=sort, seed_text=f"{seed}:")


def _ordered(queryset, *, sort, seed_text):
    if sort == ProjectSort.COST_ASC:
        return queryset.order_by("cost", "pk")
    if sort == ProjectSort.COST_DESC:
        return queryset.order_by("-cost", "pk")
    if sort == ProjectSort.TITLE:
        return queryset.annotate(title_rank=_title_expression()).order_by("title_rank", "pk")
    rank = MD5(Concat(Value(seed_text), Cast("pk", output_field=CharField())))
    return queryset.annotate(random_rank=rank).order_by("random_rank", "pk")


def _page_of(queryset, *, bottom, size):
    """Rows bottom..bottom + size of an ordered project list, each with the length of the whole list
    (`list_length`), in one query. The list's order picks the keys of the page alone (through the list's indexes,
    migration 0005: a sort of keys, never of whole rows); only those rows are then read, and the length is a count
    the database runs once (a window count over every row of a 50,000-project budget kept each whole row)."""
    length = queryset.order_by().annotate(_n=_CountAll()).values("_n")
    return keyed_slice(queryset, bottom, bottom + size).annotate(list_length=Subquery(length))


class _CountAll(Func):
    """COUNT(*) of a whole queryset as one scalar subquery: not an aggregate to Django, so no GROUP BY is added."""

    template = "COUNT(*)"
    output_field = IntegerField()


def project_page(queryset, *, number, per_page):
    """(paginator, page) of an ordered project list, as Paginator.get_page() gives them, in one query instead of
    two: each row carries the length of the whole list (_page_of), so no COUNT query is needed. Page numbers
    that are not a page (below 1, past the end) take Django's way (its COUNT, then the last page)."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1  # as get_page(): not a number, the first page
    paginator = Paginator(queryset, per_page)
    if wanted >= 1:
        bottom = (wanted - 1) * per_page
        rows = list(_page_of(queryset, bottom=bottom, size=per_page))
        if rows or wanted == 1:
            paginator.count = rows[0].list_length if rows else 0  # what the cached property would have counted
            page = paginator.page(wanted)
            page.object_list = rows
            return paginator, page
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    return paginator, page


_FIRST_PAGES = {}


def _first_page_query(sort, per_page):
    """The first page of a budget's projects on the ballot (unfiltered) in the order `sort`, with the list's length:
    what project_page() reads for the vote page as most visitors open it, compiled once (apps/core/prepared.py)."""
    key = (sort, per_page)
    if key not in _FIRST_PAGES:

        def build(budget_id, seed_text=None):
            queryset = Project.objects.filter(budget_id=budget_id, status__in=Project.PUBLIC_STATUSES)
            queryset = _ordered(queryset.select_related("category__parent"), sort=sort, seed_text=seed_text or "")
            return _page_of(queryset, bottom=0, size=per_page)

        if sort == ProjectSort.RANDOM:
            _FIRST_PAGES[key] = PreparedQuery(lambda budget_id, seed_text: build(budget_id, seed_text))
        else:
            _FIRST_PAGES[key] = PreparedQuery(lambda budget_id: build(budget_id))
    return _FIRST_PAGES[key]


def first_project_page(*, budget, sort, seed, per_page):
    """(paginator, page) of project_page(order_projects(<the budget's projects on the ballot>, ...), number=1), for a
    visitor who may see them all (selectors.project_visible_to is not empty for them), in one prepared query."""
    arguments = {"budget_id": budget.pk}
    if sort == ProjectSort.RANDOM:
        arguments["seed_text"] = f"{seed}:"
    rows = _first_page_query(sort, per_page).list(**arguments)
    paginator = Paginator(rows, per_page)
    paginator.count = rows[0].list_length if rows else 0
    page = paginator.page(1)
    page.object_list = rows
    return paginator, page


def filter_projects(queryset, *, category=None, text=""):
    if category is not None:
        queryset = queryset.filter(Q(category=category) | Q(category__parent=category))
    if (text or "").strip():
        # The list keeps its order (random, cost, title): no rank to compute for each match.
        queryset = search_projects(queryset, text, rank=False)
    return queryset


def _categories_of_budget(budget_id):
    # One query: for each category of the budget's process, whether a project of the budget is in it or in one of
    # its sub-categories, by index probes (budget, category), not a read of every project of the budget.
    used = Project.objects.filter(budget_id=budget_id)
    children = Category.objects.filter(parent_id=OuterRef(OuterRef("pk"))).values("pk")
    return (
        Category.objects.filter(process__budgets=budget_id)
        .filter(Exists(used.filter(category_id=OuterRef("pk"))) | Exists(used.filter(category_id__in=children)))
        .select_related("parent")
        .order_by("position", "pk")
    )


_CATEGORIES_OF_BUDGET = PreparedQuery(_categories_of_budget)  # on every vote page: compiled once


def categories_of_budget(budget):
    """The categories (and their parents) that projects of this budget use, for the filter menu."""
    return _CATEGORIES_OF_BUDGET.list(budget_id=budget.pk)


def ballots_by_budget(*, voter, budgets):
    """{budget id: ballot} of `voter` in these budgets, in one query (none for anonymous visitors)."""
    if not voter.is_authenticated or not budgets:
        return {}
    return {ballot.budget_id: ballot for ballot in Ballot.objects.filter(voter=voter, budget__in=budgets)}
