"""Events in the public statistics and open data (apps/stats/registry.py): the events an anonymous visitor may see
(no drafts, nothing hidden), how many people registered and attended; never who."""

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from apps.stats.registry import labels, register_dataset, register_figures, url_pattern, visible

from .models import Event, Registration


def _events(process):
    return visible(Event, process).order_by()


def event_figures(process):
    row = _events(process).aggregate(
        events=Count("pk", filter=Q(status=Event.Status.PUBLISHED)),
        attendees=Sum("attendees_count", filter=Q(status=Event.Status.PUBLISHED)),
        registered=Sum("registered_count", filter=Q(status=Event.Status.PUBLISHED)),
    )
    by_kind = dict(_events(process).filter(status=Event.Status.PUBLISHED).values_list("kind").annotate(n=Count("pk")))
    figures = {
        "totals": {
            "events": row["events"] or 0,
            "attendees": row["attendees"] or 0,
            "registrations": row["registered"] or 0,
        },
    }
    if by_kind:
        figures["breakdowns"] = [
            {
                "key": "events_by_kind",
                "title": labels(_("Events by kind")),
                "chart": False,
                "sum": True,
                "rows": [
                    {"label": labels(label), "count": by_kind[value]}
                    for value, label in Event.Kind.choices
                    if by_kind.get(value)
                ],
            }
        ]
    return figures


def event_people(process):
    registered = Registration.objects.filter(
        event__in=_events(process).values("pk"), status=Registration.Status.CONFIRMED, user__isnull=False
    ).order_by()
    return {f"u{pk}" for pk in registered.values_list("user_id", flat=True).distinct()}


register_figures("events", compute=event_figures, people=event_people)


EVENT_COLUMNS = (
    ("id", _("Identifier of the event")),
    ("url", _("Address of the event's page")),
    ("title", _("Title")),
    ("status", _("published or cancelled")),
    ("kind", _("in_person, online or hybrid")),
    ("official", _("true for an event of the organisers")),
    ("start_at", _("Start")),
    ("end_at", _("End")),
    ("place", _("Name of the place")),
    ("address", _("Address")),
    ("latitude", _("Latitude (WGS 84)")),
    ("longitude", _("Longitude (WGS 84)")),
    ("seats", _("Seats (empty: no limit)")),
    ("registered", _("People registered")),
    ("attendees", _("People present, from the closing report")),
    ("closed_at", _("When its report was published")),
    ("proposals", _("Ids of the proposals linked to it (proposals.csv), separated by spaces")),
)


def event_rows(process):
    url = url_pattern("events:detail", slug=process.slug)
    events = _events(process).prefetch_related("proposals").order_by("start_at", "pk")
    for event in events:
        yield {
            "id": event.pk,
            "url": url(event.pk),
            "title": event.title,
            "status": event.status,
            "kind": event.kind,
            "official": event.is_official,
            "start_at": event.start_at,
            "end_at": event.end_at,
            "place": event.place_name,
            "address": event.address,
            "latitude": event.latitude,
            "longitude": event.longitude,
            "seats": event.seats,
            "registered": event.registered_count,
            "attendees": event.attendees_count,
            "closed_at": event.closed_at,
            "proposals": " ".join(str(p.pk) for p in event.proposals.all()),
        }


def event_version(process):
    row = _events(process).aggregate(n=Count("pk"), latest=Max("updated_at"), registered=Sum("registered_count"))
    return [row["n"], str(row["latest"]), row["registered"]]


register_dataset(
    "events",
    title=_("Events"),
    description=_("The public meetings and workshops, with their registrations and attendance."),
    columns=EVENT_COLUMNS,
    rows=event_rows,
    version=event_version,
)
