from django.utils.translation import gettext_lazy as _

from apps.core.content import StatusPipeline

from .models import Newsletter

PIPELINE = StatusPipeline(
    Newsletter.TRANSITIONS, choices=Newsletter.Status, message=_("A newsletter cannot go from %(from)s to %(to)s.")
)
