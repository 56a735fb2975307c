from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "apps.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .personal_data import register_eraser, register_exporter
        from .services import audit_erase, audit_export

        # The audit log is core's own: what a person did is in their export; names and texts go on deletion.
        register_exporter("audit_log", audit_export)
        register_eraser("audit_log", audit_erase)


class PBAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "apps.core.admin_site.PBAdminSite"
