"""Surveys of a process: questions of eight kinds (texts, single and multiple choice with "other", ranking, scale,
matrix, file), shown on a condition, and the participants' responses.

One response per person is a database constraint twice over: `Participation` (survey, user) is written for every
response, anonymous or not; `Response.user` is kept only when the survey is not anonymous (also unique per survey).
An anonymous survey's response links to nobody: it has a random id and its day only, so neither its id nor its time
can be matched with the participation row.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.files import private_storage, random_name
from apps.core.models import TimeStampedModel

SCALE_LIMITS = (0, 10)


class Survey(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    process = models.ForeignKey(
        "spaces.Process", on_delete=models.CASCADE, related_name="surveys", verbose_name=_("process")
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_anonymous = models.BooleanField(
        _("anonymous answers"),
        default=False,
        help_text=_("Answers are stored without the name of who gave them; one answer per person still holds."),
    )
    results_public = models.BooleanField(
        _("publish the results"),
        default=False,
        help_text=_(
            "Everyone sees the figures of the closed questions once enough people have answered; written answers "
            "and files stay with the administrators."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RANKING = "ranking", _("Ranking")
        SCALE = "scale", _("Scale")
        MATRIX = "matrix", _("Matrix")
        FILE = "file", _("File")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING)
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    allow_other = models.BooleanField(
        _("allow “other”"), default=False, help_text=_("Single and multiple choice: an “Other” answer with a text.")
    )
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    scale_min_label = models.CharField(_("label of the lowest value"), max_length=80, blank=True)
    scale_max_label = models.CharField(_("label of the highest value"), max_length=80, blank=True)
    matrix_rows = models.TextField(_("matrix rows"), blank=True, help_text=_("One per line."))
    matrix_columns = models.TextField(_("matrix columns"), blank=True, help_text=_("One per line."))
    show_if = models.ForeignKey(
        "Choice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shows",
        verbose_name=_("shown only when this answer is chosen"),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=models.F("scale_min")), name="survey_scale_bounds"),
        ]

    def __str__(self):
        return self.text

    @property
    def field_name(self):
        return f"q{self.pk}"

    @property
    def is_choice(self):
        return self.kind in self.CHOICE_KINDS

    @property
    def row_labels(self):
        return [line.strip() for line in (self.matrix_rows or "").splitlines() if line.strip()]

    @property
    def column_labels(self):
        return [line.strip() for line in (self.matrix_columns or "").splitlines() if line.strip()]

    @property
    def scale_values(self):
        return list(range(self.scale_min, self.scale_max + 1))

    def clean(self):
        errors = {}
        if self.kind == self.Kind.SCALE:
            low, high = SCALE_LIMITS
            if not (low <= self.scale_min < self.scale_max <= high):
                errors["scale_max"] = _("A scale goes from %(low)s to %(high)s at most, its end above its start.") % {
                    "low": low,
                    "high": high,
                }
        if self.kind == self.Kind.MATRIX and (not self.row_labels or len(self.column_labels) < 2):
            errors["matrix_rows"] = _("A matrix needs at least one row and two columns.")
        if self.allow_other and self.kind not in (self.Kind.SINGLE, self.Kind.MULTIPLE):
            errors["allow_other"] = _("Only single and multiple choice questions can have an “Other” answer.")
        if self.show_if_id:
            condition = self.show_if.question
            if condition.survey_id != self.survey_id or condition.pk == self.pk:
                errors["show_if"] = _("The condition must be an answer to another question of this survey.")
            elif condition.kind not in (self.Kind.SINGLE, self.Kind.MULTIPLE):
                errors["show_if"] = _("The condition must be an answer of a single or multiple choice question.")
            elif not _before(condition, self):
                errors["show_if"] = _("The condition must be an answer to an earlier question.")
        if self.pk and any(not _before(self, other) for other in Question.objects.filter(show_if__question=self)):
            errors["position"] = _("Questions shown on an answer to this one must stay after it.")
        if errors:
            raise ValidationError(errors)


def _before(first, second):
    """Whether `first` comes before `second` in the survey (by position, then creation; an unsaved one last)."""
    return (first.position, first.pk or float("inf")) < (second.position, second.pk or float("inf"))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    text = models.CharField(_("answer"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")

    def __str__(self):
        return self.text


class Participation(models.Model):
    """“This person has answered this survey”: one per person, whether the survey is anonymous or not. No date,
    so it cannot be matched with an anonymous response."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="participations", verbose_name=_("survey")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_one_participation_per_user")]

    def __str__(self):
        return f"{self.survey_id}:{self.user_id}"


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("participant"),
        help_text=_("Empty for an anonymous survey."),
    )
    submitted_on = models.DateField(_("submitted on"))
    # The exact time only when the survey is not anonymous.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        ordering = ["submitted_on", "submitted_at"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_one_response_per_user")]

    def __str__(self):
        return str(self.pk)[:8]


def answer_file_path(instance, filename):
    return random_name("surveys", filename.rsplit(".", 1)[-1] if "." in filename else "")


class Answer(models.Model):
    """One item of a response: a text; a choice (several rows for multiple choice, `choice` empty with `text` for
    “other”); a choice with its `rank`; a scale `value`; a matrix `row` with its `column`; a file."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("choice")
    )
    text = models.TextField(_("text"), blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    row = models.PositiveSmallIntegerField(_("matrix row"), null=True, blank=True)
    column = models.PositiveSmallIntegerField(_("matrix column"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=answer_file_path, storage=private_storage, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)

    class Meta:
        ordering = ["question__position", "question_id", "rank", "row", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.question_id}: {self.text or self.choice_id or self.value or self.column or ''}"
