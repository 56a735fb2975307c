"""The e-mails of registrations, in the person's language, with the event's .ics attached where it helps."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from .ical import event_ics


class Kind:
    CONFIRMED = "confirmed"  # registered: a seat is yours
    WAITING = "waiting"  # the event is full: you are on the waiting list
    PROMOTED = "promoted"  # a seat was freed: you moved up from the waiting list
    CANCELLED_EVENT = "cancelled_event"  # the organisers cancelled the event

    ALL = (CONFIRMED, WAITING, PROMOTED, CANCELLED_EVENT)


def _subject(kind, title):
    subjects = {
        Kind.CONFIRMED: _("You are registered: %(title)s"),
        Kind.WAITING: _("You are on the waiting list: %(title)s"),
        Kind.PROMOTED: _("A seat is yours: %(title)s"),
        Kind.CANCELLED_EVENT: _("Event cancelled: %(title)s"),
    }
    return subjects[kind] % {"title": title}


def registration_message(registration, *, kind):
    """The message for `registration` (its person, its event), rendered in the person's language."""
    user = registration.user
    event = registration.event
    site = settings.SITE_URL.rstrip("/")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        start = timezone.localtime(event.start_at)
        end = timezone.localtime(event.end_at)
        context = {
            "kind": kind,
            "event_title": event.title,
            "when": formats.date_format(start, "l j F Y, H:i") + " – " + formats.time_format(end, "H:i"),
            "place": ", ".join(p for p in (event.place_name, event.address) if p),
            "is_online": event.is_online,
            "code": registration.code,
            "url": site + event.get_absolute_url(),
            "reason": event.cancel_reason,
            "site_name": settings.SITE_NAME,
            "site_url": site,
        }
        subject = f"[{settings.SITE_NAME}] " + _subject(kind, event.title)
        text = render_to_string("emails/event_registration.txt", context)
        body_html = render_to_string("emails/event_registration.html", context)
        attachment = event_ics(event) if kind in (Kind.CONFIRMED, Kind.PROMOTED, Kind.CANCELLED_EVENT) else None
    message = EmailMultiAlternatives(" ".join(subject.split()), text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(body_html, "text/html")
    if attachment is not None:
        message.attach("event.ics", attachment, "text/calendar; charset=utf-8; method=PUBLISH")
    return message
