"""The API's filters: the site's own list filters (the proposal list's FilterSet, the results list's, the
project list's and the agenda's), plus `process` (a process slug) everywhere. Nothing here widens what the
selectors allow: every filter narrows a queryset of what an anonymous visitor may see."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from apps.budgets import vote_selectors
from apps.budgets.models import Budget, Project
from apps.comments.models import Comment
from apps.core.content import Capability, registered
from apps.events.models import Event
from apps.proposals import selectors as proposal_selectors
from apps.proposals.filters import ProposalFilterSet
from apps.results.filters import ResultFilterSet
from apps.results.models import ResultStatus
from apps.spaces.models import Phase, Process
from apps.spaces.selectors import ProcessState, processes_in_state
from apps.taxonomy.models import Category, Theme

from .selectors import ANONYMOUS

PROCESS_HELP = "Slug of a process (`/api/v1/processes/`)."


class IdFilter(django_filters.NumberFilter):
    """An id: a whole number a database column can hold (no decimals, no overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


def _published_categories():
    return Category.objects.filter(process__is_published=True)


class ProcessFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=ProcessState.choices, method="filter_state", help_text="Open today, upcoming or finished."
    )

    class Meta:
        model = Process
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(pk__in=processes_in_state(value).values("pk"))


def process_scoped_filter(model_class):
    """A FilterSet with `?process=<slug>` for a model with a `process` foreign key."""

    meta = type("Meta", (), {"model": model_class, "fields": ["process"]})
    attrs = {
        "process": django_filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP),
        "Meta": meta,
    }
    return type(f"{model_class.__name__}Filter", (django_filters.FilterSet,), attrs)


PhaseFilter = process_scoped_filter(Phase)
ThemeFilter = process_scoped_filter(Theme)
BudgetFilter = process_scoped_filter(Budget)


class CategoryFilter(django_filters.FilterSet):
    process = django_filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)
    theme = IdFilter(field_name="theme_id")
    parent = IdFilter(field_name="parent_id", help_text="Sub-categories of this category.")
    top = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", help_text="Top categories only.")

    class Meta:
        model = Category
        fields = ["process", "theme", "parent", "top"]


class ProposalOrder:
    CHOICES = [(value, label) for value, label in proposal_selectors.Sort.choices if value != "random"]


class ProposalFilter(ProposalFilterSet):
    """The proposal list's own FilterSet (`q`, `theme`, `category` with its sub-categories, `status`, `official`)
    with `process` and `order`. The visitor's random order and "mine"/"supported" (signed-in filters) are not
    offered: the API is anonymous and its pages must stay put between calls."""

    process = django_filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)
    order = django_filters.ChoiceFilter(
        choices=ProposalOrder.CHOICES, method="filter_order", empty_label=None,
        help_text="recent (default), supports or comments: the list's orders.",
    )

    mine = None  # signed-in filters: not in the API, which is anonymous
    supported = None

    class Meta(ProposalFilterSet.Meta):
        fields = ["process", "q", "theme", "category", "status", "official", "order"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        slug = (data or {}).get("process") or ""
        process = Process.objects.filter(is_published=True, slug=slug).first() if slug else None
        super().__init__(data, queryset, request=request, prefix=prefix, process=process, user=ANONYMOUS)
        if process is None:
            self.filters["theme"].queryset = Theme.objects.filter(process__is_published=True)
            self.filters["category"].queryset = _published_categories()

    def filter_order(self, queryset, name, value):
        return proposal_selectors.order_proposals(queryset, sort=value) if value else queryset


def _commentable_types():
    return {entry.model._meta.model_name: entry.model for entry in registered(Capability.COMMENTABLE)}


class CommentFilter(django_filters.FilterSet):
    process = django_filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)
    target_type = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ("proposal", "project", "result", "event")],
        method="filter_target_type",
        help_text="The kind of content commented on.",
    )
    target_id = IdFilter(field_name="object_id", help_text="With target_type: its id.")
    parent = IdFilter(field_name="parent_id", help_text="Replies to this comment.")
    top = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", help_text="Top-level only.")

    class Meta:
        model = Comment
        fields = ["process", "target_type", "target_id", "parent", "top"]

    def filter_target_type(self, queryset, name, value):
        model = _commentable_types().get(value)
        if model is None:
            return queryset.none()
        return queryset.filter(content_type=ContentType.objects.get_for_model(model))


class ProjectFilter(django_filters.FilterSet):
    """The budget page's filters (`q`, `category` with its sub-categories, `order`), with `process`, `budget` and
    `status` (selected, winner, not_winner)."""

    process = django_filters.CharFilter(field_name="budget__process__slug", help_text=PROCESS_HELP)
    budget = django_filters.ModelChoiceFilter(queryset=Budget.objects.filter(process__is_published=True))
    status = django_filters.ChoiceFilter(
        choices=[(value, label) for value, label in Project.Status.choices if value in Project.PUBLIC_STATUSES]
    )
    category = django_filters.ModelChoiceFilter(queryset=_published_categories(), method="filter_category")
    q = django_filters.CharFilter(method="filter_text", help_text="Words of the title or description.")
    order = django_filters.ChoiceFilter(
        choices=[(v, label) for v, label in vote_selectors.ProjectSort.choices if v != "random"],
        method="filter_order",
        help_text="The budget page's orders (default: the budget's order).",
    )

    class Meta:
        model = Project
        fields = ["process", "budget", "status", "category", "q", "order"]

    def filter_category(self, queryset, name, value):
        return vote_selectors.filter_projects(queryset, category=value)

    def filter_text(self, queryset, name, value):
        return vote_selectors.filter_projects(queryset, text=value[:100])

    def filter_order(self, queryset, name, value):
        return vote_selectors.order_projects(queryset, sort=value) if value else queryset


class ResultFilter(ResultFilterSet):
    """The results list's FilterSet (`status` by id, `category` with its sub-categories, `district`), with
    `process` and `parent` (`top=true`: the list's top-level results)."""

    process = django_filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)
    parent = IdFilter(field_name="parent_id", help_text="Sub-results of this result.")
    top = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", help_text="Top-level only.")
    district = django_filters.CharFilter(field_name="district")

    class Meta(ResultFilterSet.Meta):
        fields = ["process", "status", "category", "district", "parent", "top"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(
            data, queryset, request=request, prefix=prefix, process=None,
            statuses=ResultStatus.objects.filter(process__is_published=True), districts=[],
        )
        self.filters["category"].queryset = _published_categories()
        self.filters["district"].extra.pop("choices", None)  # any district: a free text here


class EventFilter(django_filters.FilterSet):
    """The agenda's filters (`when`, `kind`), with `process`, `category`, `theme` and `status`."""

    process = django_filters.CharFilter(field_name="process__slug", help_text=PROCESS_HELP)
    when = django_filters.ChoiceFilter(
        choices=[("upcoming", "upcoming"), ("past", "past")], method="filter_when",
        help_text="upcoming: not over yet, soonest first; past: over, latest first (the agenda's two lists).",
    )
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    status = django_filters.ChoiceFilter(
        choices=[(v, label) for v, label in Event.Status.choices if v != Event.Status.DRAFT]
    )
    category = django_filters.ModelChoiceFilter(queryset=_published_categories(), method="filter_category")
    theme = IdFilter(field_name="theme_id")

    class Meta:
        model = Event
        fields = ["process", "when", "kind", "status", "category", "theme"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "past":
            return queryset.past(now).order_by("-start_at", "-pk")
        return queryset.upcoming(now).order_by("start_at", "pk")

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(category=value) | Q(category__parent=value))

