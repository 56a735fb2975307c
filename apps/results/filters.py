import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.taxonomy.models import Category

from .models import Result, ResultStatus


class ResultFilterSet(django_filters.FilterSet):
    status = django_filters.ModelChoiceFilter(
        label=_("Status"), queryset=ResultStatus.objects.none(), empty_label=_("All statuses")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.none(), method="filter_category", empty_label=_("All categories")
    )
    district = django_filters.ChoiceFilter(label=_("District"), choices=(), empty_label=_("All districts"))

    class Meta:
        model = Result
        fields = ["status", "category", "district"]

    def __init__(self, *args, process, statuses, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].queryset = statuses
        self.filters["category"].queryset = (
            Category.objects.filter(process=process)
            .select_related("parent")
            .order_by("parent__position", "parent_id", "position", "pk")
        )
        self.filters["district"].extra["choices"] = [(name, name) for name in districts]

    def filter_category(self, queryset, name, value):
        # A top category includes its sub-categories.
        return queryset.filter(Q(category=value) | Q(category__parent=value))
