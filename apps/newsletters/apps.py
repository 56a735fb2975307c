from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "apps.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from django import forms

        from apps.accounts.preferences import register_preference
        from apps.backoffice.tools import register_staff_tool
        from apps.core.personal_data import register_eraser, register_exporter

        from . import services

        register_staff_tool(
            "newsletters", label=_("Newsletters"), rule="newsletters.view_newsletters",
            url_name="newsletters_backoffice:list",
        )  # fmt: skip
        register_exporter("newsletter_deliveries", services.deliveries_export)
        register_eraser("newsletter_deliveries", services.deliveries_erase)
        # Consent, edited on the account settings page with the profile (off until the person ticks it).
        register_preference(
            "newsletter_opt_in",
            formfield=lambda: forms.BooleanField(
                label=_("Send me the newsletter of the organisers"),
                required=False,
                help_text=_("News of the processes, a few times a year. Unsubscribe in one click from any newsletter."),
            ),
            value_of=lambda user: user.newsletter_opt_in,
            save=services.newsletter_consent_set,
        )
