from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "apps.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from apps.accounts.export import register_eraser, register_exporter

        from .services import audit_erase, audit_export

        register_exporter("audit_log", audit_export)
        register_eraser("audit_log", audit_erase)


class PBAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "apps.core.admin_site.PBAdminSite"
