from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Reports, hiding, blocking and the moderators' queue. Works on any content registered as REPORTABLE with
    the participatory-content contract (apps/core/content.py); it imports no content app."""

    name = "apps.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
