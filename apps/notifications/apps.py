from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # What can be followed is declared by each content app (Capability.FOLLOWABLE, apps/core/content.py).
        from apps.core.personal_data import register_eraser, register_exporter

        from . import export

        register_exporter("follows", export.export_follows)
        register_exporter("notifications", export.export_notifications)
        register_eraser("notifications", export.erase_user_data)
