from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportsConfig(AppConfig):
    name = "apps.supports"
    label = "supports"
    verbose_name = _("Supports")
