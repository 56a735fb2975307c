"""What the events app adds to the back-office home (found by the back-office's autodiscovery)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.backoffice.panels import counts_per_process, register_panel
from apps.core.permissions import is_allowed

from .models import Event


def _to_close_counts(process_ids):
    """Events over and not closed yet: their report is waiting."""
    return counts_per_process(
        Event.objects.filter(
            process_id__in=process_ids, status=Event.Status.PUBLISHED, closed_at__isnull=True, end_at__lt=timezone.now()
        )
    )


def _upcoming_counts(process_ids):
    return counts_per_process(
        Event.objects.filter(process_id__in=process_ids, end_at__gte=timezone.now()).exclude(
            status=Event.Status.CANCELLED
        )
    )


def _link(user, process):
    if is_allowed("events.manage_events", user, process):
        return reverse("events_backoffice:events", kwargs={"slug": process.slug})
    return None


register_panel(
    "events.upcoming",
    title=_("Upcoming events"),
    description=_("Create events, follow their registrations and export them (CSV, XLSX)."),
    roles=set(),
    counts=_upcoming_counts,
    link=_link,
)
register_panel(
    "events.to_close",
    title=_("Events over, waiting for their report"),
    description=_("Close them with the report, the attendance and the proposals that came out of them."),
    roles=set(),
    counts=_to_close_counts,
    link=_link,
)
