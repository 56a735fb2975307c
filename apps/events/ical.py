"""iCalendar (RFC 5545) with `icalendar`: the feeds (a process's events, the whole site's) and one event's .ics
("add to my calendar", the registration e-mail's attachment). Texts are in the active language."""

import html
from datetime import UTC

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Event

PRODID = "-//pbplatform//events//EN"


def _plain(value):
    return html.unescape(strip_tags(value or "")).strip()


def _site_url():
    return settings.SITE_URL.rstrip("/")


def _host():
    return _site_url().split("://", 1)[-1].split("/", 1)[0] or "pbplatform"


def uid_of(event):
    return f"event-{event.pk}@{_host()}"


def _vevent(event, *, stamp):
    item = icalendar.Event()
    item.add("uid", uid_of(event))
    item.add("dtstamp", stamp)
    item.add("dtstart", event.start_at.astimezone(UTC))
    item.add("dtend", event.end_at.astimezone(UTC))
    item.add("last-modified", event.updated_at or stamp)
    title = event.title
    if event.status == Event.Status.CANCELLED:
        title = _("Cancelled: %(title)s") % {"title": title}
    item.add("summary", title)
    url = _site_url() + event.get_absolute_url()
    description = _plain(event.description)
    if event.location_hints:
        description += "\n\n" + _plain(event.location_hints)
    item.add("description", f"{description}\n\n{url}".strip())
    item.add("url", url)
    location = ", ".join(part for part in (event.place_name, event.address) if part)
    if not location and event.is_online:
        location = str(_("Online"))
    if location:
        item.add("location", location)
    if event.is_geolocated:
        item.add("geo", (float(event.latitude), float(event.longitude)))
    if event.category_id:
        item.add("categories", [str(event.category)])
    item.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    item.add("sequence", 1 if event.status == Event.Status.CANCELLED else 0)
    return item


def calendar_for(events, *, name):
    """A VCALENDAR holding `events` (already filtered for the reader), as bytes."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    language = get_language()
    if language:
        cal.add("x-pb-language", language)
    stamp = timezone.now()
    for event in events:
        cal.add_component(_vevent(event, stamp=stamp))
    return cal.to_ical()


def event_ics(event):
    return calendar_for([event], name=event.title)


def google_calendar_url(event):
    """"Add to Google Calendar": a link to Google's event template (the person's own account does the rest)."""
    from urllib.parse import urlencode

    def stamp(moment):
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    location = ", ".join(part for part in (event.place_name, event.address) if part)
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{stamp(event.start_at)}/{stamp(event.end_at)}",
        "details": f"{_plain(event.description)}\n\n{_site_url()}{event.get_absolute_url()}".strip(),
    }
    if location:
        query["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
