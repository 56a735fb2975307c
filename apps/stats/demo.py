"""Demo: the open data licence of the demo town (Licence Ouverte, credited to the town), every published process's
statistics and open data zip computed now, so their pages answer at once. Runs last (stats is the last app)."""

from apps.spaces.models import Process

from . import services
from .models import Licence, OpenDataSettings


def seed(context):
    if not OpenDataSettings.objects.exists():
        OpenDataSettings.objects.create(licence=Licence.ETALAB, attribution="Ville de Villeneuve-sur-Lys")
    services.stats_refresh_all()
    for process in Process.objects.filter(is_published=True):
        services.opendata_build(process=process)
