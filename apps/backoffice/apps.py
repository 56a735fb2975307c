from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "apps.backoffice"
    label = "backoffice"
    verbose_name = _("Back-office")

    def ready(self):
        # Each app's backoffice.py registers its panels (see panels.py); nothing here names a content app.
        autodiscover_modules("backoffice")
