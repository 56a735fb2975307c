"""Reads for the moderators: a constant number of queries per page, whatever the number of items.

A queue page costs: the count, the page (author joined, report counts by reason annotated), and one query per
registered reportable content type for the items' live content (GenericPrefetch), never one per row.
"""

from django.conf import settings
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, Q

from apps.accounts.models import User
from apps.core import content
from apps.core.content import Capability
from apps.core.pagination import count_at_most

from .models import ModeratedItem, Report


def _reason_counts():
    return {f"n_{value}": Count("reports", filter=Q(reports__reason=value)) for value in Report.Reason.values}


def _targets_prefetch():
    return GenericPrefetch("target", [entry.queryset() for entry in content.registered(Capability.REPORTABLE)])


def queue(*, process, status):
    """The items of one process (None: reports on participants) in one status, most recently reported first."""
    items = ModeratedItem.objects.filter(status=status)
    items = items.filter(process=process) if process is not None else items.filter(process__isnull=True)
    return (
        items.select_related("author")
        .annotate(**_reason_counts())
        .prefetch_related(_targets_prefetch())
        .order_by("-last_reported_at", "-pk")
    )


def decorate(items):
    """What a queue row shows, from what is loaded: kind, title, excerpt and the reasons given (no query)."""
    labels = dict(Report.Reason.choices)
    for item in items:
        target = item.target
        entry = content.content_for(target) if target is not None else None
        item.kind = entry.model._meta.verbose_name if entry else ""
        item.title = entry.title_of(target) if entry else ""
        item.excerpt = str(getattr(target, "body", "") or "")
        item.reasons = [
            (labels[v], getattr(item, f"n_{v}", 0)) for v in Report.Reason.values if getattr(item, f"n_{v}", 0)
        ]
        item.hideable = bool(entry and entry.hideable)
    return items


def status_counts(*, process, cap=None):
    """{status: (n, capped)} for the queue's tabs: n stops at `cap` (settings.LIST_COUNT_CAP) and `capped` says there
    are more ("1,000+"). One query per status, each reading at most cap + 1 entries of the queue's index, so years of
    dismissed reports are not counted on every visit."""
    cap = settings.LIST_COUNT_CAP if cap is None else cap
    items = (
        ModeratedItem.objects.filter(process=process)
        if process is not None
        else ModeratedItem.objects.filter(process__isnull=True)
    )
    counts = {}
    for status in ModeratedItem.Status.values:
        found = count_at_most(items.filter(status=status).order_by("-last_reported_at"), cap + 1)
        counts[status] = (min(found, cap), found > cap)
    return counts


def pending_counts(process_ids):
    """{process_id: pending items} for the back-office home panel, one query for all processes."""
    rows = (
        ModeratedItem.objects.filter(process_id__in=process_ids, status=ModeratedItem.Status.PENDING)
        .values("process_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["process_id"]: row["n"] for row in rows}


def item_detail(*, pk):
    item = (
        ModeratedItem.objects.select_related("author", "process", "decided_by").annotate(**_reason_counts()).get(pk=pk)
    )
    decorate([item])
    item.report_list = list(item.reports.select_related("reporter").order_by("-created_at", "-pk"))
    return item


def blocked_users():
    return User.objects.filter(blocked_at__isnull=False).order_by("-blocked_at")
