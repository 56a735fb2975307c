"""Comments' panel on the back-office home (found by the back-office's autodiscovery)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.backoffice.panels import register_panel
from apps.spaces.models import ProcessRole

from .models import Comment


def _hidden_counts(process_ids):
    rows = (
        Comment.objects.filter(process_id__in=process_ids, hidden_at__isnull=False, deleted_at__isnull=True)
        .values("process_id")
        .annotate(n=Count("pk"))
    )
    return {row["process_id"]: row["n"] for row in rows}


register_panel(
    "comments.hidden",
    title=_("Hidden comments"),
    description=_("Comments moderators have hidden from the public."),
    roles={ProcessRole.Role.MODERATOR},
    counts=_hidden_counts,
)
