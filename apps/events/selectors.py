"""Reads of events: who sees what, the agenda (upcoming, past, a month, the map), an event's page, the
registrations. Lists run a fixed number of queries whatever their length."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from apps.core.permissions import is_allowed
from apps.core.prepared import PreparedQuery
from apps.core.search import VECTOR, highlight, text_search, translated
from apps.spaces.models import ProcessRole
from apps.spaces.selectors import moderated_process_q, visible_process_q

from .models import Event, EventProposal, Registration


def event_visible_to(user, process=None):
    """The events `user` may see: the queryset twin of the `events.view_event` rule. Published and cancelled
    events of the processes the user may see; drafts to their organiser and the process's administrators; events
    hidden by the moderators only to their organiser and the process's moderators and administrators."""
    queryset = Event.objects.all()
    if process is not None:
        queryset = queryset.filter(process=process)
    draft = Q(status=Event.Status.DRAFT)
    shown = Q(hidden_at__isnull=True)
    if user.is_authenticated and user.is_superuser:
        return queryset
    if user.is_authenticated:
        administered = Q(
            process__in=ProcessRole.objects.filter(user=user, role=ProcessRole.Role.ADMIN).values("process_id")
        )
        shown |= Q(author=user) | moderated_process_q(user)
        condition = (~draft & visible_process_q(user)) | (draft & (Q(author=user) | administered))
    else:
        condition = ~draft & visible_process_q(user)
    return queryset.filter(condition & shown)


def _public(user, process=None):
    """What the agenda lists: visible, not drafts (a draft is reached from its organiser's page or the
    back-office), not hidden (the moderators' and the organiser's view of a hidden event is its own page)."""
    queryset = event_visible_to(user, process).exclude(status=Event.Status.DRAFT).filter(hidden_at__isnull=True)
    return queryset.select_related("process", "category", "theme")


def with_viewer_registration(events, *, user):
    """Attach the viewer's registrations to a list of events in one query (the rules read them from there)."""
    events = list(events)
    if not user.is_authenticated or not events:
        return events
    rows = {r.event_id: r for r in Registration.objects.filter(user=user, event__in=[e.pk for e in events])}
    for event in events:
        event.__dict__.setdefault("_pb_registrations", {})[user.pk] = rows.get(event.pk)
    return events


class When:
    UPCOMING = "upcoming"
    PAST = "past"


def agenda(*, user, process=None, when=When.UPCOMING, kind=None, now=None):
    """Upcoming events (soonest first, the ones under way included) or past ones (latest first)."""
    now = now or timezone.now()
    queryset = _public(user, process)
    if kind in Event.Kind.values:
        queryset = queryset.filter(kind=kind)
    if when == When.PAST:
        return queryset.past(now).order_by("-start_at", "-pk")
    return queryset.upcoming(now).order_by("start_at", "pk")


@dataclass
class Month:
    first: date
    weeks: list  # [[(day, [events])...7]...]
    previous: date
    next: date

    @property
    def key(self):
        return self.first.strftime("%Y-%m")


