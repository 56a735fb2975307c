from django import template

register = template.Library()


@register.simple_tag
def published_surveys(process):
    """The process's published surveys, for the process page's links (one query)."""
    from ..models import Survey

    return list(
        Survey.objects.filter(process=process, status=Survey.Status.PUBLISHED)
        .select_related("process")
        .order_by("position", "pk")
    )
