"""Newsletters the organisers write and send to a segment of the people who opted in, one Delivery row per
recipient (created up front, then sent in batches by Celery: see services.py for the "never twice" rule)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.spaces.models import Process


class Newsletter(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        STOPPED = "stopped", _("Stopped")

    class Segment(models.TextChoices):
        EVERYONE = "everyone", _("Everyone who opted in")
        PROCESS = "process", _("Participants of a process")
        DISTRICT = "district", _("Residents of a district")

    # A newsletter is sent once: draft → sending → sent, or stopped while sending; nothing back
    # (services.newsletter_status_set).
    TRANSITIONS = {
        Status.DRAFT: (Status.SENDING,),
        Status.SENDING: (Status.SENT, Status.STOPPED),
        Status.SENT: (),
        Status.STOPPED: (),
    }

    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("body"), help_text=_("Rich text (HTML is sanitised)."))
    image = models.ImageField(
        _("image"), upload_to="newsletters/", blank=True,
        help_text=_("Optional, shown above the text (JPG, PNG or WebP; its metadata is removed)."),
    )
    image_alt = models.CharField(
        _("image description"), max_length=200, blank=True, help_text=_("For people who cannot see the image.")
    )
    segment = models.CharField(_("recipients"), max_length=10, choices=Segment.choices, default=Segment.EVERYONE)
    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, null=True, blank=True, related_name="newsletters",
        verbose_name=_("process"), help_text=_("For the participants of a process."),
    )
    district = models.CharField(
        _("district"), max_length=80, blank=True, help_text=_("For the residents of a district (verified).")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("sent by"),
    )
    sending_started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        permissions = [("send_to_all_segments", _("Can write and send newsletters to every segment"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(segment="process") | Q(process__isnull=False),
                name="newsletter_process_segment_has_process",
            ),
        ]

    def __str__(self):
        return self.subject

    def clean(self):
        if self.segment == self.Segment.PROCESS and self.process_id is None:
            raise ValidationError({"process": _("Choose the process whose participants receive the newsletter.")})
        if self.segment == self.Segment.DISTRICT and not self.district.strip():
            raise ValidationError({"district": _("Choose the district whose residents receive the newsletter.")})
        if self.segment != self.Segment.PROCESS:
            self.process = None
        if self.segment != self.Segment.DISTRICT:
            self.district = ""

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class Delivery(models.Model):
    """One recipient of one newsletter. Rows are created when sending starts; a row leaves `pending` once, and a
    row marked `sending` or `sent` is never sent again (services.deliveries_send_batch)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not sent: sending was stopped")

    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("newsletter")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_deliveries",
        verbose_name=_("recipient"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "user"], name="newsletter_delivery_unique_user"),
        ]
        indexes = [models.Index(fields=["newsletter", "status"], name="newsletter_delivery_status")]

    def __str__(self):
        return f"{self.newsletter_id}/{self.user_id}: {self.status}"
