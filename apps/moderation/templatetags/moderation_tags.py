from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.core import content
from apps.core.content import Capability

register = template.Library()


@register.simple_tag(takes_context=True)
def report_url(context, target):
    """The report form's address for `target`, or "" when the viewer is not offered the link.

    A cheap test that costs no query per row (comment lists): signed in, not blocked, reportable, not one's own.
    The form page asks the full rule (moderation.report_content) and says why not."""
    user = context.get("user")
    if user is None or not user.is_authenticated or user.blocked_at is not None or target is None:
        return ""
    entry = content.content_for(target)
    if entry is None or not entry.has(Capability.REPORTABLE) or entry.author_id_of(target) == user.pk:
        return ""
    content_type = ContentType.objects.get_for_model(target)  # cached by Django after the first call
    return reverse("moderation:report", kwargs={"content_type_id": content_type.pk, "object_id": target.pk})
