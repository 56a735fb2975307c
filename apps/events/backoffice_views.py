"""Back-office: a process's events (every state, with their registrations) and one event's registrations, exported
as CSV or XLSX through the back-office's streaming writers."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from apps.backoffice.exports import Export, Format, export_response
from apps.core.services import audit_record
from apps.spaces.models import Process

from . import selectors
from .models import Event

REGISTRATION_COLUMNS = ("code", "status", "name", "email", "answer", "registered_at", "waiting_since")
EXPORT_FORMATS = (Format.CSV, Format.XLSX)


def process_from_url(request, slug, **kwargs):
    return get_object_or_404(Process, slug=slug)


def event_from_url(request, pk, **kwargs):
    return get_object_or_404(Event.objects.select_related("process"), pk=pk)


def event_list(request, slug):
    process = process_from_url(request, slug)
    events = list(selectors.process_events_for_staff(process=process))
    return render(request, "events/backoffice/event_list.html", {"process": process, "events": events})


def registrations(request, pk):
    event = event_from_url(request, pk)
    rows = list(selectors.registrations_of(event=event))
    return render(
        request,
        "events/backoffice/registrations.html",
        {"process": event.process, "event": event, "registrations": rows, "formats": EXPORT_FORMATS},
    )


def registrations_export(request, pk, fmt):
    event = event_from_url(request, pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    export = Export(
        key=f"event-{event.pk}-registrations",
        model=None,
        title=_("Registrations"),
        columns=REGISTRATION_COLUMNS,
        rows=lambda user, process: selectors.registration_rows(event=event),
        rule="events.manage_registrations",
    )
    audit_record(actor=request.user, action="events.registrations_export", target=event, data={"format": fmt})
    return export_response(export, user=request.user, process=event.process, fmt=fmt)
