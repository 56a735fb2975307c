"""Filters of the audit log (django-filter): process, actor, action, object type and date range."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit_labels import ACTION_LABELS, ADMIN_VERBS, action_label
from apps.core.models import AuditEntry


class LabelledDateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two date boxes under one visible label: each box names itself for screen readers ("from", "to")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("From (date)")
        self.widgets[1].attrs["aria-label"] = _("To (date)")


class AuditEntryFilter(django_filters.FilterSet):
    process = django_filters.ChoiceFilter(field_name="process_id", label=_("Process"), empty_label=_("All processes"))
    actor = django_filters.CharFilter(method="filter_actor", label=_("Who (e-mail or nickname)"))
    action = django_filters.ChoiceFilter(method="filter_action", label=_("Action"), empty_label=_("All actions"))
    target_type = django_filters.ChoiceFilter(label=_("Object type"), empty_label=_("All types"))
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Date (from, to)"), widget=LabelledDateRangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEntry
        fields = ["process", "actor", "action", "target_type", "created_at"]

    def __init__(self, data=None, queryset=None, *, processes, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # The choices come from what this person may read: one query each, whatever the number of entries.
        self.filters["process"].extra["choices"] = [(p.pk, p.title) for p in processes]
        base = queryset.order_by()
        # The known codes, not a DISTINCT over the log: that reads every entry of the reader's processes (a scan
        # of half a million rows in a large city), for a list that hardly changes.
        labels = [(code, action_label(code)) for code in ACTION_LABELS]
        labels += [(f"admin.{verb}", label % {"model": _("An object")}) for verb, label in ADMIN_VERBS.items()]
        self.filters["action"].extra["choices"] = sorted(labels, key=lambda choice: choice[1].lower())
        types = ContentType.objects.filter(pk__in=base.exclude(target_type=None).values("target_type")).order_by(
            "app_label", "model"
        )
        self.filters["target_type"].extra["choices"] = [(t.pk, f"{t.app_label} · {t.name}") for t in types]

    def filter_action(self, queryset, name, value):
        if value.startswith("admin.") and value.removeprefix("admin.") in ADMIN_VERBS:
            # "admin.change" stands for every model's "admin.change_<model>".
            return queryset.filter(action__startswith=f"{value}_")
        return queryset.filter(action=value)

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(actor__email__iexact=value) | Q(actor__nickname__icontains=value))
