"""Moderation's panel on the back-office home (found by the back-office's autodiscovery)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.backoffice.panels import register_panel
from apps.spaces.models import ProcessRole

from .selectors import pending_counts

register_panel(
    "moderation.pending",
    title=_("Reports waiting for a moderator"),
    description=_("Hide with a justification, or dismiss the reports."),
    roles={ProcessRole.Role.MODERATOR},
    counts=pending_counts,
    link=lambda user, process: reverse("moderation:queue", kwargs={"process_pk": process.pk}),
)
