"""Writes for events: creating, editing, publishing, cancelling, registering (seats and the waiting list, under the
event's row lock), closing with the report and the proposals, hiding (moderation's hook)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.background import enqueue
from apps.core.pagecache import bump_content, bump_page
from apps.core.permissions import ensure_allowed, is_allowed
from apps.core.sanitize import clean_html
from apps.core.services import audit_record
from apps.machine_translation.services import translations_request
from apps.notifications import services as notification_services

from .emails import Kind
from .models import Event, EventProposal, Registration
from .pipeline import PIPELINE

TRANSLATED_FIELDS = ("title", "description", "location_hints", "registration_question", "closing_report")
PLAIN_FIELDS = (
    "kind", "place_name", "address", "latitude", "longitude", "online_url", "start_at", "end_at", "category",
    "theme", "registration_type", "registration_url", "seats",
)
RICH_FIELDS = ("description", "closing_report")
WHEN_AND_WHERE = ("start_at", "end_at", "place_name", "address", "kind", "online_url")
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def _pages_changed(event):
    """The event's page, its process's pages and the site's agenda, for anonymous visitors (apps/core/pagecache.py):
    an edit, a status, seats taken or freed."""
    bump_content(event)
    bump_page(reverse("events:agenda"))


def _seats_changed(event):
    """Seats taken or freed show on the event's page, its process's list of events and the agenda only: a
    registration does not start the process's other cached pages (every proposal's) afresh."""
    bump_page(event.get_absolute_url())
    bump_page(reverse("events:list", kwargs={"slug": event.process.slug}))
    bump_page(reverse("events:agenda"))


def _clean_value(name, value):
    if name in RICH_FIELDS:
        return clean_html(value or "").strip()
    if isinstance(value, str):
        return value.strip()
    return value


def _apply(event, data):
    """Copy the form's data onto the event. A translated field comes either per language (`title_en`, the
    organisers' tabs) or once (`title`, a participant's form: stored in the current language, and in the default
    language too while that one is empty, so every page has a text)."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    current = current.split("-")[0] if current.split("-")[0] in LANGUAGES else settings.LANGUAGE_CODE
    for name in TRANSLATED_FIELDS:
        for code in LANGUAGES:
            key = f"{name}_{code}"
            if key in data:
                setattr(event, key, _clean_value(name, data[key]) or "")
        if name in data:
            value = _clean_value(name, data[name]) or ""
            setattr(event, f"{name}_{current}", value)
            default = f"{name}_{settings.LANGUAGE_CODE}"
            if not getattr(event, default, ""):
                setattr(event, default, value)
    for name in PLAIN_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(event, name, value)
    if event.registration_type != Event.RegistrationType.HERE:
        event.seats = None if event.registered_count == 0 else event.seats
    if event.registration_type != Event.RegistrationType.EXTERNAL:
        event.registration_url = ""
    if not event.is_online:
        event.online_url = ""
    if event.title:
        event.title = " ".join(event.title.split())


@transaction.atomic
def event_create(*, process, author, data, publish=True):
    """A new event: by a process administrator (official) or, where the process allows it, a participant (then
    published at once and moderated like proposals)."""
    ensure_allowed("events.add_event", user=author, obj=process)
    event = Event(process=process, author=author, is_official=is_allowed("events.manage_events", author, process))
    _apply(event, data)
    PIPELINE.check_initial(Event.Status.DRAFT)
    event.full_clean()
    event.save()
    audit_record(actor=author, action="events.create", target=event, data={"title": event.title})
    translations_request(obj=event)
    _pages_changed(event)
    notification_services.follow_add(user=author, target=event)
    if publish:
        event = event_status_set(event=event, to=Event.Status.PUBLISHED, actor=author)
    return event


