from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.content import StatusPipeline
from apps.spaces.models import Process, process_settings


class ModerationSettings(models.Model):
    """The moderation settings of one process, edited inline with the process."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="moderation_settings", verbose_name=_("process")
    )
    hide_threshold = models.PositiveSmallIntegerField(
        _("reports before automatic hiding"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("After this many reports by different people, an item is hidden until a moderator decides."),
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self):
        return str(_("Moderation settings"))


def moderation_settings_for(process):
    return process_settings(process, ModerationSettings)


class ModeratedItem(models.Model):
    """The moderators' case about one reported (or hidden) item of content: one row per item, whatever the
    number of reports. The content's own `hidden_at`/`hidden_reason` (see apps/core/content.py) carry the public
    state; this row carries the decision and its history."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        HIDDEN = "hidden", _("Hidden")
        DISMISSED = "dismissed", _("Dismissed")

    # Hide, unhide (back to visible, the reports set aside) and dismiss; a new report reopens a dismissed item.
    TRANSITIONS = {
        Status.PENDING: (Status.HIDDEN, Status.DISMISSED),
        Status.HIDDEN: (Status.DISMISSED,),
        Status.DISMISSED: (Status.HIDDEN, Status.PENDING),
    }

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # Null for reports on participants (profiles), which belong to no process.
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("process")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author of the content"),
    )
    url = models.CharField(_("address of the content"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    last_reported_at = models.DateTimeField(_("last reported at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    auto_hidden = models.BooleanField(_("hidden automatically"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderated item")
        verbose_name_plural = _("moderated items")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="moderation_one_item_per_content")
        ]
        indexes = [models.Index(fields=["process", "status", "-last_reported_at"], name="moderation_queue_idx")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} ({self.status})"

    @property
    def is_hidden(self):
        return self.hidden_at is not None


PIPELINE = StatusPipeline(
    ModeratedItem.TRANSITIONS,
    choices=ModeratedItem.Status,
    message=_("A moderated item cannot go from %(from)s to %(to)s."),
)


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive, hateful or abusive")
        OFF_TOPIC = "off_topic", _("Off-topic")
        PERSONAL_DATA = "personal_data", _("Personal data disclosed")
        OTHER = "other", _("Other")

    item = models.ForeignKey(ModeratedItem, on_delete=models.CASCADE, related_name="reports", verbose_name=_("item"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made", verbose_name=_("reporter")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["item", "reporter"], name="moderation_one_report_per_user")]

    def __str__(self):
        return f"{self.reporter_id} → {self.item_id} ({self.reason})"


class Block(models.Model):
    """One block of a participant, and its lifting: the history behind User.blocked_at."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("participant")
    )
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("blocked by")
    )
    reason = models.TextField(_("justification"))
    content_hidden = models.BooleanField(_("all their content hidden"), default=False)
    created_at = models.DateTimeField(_("blocked at"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(lifted_at__isnull=True), name="moderation_one_active_block"
            )
        ]

    def __str__(self):
        return f"{self.user_id} ({self.created_at:%Y-%m-%d})"
