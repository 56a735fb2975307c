from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "apps.stats"
    label = "stats"
    verbose_name = _("Statistics and open data")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each content app's openness.py registers its figures, datasets and published files (registry.py).
        autodiscover_modules("openness")
