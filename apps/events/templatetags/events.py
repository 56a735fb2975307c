from django import template

from ..selectors import events_of_proposal

register = template.Library()


@register.filter
def viewer_registration(event, user):
    """The viewer's active registration on an event of a list (filled by selectors.with_viewer_registration)."""
    if not user.is_authenticated:
        return None
    registration = event.__dict__.get("_pb_registrations", {}).get(user.pk)
    if registration is None or not (registration.is_confirmed or registration.is_waiting):
        return None
    return registration


@register.simple_tag
def proposal_events(proposal, user):
    """The events a proposal came out of (the proposal page shows them)."""
    return events_of_proposal(proposal=proposal, user=user)


@register.simple_tag
def process_event_count(process):
    """{"total": n, "upcoming": n}: what the process page's Events link says (shown events only), one query."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from ..models import Event

    return Event.objects.shown().filter(process=process).aggregate(
        total=Count("pk"), upcoming=Count("pk", filter=Q(end_at__gte=timezone.now()))
    )
