"""Event pages: the agenda of a process and of the site (list, month, map), an event's page, creating and
editing, registering, cancelling, closing; the iCal feeds and one event's .ics."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.decorators import check_rule
from apps.core.http import FAILED, form_errors_from, run_service
from apps.core.pagination import CappedPaginator
from apps.core.permissions import is_allowed, refusal_reason
from apps.proposals.selectors import map_defaults
from apps.spaces.views import visible_process_or_404

from . import ical, selectors, services
from .forms import CancelForm, CloseForm, OrganiserEventForm, ParticipantEventForm, RegistrationForm
from .models import Event

PAGE_SIZE = 20
VIEWS = ("list", "calendar", "map")


def _visible_event(request, process, pk):
    try:
        event = selectors.event_detail(pk=pk, process=process)
    except (Event.DoesNotExist, OverflowError) as missing:
        raise Http404 from missing
    if refusal_reason("events.view_event", request.user, event):
        raise Http404
    return event


def _agenda(request, *, process):
    view = request.GET.get("view")
    view = view if view in VIEWS else "list"
    when = selectors.When.PAST if request.GET.get("when") == selectors.When.PAST else selectors.When.UPCOMING
    kind = request.GET.get("kind") if request.GET.get("kind") in Event.Kind.values else ""
    context = {
        "process": process,
        "view": view,
        "when": when,
        "kind": kind,
        "kinds": Event.Kind.choices,
        "feed_url": (
            reverse("events:process_feed", kwargs={"slug": process.slug}) if process else reverse("events:site_feed")
        ),
    }
    if view == "calendar":
        first = selectors.parse_month(request.GET.get("month"))
        context["month"] = selectors.month_calendar(user=request.user, first=first, process=process)
        context["today"] = timezone.localdate()
    elif view == "map":
        events = selectors.agenda(user=request.user, process=process, when=when, kind=kind)
        context["map_points"] = selectors.map_points(events)
        context["events_without_place"] = sum(1 for e in events if not e.is_geolocated)
    else:
        # A capped count (core.pagination): the agenda of a large city reads at most LIST_COUNT_CAP events to count.
        events = selectors.agenda(user=request.user, process=process, when=when, kind=kind)
        page_obj = CappedPaginator(events, PAGE_SIZE, page=request.GET.get("page")).get_page()
        context["page_obj"] = page_obj
        context["events"] = selectors.with_viewer_registration(page_obj.object_list, user=request.user)
    if process is not None:
        context["can_add"] = is_allowed("events.add_event", request.user, process)
    return context


def process_events(request, slug):
    process = visible_process_or_404(request, slug)
    return render(request, "events/event_list.html", _agenda(request, process=process))


def site_agenda(request):
    return render(request, "events/event_list.html", _agenda(request, process=None))


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


FEED_DAYS_BACK = 180


def process_feed(request, slug):
    process = visible_process_or_404(request, slug)
    since = timezone.now() - timezone.timedelta(days=FEED_DAYS_BACK)
    events = selectors.agenda(user=request.user, process=process, now=since)
    return _ics_response(ical.calendar_for(events, name=process.title), f"{process.slug}.ics")


def site_feed(request):
    since = timezone.now() - timezone.timedelta(days=FEED_DAYS_BACK)
    events = selectors.agenda(user=request.user, now=since)
    from django.conf import settings

    return _ics_response(ical.calendar_for(events, name=settings.SITE_NAME), "events.ics")


def event_ics(request, slug, pk):
    process = visible_process_or_404(request, slug)
    event = _visible_event(request, process, pk)
    if event.is_draft:
        raise Http404
    return _ics_response(ical.event_ics(event), f"event-{event.pk}.ics")


def event_detail(request, slug, pk):
    process = visible_process_or_404(request, slug)
    event = _visible_event(request, process, pk)
    registration = selectors.my_registration(event=event, user=request.user)
    if request.user.is_authenticated:
        event.__dict__.setdefault("_pb_registrations", {})[request.user.pk] = registration
    context = {
        "process": process,
        "event": event,
        "registration": registration,
        "registration_form": RegistrationForm(event=event),
        "proposal_links": selectors.linked_proposals(event=event, user=request.user) if event.is_closed else [],
        "map_point": (
            {"lat": float(event.latitude), "lng": float(event.longitude), "title": event.title}
            if event.is_geolocated else None
        ),
        "target": event,
        "absolute_url": request.build_absolute_uri(event.get_absolute_url()),
        "google_calendar_url": ical.google_calendar_url(event),
    }
    return render(request, "events/event_detail.html", context)


def _form_class(user, process):
    return OrganiserEventForm if is_allowed("events.manage_events", user, process) else ParticipantEventForm


def _form_page(request, process, form, *, event):
    context = {"process": process, "form": form, "event": event, "map_defaults": map_defaults(process=process)}
    return render(request, "events/event_form.html", context)


def event_create(request, slug):
    process = visible_process_or_404(request, slug)
    refused = check_rule(request, "events.add_event", process)
    if refused is not None:
        return refused
    form_class = _form_class(request.user, process)
    form = form_class(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        publish = "save_draft" not in request.POST
        event = run_service(
            form, services.event_create, process=process, author=request.user, data=form.service_data(),
            publish=publish,
        )
        if event is not FAILED:
            messages.success(request, _("The event is published.") if publish else _("The draft is saved."))
            return redirect(event.get_absolute_url())
    return _form_page(request, process, form, event=None)


def event_edit(request, slug, pk):
    process = visible_process_or_404(request, slug)
    event = _visible_event(request, process, pk)
    refused = check_rule(request, "events.change_event", event)
    if refused is not None:
        return refused
    form = _form_class(request.user, process)(request.POST or None, instance=event, process=process)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, services.event_update, event=event, user=request.user, data=form.service_data())
        if saved is not FAILED:
            messages.success(request, _("The event is saved."))
            return redirect(reverse("events:detail", kwargs={"slug": slug, "pk": pk}))
    return _form_page(request, process, form, event=event)


def _act(request, action, success, *, slug, pk):
    """POST-only actions on an event: run the service, say what happened, back to the event's page."""
    process = visible_process_or_404(request, slug)
    event = _visible_event(request, process, pk)
    try:
        action(event)
    except PermissionDenied as error:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={event.get_absolute_url()}")
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success() if callable(success) else success)
    return redirect(reverse("events:detail", kwargs={"slug": slug, "pk": pk}))


