from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # What can be followed is declared by each content app (Capability.FOLLOWABLE, apps/core/content.py).
        from apps.accounts.preferences import register_preference
        from apps.core.personal_data import register_eraser, register_exporter

        from . import export, selectors, services
        from .models import NotificationPreference

        register_exporter("follows", export.export_follows)
        register_exporter("notifications", export.export_notifications)
        register_eraser("notifications", export.erase_user_data)
        # The e-mail frequency is edited on the account settings page, with the profile.
        register_preference(
            "email_frequency",
            formfield=lambda: NotificationPreference._meta.get_field("email_frequency").formfield(),
            value_of=selectors.email_frequency_of,
            save=services.email_frequency_set,
        )