@transaction.atomic
def event_update(*, event, user, data):
    """Edit an event before it ends. More seats move people up from the waiting list; fewer than the people
    registered is refused."""
    event = Event.objects.select_for_update(of=("self",)).select_related("process").get(pk=event.pk)
    ensure_allowed("events.change_event", user=user, obj=event)
    before = {name: str(getattr(event, name)) for name in PLAIN_FIELDS + TRANSLATED_FIELDS}
    _apply(event, data)
    if event.registration_type != Event.RegistrationType.HERE and (event.registered_count or event.waiting_count):
        raise ValidationError(
            {"registration_type": _("People are registered here: keep the registration on this site.")}
        )
    event.full_clean()
    event.save()
    changed = [name for name in before if str(getattr(event, name)) != before[name]]
    audit_record(actor=user, action="events.update", target=event, data={"changed": changed})
    translations_request(obj=event)  # the task asks the provider only for a text it has not translated yet
    _pages_changed(event)
    _promote_waiting(event)
    if event.status == Event.Status.PUBLISHED and set(changed) & set(WHEN_AND_WHERE):
        # As Decidim does: the people registered (they follow the event) and its followers hear of a new date or
        # place. The excerpt is language-neutral (dates and the place's own name).
        start, end = timezone.localtime(event.start_at), timezone.localtime(event.end_at)
        where = ", ".join(part for part in (event.place_name, event.address) if part)
        excerpt = f"{start:%Y-%m-%d %H:%M} – {end:%H:%M}" + (f" · {where}" if where else "")
        notification_services.notify_status_changed(target=event, actor=user, answer=excerpt, status_changed=False)
    return event


@transaction.atomic
def event_status_set(*, event, to, actor, reason=""):
    """The ONLY writer of an event's status: the pipeline's moves (draft → published → cancelled), audited, the
    followers told. Cancelling tells every registered and waiting person by e-mail."""
    event = Event.objects.select_for_update(of=("self",)).select_related("process").get(pk=event.pk)
    before = event.status
    if to not in Event.Status.values:
        raise ValidationError({"status": _("Unknown status: %(status)s.") % {"status": to}})
    PIPELINE.check(before, to)
    rule = {Event.Status.PUBLISHED: "events.publish_event", Event.Status.CANCELLED: "events.cancel_event"}[to]
    ensure_allowed(rule, user=actor, obj=event)
    now = timezone.now()
    event.status = to
    if to == Event.Status.PUBLISHED:
        event.published_at = now
    if to == Event.Status.CANCELLED:
        if not (reason or "").strip():
            raise ValidationError({"cancel_reason": _("Say why the event is cancelled: it is shown on its page.")})
        event.cancelled_at = now
        event.cancel_reason = reason.strip()
    event.full_clean()
    event.save()
    audit_record(actor=actor, action=f"events.{to}", target=event, data={"before": before, "after": to})
    _pages_changed(event)
    if to == Event.Status.CANCELLED:
        active = Registration.objects.filter(
            event=event, status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
        )
        for registration_id in active.values_list("pk", flat=True):
            _send(registration_id, Kind.CANCELLED_EVENT)
        notification_services.notify_status_changed(target=event, actor=actor, answer=event.cancel_reason)
    return event


def event_publish(*, event, user):
    return event_status_set(event=event, to=Event.Status.PUBLISHED, actor=user)


def event_cancel(*, event, user, reason):
    return event_status_set(event=event, to=Event.Status.CANCELLED, actor=user, reason=reason)


@transaction.atomic
def event_draft_delete(*, event, user):
    ensure_allowed("events.delete_event", user=user, obj=event)
    audit_record(actor=user, action="events.draft_delete", target=event, data={"title": event.title})
    event.delete()


# -- registrations ---------------------------------------------------------------------------------------------------


def _send(registration_id, kind):
    from .tasks import send_registration_email  # tasks import this module's models

    enqueue(send_registration_email, registration_id=registration_id, kind=kind)


def _own_registration(event, user):
    if not user.is_authenticated:
        return None
    return Registration.objects.select_for_update().filter(event=event, user=user).first()


def _locked(event):
    return Event.objects.select_for_update(of=("self",)).select_related("process").get(pk=event.pk)


