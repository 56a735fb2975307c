from django import template

from apps.spaces.phases import Feature

from ..models import Result

register = template.Library()


@register.simple_tag
def tracking_entry(process):
    """How many results a process tracks, when its phase shows results (0 otherwise, with no query): the process
    page links to its results tracking."""
    if not process.feature_enabled(Feature.SHOW_RESULTS):
        return 0
    return Result.objects.filter(process=process, parent__isnull=True).count()