def parse_month(value, today=None):
    """'2026-12' -> date(2026, 12, 1); anything else -> this month."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1) if 1900 < year < 3000 else today.replace(day=1)
    except (TypeError, ValueError):
        return today.replace(day=1)


def month_calendar(*, user, first, process=None):
    """The month view: its weeks (Monday first), each day with its events, in one query."""
    tz = timezone.get_current_timezone()
    cal = calendar.Calendar(firstweekday=0)
    days = [d for week in cal.monthdatescalendar(first.year, first.month) for d in week]
    start = timezone.make_aware(datetime.combine(days[0], time.min), tz)
    end = timezone.make_aware(datetime.combine(days[-1] + timedelta(days=1), time.min), tz)
    events = list(_public(user, process).filter(start_at__lt=end, end_at__gte=start).order_by("start_at", "pk"))
    by_day = {}
    for event in events:
        day = timezone.localtime(event.start_at, tz).date()
        last = timezone.localtime(event.end_at, tz).date()
        while day <= last and day <= days[-1]:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    weeks = [[(d, by_day.get(d, [])) for d in days[i:i + 7]] for i in range(0, len(days), 7)]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Month(first=first, weeks=weeks, previous=previous, next=following)


def map_points(events):
    """The geolocated events as plain dicts for the map script (json_script)."""
    return [
        {
            "id": event.pk,
            "lat": float(event.latitude),
            "lng": float(event.longitude),
            "title": event.title,
            "place": event.place_name or event.address,
            "start": timezone.localtime(event.start_at).isoformat(),
            "url": event.get_absolute_url(),
        }
        for event in events
        if event.is_geolocated
    ]


def event_detail(*, pk, process=None):
    queryset = Event.objects.select_related("process", "category", "theme", "author", "closed_by")
    if process is not None:
        queryset = queryset.filter(process=process)
    event = queryset.get(pk=pk)
    if process is not None:
        event.process = process
    return event


def linked_proposals(*, event, user):
    """The proposals that came out of the event that the viewer may see (shown ones, public statuses)."""
    from apps.proposals.selectors import proposal_visible_to

    visible = proposal_visible_to(user, event.process).exclude(status="draft")
    links = (
        EventProposal.objects.filter(event=event, proposal__in=visible)
        .select_related("proposal", "proposal__process", "proposal__category", "proposal__theme")
        .order_by("pk")
    )
    return list(links)


def _events_of_proposal(proposal_id, process_id, user):
    visible = event_visible_to(user, None).filter(process_id=process_id)
    visible = visible.exclude(status=Event.Status.DRAFT).filter(hidden_at__isnull=True)
    return EventProposal.objects.filter(proposal_id=proposal_id, event__in=visible).select_related("event")


# The anonymous proposal page's read, compiled once per process (apps/core/prepared.py): anonymous visitors all
# see the same events (published or cancelled, not hidden, of a published process).
_EVENTS_OF_PROPOSAL_ANONYMOUS = PreparedQuery(
    lambda proposal_id, process_id: _events_of_proposal(proposal_id, process_id, AnonymousUser()).order_by(
        "event__start_at"
    )
)


# The signed-in visitor's read. Of a shown (not draft, not hidden) event, event_visible_to asks only that its process
# be visible to the user (published, or administered; every process for a site administrator), which is the
# spaces.view_process rule: asked once here, the query is the same for everyone (building event_visible_to's
# subqueries for each signed-in page took 4 ms of CPU, bench/residents.py).
_EVENTS_OF_PROPOSAL_SHOWN = PreparedQuery(
    lambda proposal_id, process_id: EventProposal.objects.filter(
        proposal_id=proposal_id, event__process_id=process_id, event__hidden_at__isnull=True
    )
    .exclude(event__status=Event.Status.DRAFT)
    .select_related("event")
    .order_by("event__start_at")
)


def events_of_proposal(*, proposal, user):
    """The events a proposal came out of, that the viewer may see (the proposal page shows them)."""
    process = proposal.process
    if user.is_authenticated:
        if not is_allowed("spaces.view_process", user, process):
            return []
        links = _EVENTS_OF_PROPOSAL_SHOWN.list(proposal_id=proposal.pk, process_id=process.pk)
    else:
        links = _EVENTS_OF_PROPOSAL_ANONYMOUS.list(proposal_id=proposal.pk, process_id=process.pk)
    for link in links:
        link.event.process = process  # the proposal's process, loaded already
    return links


def registrations_of(*, event):
    """The back-office list (and export) of an event's registrations, with the people, in one query."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("status", "waiting_since", "confirmed_at", "pk")
    )


def registration_rows(*, event):
    """Rows of the registrations export (one query, streamed)."""
    queryset = registrations_of(event=event).values(
        "code", "status", "user__display_name", "user__nickname", "user__email", "answer", "confirmed_at",
        "waiting_since",
    )
    labels = dict(Registration.Status.choices)
    for row in queryset.iterator(chunk_size=2000):
        yield {
            "code": row["code"],
            "status": str(labels.get(row["status"], row["status"])),
            "name": row["user__display_name"] or row["user__nickname"],
            "email": row["user__email"],
            "answer": row["answer"],
            "registered_at": row["confirmed_at"],
            "waiting_since": row["waiting_since"],
        }


def process_events_for_staff(*, process):
    """The back-office list: every event of the process, drafts and hidden ones included."""
    return Event.objects.filter(process=process).select_related("author", "category").order_by("-start_at", "-pk")


def my_registration(*, event, user):
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def process_has_events(process):
    return Event.objects.shown().filter(process=process).exists()


def event_search(*, user, query, language=None):
    """The site-wide search's events (content contract): published or cancelled events `user` may see, not hidden,
    matching `query` in their title, description or place, in any language (the stored vectors of migration 0004
    on PostgreSQL, icontains elsewhere), best match first, then the latest. Drafts are never found, not even by
    their organiser."""
    queryset = (
        event_visible_to(user)
        .exclude(status=Event.Status.DRAFT)
        .filter(hidden_at__isnull=True)
        .select_related("process")
    )
    found = text_search(
        queryset, query, fields=(*translated("title", "description"), "place_name"), vector=VECTOR,
        language=language,
    )
    return found.order_by("-search_rank", "-start_at", "pk")


def event_search_highlight(events, *, query, language=None):
    return highlight(events, query=query, field="description", html=True, language=language)
