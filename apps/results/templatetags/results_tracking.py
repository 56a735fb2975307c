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


@register.simple_tag
def results_of_project(project):
    """The results made from a winning project (none, and no query, for any other project): its page links to the
    works."""
    if project.status != "winner":
        return []
    return list(
        Result.objects.filter(projects=project).select_related("process", "status").order_by("position", "pk")
    )
