from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.content import content_for


class Follow(models.Model):
    """A user follows an object (a proposal...) to be told about its comments and status changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("user")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="notifications_follow_unique"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class Notification(models.Model):
    """Something a user should know about. `data` holds what the list and the e-mails show (title, url,
    excerpt, actor name...), computed once at creation, so rendering needs no query per row."""

    class Kind(models.TextChoices):
        COMMENT_ON_FOLLOWED = "comment_on_followed", _("New comment on something you follow")
        REPLY_TO_MY_COMMENT = "reply_to_my_comment", _("Reply to your comment")
        MENTION = "mention", _("Mention")
        STATUS_CHANGED = "status_changed", _("Status change of something you follow")
        CONTENT_REPORTED = "content_reported", _("New report to moderate")
        # A project was taken off a ballot during the vote (unselected, or moved to another budget).
        BALLOT_RECLASSIFIED = "ballot_reclassified", _("A project was removed from your ballot")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["emailed_at", "created_at"]),
        ]

    def __str__(self):
        return self.summary

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def title(self):
        return self.data.get("title", "")

    @property
    def url(self):
        return self.data.get("url", "")

    @property
    def excerpt(self):
        return self.data.get("excerpt", "")

    @property
    def status_label(self):
        """The new status in the active language: the label stored with the notification is in the language of
        the day it was made, and the reader may since have changed theirs."""
        stored = self.data.get("status_label", "")
        status = self.data.get("status")
        if not (stored and status and self.target_type_id):
            return stored
        # Content types are cached per process: no query once one has been read.
        entry = content_for(ContentType.objects.get_for_id(self.target_type_id).model_class())
        if entry is None or entry.pipeline is None:
            return stored
        return entry.pipeline.label(status)

    @property
    def summary(self):
        """One sentence in the active language (the recipient's, in e-mails). Plain text: templates escape it."""
        values = {
            "actor": self.data.get("actor_name") or gettext("Someone"),
            "title": self.data.get("title", ""),
            "status": self.status_label,
        }
        if self.kind == self.Kind.MENTION:
            return gettext("%(actor)s mentioned you in a comment on “%(title)s”") % values
        if self.kind == self.Kind.REPLY_TO_MY_COMMENT:
            return gettext("%(actor)s replied to your comment on “%(title)s”") % values
        if self.kind == self.Kind.COMMENT_ON_FOLLOWED:
            return gettext("%(actor)s commented on “%(title)s”") % values
        if self.kind == self.Kind.STATUS_CHANGED:
            if values["status"]:
                return gettext("“%(title)s” has a new status: %(status)s") % values
            return gettext("“%(title)s” has been updated") % values
        if self.kind == self.Kind.CONTENT_REPORTED:
            if self.data.get("hidden"):
                return gettext("“%(title)s” has been reported and hidden until a moderator decides") % values
            return gettext("“%(title)s” has been reported") % values
        if self.kind == self.Kind.BALLOT_RECLASSIFIED:
            return gettext("“%(title)s” is no longer on the ballot: it has been removed from your choice") % values
        return values["title"]


class NotificationPreference(models.Model):
    """How often a participant wants e-mails about their notifications. No row: the default (immediately)."""

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DAILY = "daily", _("Daily digest")
        NEVER = "never", _("Never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
        primary_key=True,
    )
    email_frequency = models.CharField(
        _("e-mail notifications"), max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        indexes = [models.Index(fields=["email_frequency"])]

    def __str__(self):
        return f"{self.user_id}: {self.email_frequency}"


EmailFrequency = NotificationPreference.EmailFrequency