@require_POST
def event_publish(request, slug, pk):
    return _act(
        request, lambda event: services.event_publish(event=event, user=request.user), _("The event is published."),
        slug=slug, pk=pk,
    )


@require_POST
def event_delete(request, slug, pk):
    process = visible_process_or_404(request, slug)
    event = _visible_event(request, process, pk)
    try:
        services.event_draft_delete(event=event, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(event.get_absolute_url())
    messages.success(request, _("The draft is deleted."))
    return redirect(reverse("events:list", kwargs={"slug": slug}))


@require_POST
def event_register(request, slug, pk):
    outcome = {}

    def register(event):
        form = RegistrationForm(request.POST, event=event)
        answer = form.cleaned_data["answer"] if form.is_valid() else ""
        with transaction.atomic():
            outcome["registration"] = services.registration_create(event=event, user=request.user, answer=answer)

    def said():
        if outcome["registration"].is_waiting:
            return _("The event is full: you are on the waiting list. We will e-mail you if a seat is freed.")
        return _("You are registered. A confirmation is on its way to your mailbox, with the event for your calendar.")

    return _act(request, register, said, slug=slug, pk=pk)


@require_POST
def event_leave(request, slug, pk):
    return _act(
        request, lambda event: services.registration_cancel(event=event, user=request.user),
        _("Your registration is cancelled."), slug=slug, pk=pk,
    )


def event_cancel(request, slug, pk):
    process = visible_process_or_404(request, slug)
    event = _visible_event(request, process, pk)
    refused = check_rule(request, "events.cancel_event", event)
    if refused is not None:
        return refused
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(event=event, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", " ".join(error.messages))
        else:
            messages.success(request, _("The event is cancelled; the people registered are told by e-mail."))
            return redirect(event.get_absolute_url())
    return render(request, "events/event_cancel.html", {"process": process, "event": event, "form": form})


def event_close(request, slug, pk):
    process = visible_process_or_404(request, slug)
    event = _visible_event(request, process, pk)
    refused = check_rule(request, "events.close_event", event)
    if refused is not None:
        return refused
    may_create = is_allowed("events.create_event_proposals", request.user, event)
    initial = None
    if event.is_closed:
        initial = {
            "closing_report": event.closing_report,
            "attendees_count": event.attendees_count,
            "attending_organisations": event.attending_organisations,
            "proposals": list(event.proposal_links.filter(created_here=False).values_list("proposal_id", flat=True)),
        }
    form = CloseForm(request.POST or None, initial=initial, event=event, may_create_proposals=may_create)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.event_close(
                event=event,
                user=request.user,
                report=data["closing_report"],
                attendees_count=data["attendees_count"],
                organisations=data["attending_organisations"],
                proposals=data["proposals"],
                new_proposals=form.new_proposals(),
            )
        except ValidationError as error:
            form_errors_from(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The event is closed: its report is on its page."))
            return redirect(event.get_absolute_url())
    return render(request, "events/event_close.html", {"process": process, "event": event, "form": form})
