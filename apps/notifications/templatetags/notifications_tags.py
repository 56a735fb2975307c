from django import template
from django.contrib.contenttypes.models import ContentType

from apps.notifications import selectors

register = template.Library()


@register.simple_tag
def unread_notification_count(user):
    """The navbar badge: one COUNT query."""
    return selectors.unread_count(user=user)


@register.simple_tag
def content_type_id(obj):
    """The content type id of `obj` (cached by Django after the first lookup)."""
    return ContentType.objects.get_for_model(obj).pk


@register.simple_tag
def is_following(user, target):
    """For pages that include the follow button without computing `is_following` in the view."""
    return selectors.is_following(user=user, target=target)
