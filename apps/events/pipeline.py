from django.utils.translation import gettext_lazy as _

from apps.core.content import StatusPipeline

from .models import Event

PIPELINE = StatusPipeline(
    Event.TRANSITIONS, choices=Event.Status, message=_("An event cannot go from %(from)s to %(to)s.")
)
