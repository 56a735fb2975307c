from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from apps.accounts.export import register_eraser, register_exporter
        from apps.proposals.models import Proposal

        from . import export
        from .registry import proposal_can_follow, register_followable

        register_followable(Proposal, can_follow=proposal_can_follow)
        register_exporter("follows", export.export_follows)
        register_exporter("notifications", export.export_notifications)
        register_eraser("notifications", export.erase_user_data)
