"""Precomputed public statistics (one row per process, one for the whole site), the open data builds (one zip per
process, rebuilt when its data changes) and the site's open data licence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.spaces.models import Process


class StatsSnapshot(models.Model):
    """The statistics of a process (or of the whole site, `process` empty), as the public pages show them: a JSON
    document computed by services.stats_refresh (Celery, periodic and on demand), read in one query."""

    SITE = "site"

    key = models.CharField(_("key"), max_length=40, unique=True)
    process = models.OneToOneField(
        Process,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stats_snapshot",
        verbose_name=_("process"),
    )
    data = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("computed at"))
    duration_ms = models.PositiveIntegerField(_("computed in (ms)"), default=0)

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")

    def __str__(self):
        return self.key

    @staticmethod
    def key_for(process):
        return f"process-{process.pk}" if process is not None else StatsSnapshot.SITE


class OpenDataBuild(models.Model):
    """The zip of a process's open data (CSV and JSON per dataset, README, licence, published ballots). Rebuilt by
    services.opendata_build when `fingerprint` (the datasets' versions and the licence) no longer matches."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="open_data_build", verbose_name=_("process")
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    file = models.FileField(_("file"), upload_to="opendata/", max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    built_at = models.DateTimeField(_("built at"))
    duration_ms = models.PositiveIntegerField(_("built in (ms)"), default=0)
    counts = models.JSONField(_("rows per dataset"), default=dict)

    class Meta:
        verbose_name = _("open data build")
        verbose_name_plural = _("open data builds")

    def __str__(self):
        return f"{self.process} ({self.built_at:%Y-%m-%d %H:%M})"


class Licence(models.TextChoices):
    ODBL = "odbl-1.0", _("Open Database License (ODbL) 1.0")
    ETALAB = "etalab-2.0", _("Licence Ouverte / Open Licence 2.0 (Etalab)")
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC0 = "cc0-1.0", _("Creative Commons Zero 1.0 (CC0, public domain)")


LICENCE_URLS = {
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
    Licence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class OpenDataSettings(models.Model):
    """The licence of the site's open data (one row, edited in the admin; OPEN_DATA_LICENCE until it exists)."""

    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.ODBL)
    attribution = models.CharField(
        _("attribution"),
        max_length=200,
        blank=True,
        help_text=_("Who re-users should credit, e.g. “Ville de Villeneuve-sur-Lys”. Empty: the site's name."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("open data licence")
        verbose_name_plural = _("open data licence")

    def __str__(self):
        return str(self.get_licence_display())

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def credit(self):
        return self.attribution or settings.SITE_NAME
