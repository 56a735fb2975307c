from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from apps.core.personal_data import register_eraser, register_exporter
        from apps.core.services import audit_erase, audit_export

        # The audit log lives in core, which imports no app: its personal-data section is declared here.
        register_exporter("audit_log", audit_export)
        register_eraser("audit_log", audit_erase)