@transaction.atomic
def registration_create(*, event, user, answer=""):
    """Register `user`: a seat when one is left, otherwise the waiting list. The event's row is locked, so two
    people asking for the last seat at once are served one after the other (the CHECK on the counter and the
    UNIQUE (event, user) hold whatever happens)."""
    event = _locked(event)
    registration = _own_registration(event, user)
    if registration is not None:
        event.__dict__.setdefault("_pb_registrations", {})[user.pk] = registration
    ensure_allowed("events.register_event", user=user, obj=event)
    answer = (answer or "").strip()
    if len(answer) > 1000:
        raise ValidationError({"answer": _("Keep your answer under 1,000 characters.")})
    now = timezone.now()
    has_seat = event.seats is None or event.registered_count < event.seats
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.answer = answer
    registration.cancelled_at = None
    if has_seat:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.waiting_since = None
        event.registered_count += 1
    else:
        registration.status = Registration.Status.WAITING
        registration.waiting_since = now
        registration.confirmed_at = None
        event.waiting_count += 1
    registration.full_clean(exclude=["event", "user"])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:  # the UNIQUE (event, user): a second click that went past the lock
        raise ValidationError(_("You are already registered.")) from error
    Event.objects.filter(pk=event.pk).update(
        registered_count=event.registered_count, waiting_count=event.waiting_count
    )
    audit_record(
        actor=user, action="events.register", target=event,
        data={"status": registration.status, "code": registration.code},
    )
    _seats_changed(event)
    if notification_services.is_followable(event):
        notification_services.follow_add(user=user, target=event)
    _send(registration.pk, Kind.CONFIRMED if has_seat else Kind.WAITING)
    return registration


@transaction.atomic
def registration_cancel(*, event, user):
    """Cancel one's registration (or leave the waiting list): a freed seat goes to the first person waiting, who is
    told by e-mail."""
    event = _locked(event)
    registration = _own_registration(event, user)
    if user.is_authenticated:
        event.__dict__.setdefault("_pb_registrations", {})[user.pk] = registration
    ensure_allowed("events.leave_event", user=user, obj=event)
    was = registration.status
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if was == Registration.Status.CONFIRMED:
        event.registered_count -= 1
    else:
        event.waiting_count -= 1
    Event.objects.filter(pk=event.pk).update(
        registered_count=event.registered_count, waiting_count=event.waiting_count
    )
    audit_record(actor=user, action="events.unregister", target=event, data={"before": was})
    _seats_changed(event)
    _promote_waiting(event)
    return registration


def _promote_waiting(event):
    """Give the free seats to the people waiting, first come first served (inside the caller's lock)."""
    if event.seats is not None:
        free = event.seats - event.registered_count
    else:
        free = event.waiting_count
    if free <= 0 or event.waiting_count == 0 or event.start_at <= timezone.now():
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITING)
        .order_by("waiting_since", "pk")[:free]
    )
    now = timezone.now()
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.waiting_since = None
        registration.save(update_fields=["status", "confirmed_at", "waiting_since", "updated_at"])
        _send(registration.pk, Kind.PROMOTED)
    event.registered_count += len(waiting)
    event.waiting_count -= len(waiting)
    Event.objects.filter(pk=event.pk).update(
        registered_count=event.registered_count, waiting_count=event.waiting_count
    )
    if waiting:
        audit_record(
            actor=None, action="events.waiting_list_moved", target=event,
            data={"promoted": [r.user_id for r in waiting]},
        )
    return waiting


