from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# A place on a map (proposals, projects, events, results): degrees, checked by the form, the service and the database
# (a latitude of 95 was saved, and the maps could not show it).
LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


def coordinates_in_range(name):
    """The database's check of the latitude and longitude fields, each empty or in range."""
    return models.CheckConstraint(
        condition=(Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90))
        & (Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180)),
        name=name,
        violation_error_message=_("A latitude is between -90 and 90, a longitude between -180 and 180."),
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Who did what to which object, and when. Written by services and by the admin's save and delete hooks
    (core/admin.py), never by signals."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("object type")
    )
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The process the entry concerns (a plain id: the kernel does not depend on spaces), so a process
    # administrator reads the entries of their own processes.
    process_id = models.PositiveBigIntegerField(_("process"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The back-office's audit log, newest first: everything (site administrators) or one's processes.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="audit_newest"),
            models.Index(fields=["process_id", "-created_at", "-id"], name="audit_process_newest"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
