import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.taxonomy.models import Category, Theme

from . import selectors
from .models import Proposal


class ProposalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.none(), method="filter_theme", empty_label=_("All themes")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.none(), method="filter_category", empty_label=_("All categories")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(value, label) for value, label in Proposal.Status.choices if value != Proposal.Status.DRAFT],
        empty_label=_("All"),
    )
    official = django_filters.BooleanFilter(
        label=_("Official proposals only"), field_name="is_official", method="filter_checkbox",
        widget=forms.CheckboxInput,
    )
    mine = django_filters.BooleanFilter(label=_("My proposals"), method="filter_mine", widget=forms.CheckboxInput)
    supported = django_filters.BooleanFilter(
        label=_("Proposals I supported"), method="filter_supported", widget=forms.CheckboxInput
    )

    class Meta:
        model = Proposal
        fields = ["q", "theme", "category", "status", "official", "mine", "supported"]

    def __init__(self, *args, process, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["theme"].queryset = Theme.objects.filter(process=process).order_by("position", "pk")
        self.filters["category"].queryset = (
            Category.objects.filter(process=process)
            .select_related("parent")
            .order_by("parent__position", "parent_id", "position", "pk")
        )
        if not user.is_authenticated:
            # (pop: a subclass may have left them out altogether, as the API's does)
            self.filters.pop("mine", None)
            self.filters.pop("supported", None)

    def active_count(self):
        """How many filters narrow the list (the phone's "Filter (2)" button says it)."""
        if not self.is_bound or not self.form.is_valid():
            return 0
        return sum(1 for name in self.filters if self.form.cleaned_data.get(name) not in (None, "", False))

    def filter_text(self, queryset, name, value):
        # Full-text search on PostgreSQL (stored vectors, GIN), icontains on SQLite: see selectors.search_proposals.
        if not value.strip():
            return queryset
        return selectors.search_proposals(queryset, value)

    def filter_theme(self, queryset, name, value):
        return queryset.filter(selectors.in_theme_q(value))

    def filter_category(self, queryset, name, value):
        # A top category includes its sub-categories.
        return queryset.filter(Q(category=value) | Q(category__parent=value))

    def filter_checkbox(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(author=self.user) if value else queryset

    def filter_supported(self, queryset, name, value):
        # Through the reverse relation of supports: this app does not import that one.
        return queryset.filter(supports__user=self.user) if value else queryset
