from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.spaces.models import Process, process_settings


class Comment(TimeStampedModel):
    """A comment on any commentable content (see targets.py), threaded up to three levels (depth 0, 1, 2).

    Replying to a depth-2 comment is refused (services.comment_create raises a ValidationError on `parent`):
    the UI offers no "Reply" button there. Deleting keeps the row as a "Deleted comment" placeholder so the
    replies stay attached; the target's stored comment_count is therefore never decremented.
    """

    MAX_DEPTH = 2

    class Opinion(models.TextChoices):
        IN_FAVOUR = "in_favour", _("In favour")
        AGAINST = "against", _("Against")
        NEUTRAL = "neutral", _("Neutral")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="comments", verbose_name=_("process"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, validators=[MaxValueValidator(MAX_DEPTH)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments", verbose_name=_("author")
    )
    body = models.TextField(_("comment"))
    opinion = models.CharField(_("opinion"), max_length=10, choices=Opinion.choices)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in_comments", verbose_name=_("mentioned users")
    )
    is_edited = models.BooleanField(_("edited"), default=False)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden by moderators at"), null=True, blank=True)
    # The moderators' justification, shown to the author (written by services.comment_set_hidden only).
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # Denormalised counters, updated with F() in the same transaction as the rows they count.
    upvotes = models.PositiveIntegerField(_("upvotes"), default=0)
    downvotes = models.PositiveIntegerField(_("downvotes"), default=0)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["content_type", "object_id", "parent", "created_at"], name="comment_thread_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(depth__lte=2), name="comment_depth_max_2"),
        ]

    def __str__(self):
        return f"{self.author} – {self.body[:40]}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_visible(self):
        return not self.is_deleted and not self.is_hidden

    @property
    def can_have_replies(self):
        return self.depth < self.MAX_DEPTH

    @property
    def score(self):
        return self.upvotes - self.downvotes

    def get_absolute_url(self):
        from .targets import target_url

        return f"{target_url(self.target)}#comment-{self.pk}"


class CommentVote(models.Model):
    class Value(models.IntegerChoices):
        UP = 1, _("Upvote")
        DOWN = -1, _("Downvote")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes", verbose_name=_("comment"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_votes", verbose_name=_("user")
    )
    value = models.SmallIntegerField(_("value"), choices=Value.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment vote")
        verbose_name_plural = _("comment votes")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="unique_comment_vote"),
            models.CheckConstraint(condition=models.Q(value__in=[1, -1]), name="comment_vote_value"),
        ]

    def __str__(self):
        return f"{self.user} {self.value:+d} {self.comment_id}"


class CommentSettings(models.Model):
    """The comments settings of one process, edited inline with the process."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="comment_settings", verbose_name=_("process")
    )
    comment_max_length = models.PositiveIntegerField(_("maximum comment length (characters)"), default=1000)

    class Meta:
        verbose_name = _("comment settings")
        verbose_name_plural = _("comment settings")

    def __str__(self):
        return str(_("Comment settings"))


def comment_settings_for(process):
    """The process's comment settings (created with the defaults if the process has none yet)."""
    return process_settings(process, CommentSettings)