# -- closing ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def event_close(*, event, user, report, attendees_count, organisations="", proposals=(), new_proposals=()):
    """Close an event after its end (or edit its closing): the report (sanitised rich text), the number of
    attendees, the organisations present, the existing proposals that came out of it and new official
    proposals attributed to the meeting (process administrators only)."""
    from apps.proposals.models import Proposal
    from apps.proposals.services import proposal_admin_save

    event = _locked(event)
    ensure_allowed("events.close_event", user=user, obj=event)
    new_proposals = [p for p in new_proposals if (p.get("title") or "").strip() or (p.get("body") or "").strip()]
    if new_proposals:
        ensure_allowed("events.create_event_proposals", user=user, obj=event)
    errors = {}
    report = clean_html(report or "").strip()
    if not report:
        errors["closing_report"] = _("Write the report of the meeting.")
    if attendees_count is None or attendees_count < 0:
        errors["attendees_count"] = _("Give the number of attendees.")
    proposals = list(proposals)
    for proposal in proposals:
        if proposal.process_id != event.process_id:
            errors["proposals"] = _("Only proposals of this process can be linked.")
        elif proposal.status in (Proposal.Status.DRAFT, Proposal.Status.MERGED) or proposal.hidden_at is not None:
            errors["proposals"] = _("%(title)s cannot be linked.") % {"title": proposal.title}
    if errors:
        raise ValidationError(errors)
    first_close = event.closed_at is None
    _apply(event, {"closing_report": report})
    event.attendees_count = attendees_count
    event.attending_organisations = (organisations or "").strip()
    event.closed_at = event.closed_at or max(timezone.now(), event.end_at)
    event.closed_by = user
    event.full_clean()
    event.save()
    kept = {link.proposal_id: link for link in EventProposal.objects.filter(event=event)}
    wanted = {p.pk for p in proposals}
    EventProposal.objects.filter(event=event, created_here=False).exclude(proposal_id__in=wanted).delete()
    EventProposal.objects.bulk_create(
        [EventProposal(event=event, proposal=p) for p in proposals if p.pk not in kept], ignore_conflicts=True
    )
    created = []
    for index, item in enumerate(new_proposals):
        proposal = Proposal(
            process=event.process,
            author=user,
            is_official=True,
            status=Proposal.Status.PUBLISHED,
            wizard_step=4,
            title=" ".join((item.get("title") or "").split()),
            body=(item.get("body") or "").strip(),
            category=event.category,
            theme=event.theme,
            address=event.address,
            latitude=event.latitude,
            longitude=event.longitude,
        )
        try:
            proposal = proposal_admin_save(proposal=proposal, actor=user, is_new=True)
        except ValidationError as error:
            raise ValidationError(
                {f"new_{index}_{field}": messages for field, messages in error.message_dict.items()}
            ) from error
        EventProposal.objects.create(event=event, proposal=proposal, created_here=True)
        created.append(proposal)
    audit_record(
        actor=user,
        action="events.close" if first_close else "events.close_update",
        target=event,
        data={
            "attendees": attendees_count,
            "linked": sorted(wanted),
            "created": [p.pk for p in created],
        },
    )
    _pages_changed(event)
    return event


@transaction.atomic
def event_set_hidden(event, *, hidden_at, reason=""):
    """Moderation's hook (registered with the content contract): hide (`hidden_at` set) or show the event."""
    event.hidden_at = hidden_at
    event.hidden_reason = reason if hidden_at is not None else ""
    Event.objects.filter(pk=event.pk).update(hidden_at=event.hidden_at, hidden_reason=event.hidden_reason)
    return event


def ensure_can_see(user, event):
    if not is_allowed("events.view_event", user, event):
        raise PermissionDenied(_("This event is not available."))


# -- personal data ---------------------------------------------------------------------------------------------------


def registrations_export(user):
    """Data export section "event_registrations": the person's registrations and their answers."""
    rows = Registration.objects.filter(user=user).select_related("event", "event__process").order_by("pk")
    return [
        {
            "event": row.event.title,
            "process": row.event.process.slug,
            "start": row.event.start_at.isoformat(),
            "status": row.status,
            "code": row.code,
            "answer": row.answer,
            "registered_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
        }
        for row in rows
    ]


@transaction.atomic
def registrations_erase(user):
    """Account deletion: the person's seats in events to come are freed (the first people waiting move up) and
    every registration row of theirs goes, with its answer. Events they organised stay, as "deleted participant"."""
    active = Registration.objects.filter(
        user=user, status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
    ).values_list("event_id", "status")
    for event_id, status in active:
        event = Event.objects.select_for_update(of=("self",)).get(pk=event_id)
        if status == Registration.Status.CONFIRMED:
            event.registered_count -= 1
        else:
            event.waiting_count -= 1
        Registration.objects.filter(event=event, user=user).delete()
        Event.objects.filter(pk=event.pk).update(
            registered_count=event.registered_count, waiting_count=event.waiting_count
        )
        _promote_waiting(event)
    Registration.objects.filter(user=user).delete()
