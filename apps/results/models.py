"""Results tracking (Decidim's "accountability"): what became of the winning projects, for the residents to follow.

- a **result** is one piece of work of a process: made in one action from a budget's winning projects (linked back
  to them and their proposals) or by an administrator. It has dates, a status, a progress (0-100 %), the money spent
  so far, a place, images, and an optional parent, whose progress is rolled up from its children (one level only,
  as Decidim's results and projects);
- **statuses** are defined per process and translated ("Studying", "Tendering", "Works", "Done"), each with a
  default progress that picking the status gives the result unless the administrator enters another;
- the **timeline** of a result is a list of dated, translated entries with photos (the pool under renovation, then
  finished); its followers are told of each new entry;
- `ResultsSettings` (one-to-one with the process) says how a parent's progress rolls up: weighted by the children's
  cost, or their plain average.

Writes go through services.py, reads through selectors.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS, TimeStampedModel, coordinates_in_range
from apps.spaces.models import Process, process_settings
from apps.taxonomy.models import Category

PROGRESS_DIGITS = {"max_digits": 5, "decimal_places": 2}
IMAGE_PREFIX = "results/"


class Rollup(models.TextChoices):
    """How a parent result's progress follows its children's."""

    COST = "cost", _("Weighted by the children's cost")
    AVERAGE = "average", _("The average of the children")


class ResultsSettings(models.Model):
    """Results tracking settings of one process (one-to-one, edited with the process and in the back-office)."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="results_settings", verbose_name=_("process")
    )
    rollup = models.CharField(
        _("progress of a result with sub-results"),
        max_length=10,
        choices=Rollup.choices,
        default=Rollup.COST,
        help_text=_(
            "Weighted by cost: a sub-result costing twice as much counts twice as much (the average when no "
            "sub-result has a cost)."
        ),
    )

    class Meta:
        verbose_name = _("results tracking settings")
        verbose_name_plural = _("results tracking settings")

    def __str__(self):
        return str(_("Results tracking settings of %(process)s")) % {"process": self.process}


def results_settings_for(process):
    return process_settings(process, ResultsSettings)


class ResultStatus(models.Model):
    """A status of the results of one process, with the progress it gives by default."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="result_statuses", verbose_name=_("process")
    )
    key = models.SlugField(_("key"), max_length=40, help_text=_("A short code for imports, e.g. works."))
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("default progress (%)"),
        null=True,
        blank=True,
        help_text=_("Picking this status sets the result's progress to this, unless another is entered."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["process_id", "position", "pk"]
        verbose_name = _("result status")
        verbose_name_plural = _("result statuses")
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="results_status_key_unique"),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100), name="results_status_progress_max"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.progress is not None and self.progress > 100:
            raise ValidationError({"progress": _("A progress is at most 100 %.")})


class Result(TimeStampedModel):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="results", verbose_name=_("process"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent result"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Rich text (HTML is sanitised)."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.ForeignKey(
        ResultStatus,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("status"),
    )
    progress = models.DecimalField(_("progress (%)"), default=0, **PROGRESS_DIGITS)
    cost = models.DecimalField(
        _("cost"), max_digits=14, decimal_places=2, null=True, blank=True, help_text=_("The planned budget.")
    )
    amount_spent = models.DecimalField(_("money spent so far"), max_digits=14, decimal_places=2, default=0)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="results", verbose_name=_("category")
    )
    district = models.CharField(_("district"), max_length=80, blank=True, help_text=_("Empty for the whole city."))
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE_VALIDATORS
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE_VALIDATORS
    )
    external_id = models.CharField(
        _("external id"), max_length=60, blank=True, help_text=_("The town's reference, used by imports.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # Where the result comes from: the winning projects of a budget and the proposals behind them.
    projects = models.ManyToManyField(
        "budgets.Project", blank=True, related_name="results", verbose_name=_("projects")
    )
    proposals = models.ManyToManyField(
        "proposals.Proposal", blank=True, related_name="results", verbose_name=_("proposals")
    )

    class Meta:
        ordering = ["process_id", "position", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="results_result_progress_range"
            ),
            models.CheckConstraint(condition=Q(amount_spent__gte=0), name="results_result_spent_positive"),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="results_result_cost_positive"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="results_result_end_after_start",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="results_result_not_own_parent"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="results_result_both_coordinates",
            ),
            coordinates_in_range("results_result_coordinates_range"),
            models.UniqueConstraint(
                fields=["process", "external_id"], condition=~Q(external_id=""), name="results_result_external_id"
            ),
        ]
        # The public list in its order, its filters and the overall progress (selectors.process_overview) read
        # this index alone on a vacuumed table; the district menu skips through (process, district).
        indexes = [
            models.Index(
                fields=["process", "parent", "position", "id"], include=["status", "category", "progress", "cost"],
                name="result_list",
            ),
            models.Index(fields=["process", "district"], name="result_districts"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("results:detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def is_done(self):
        return self.progress >= 100

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        errors = {}
        if self.progress is not None and not (0 <= self.progress <= 100):
            errors["progress"] = _("A progress is between 0 and 100 %.")
        if self.amount_spent is not None and self.amount_spent < 0:
            errors["amount_spent"] = _("An amount cannot be negative.")
        if self.cost is not None and self.cost < 0:
            errors["cost"] = _("A cost cannot be negative.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date must be after the start date.")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
        if self.status_id and self.process_id and self.status.process_id != self.process_id:
            errors["status"] = _("This status does not belong to the process.")
        if self.category_id and self.process_id and self.category.process_id != self.process_id:
            errors["category"] = _("This category does not belong to the process.")
        if self.parent_id:
            parent = self.parent
            if self.pk and parent.pk == self.pk:
                errors["parent"] = _("A result cannot be its own parent.")
            elif parent.process_id != self.process_id:
                errors["parent"] = _("The parent result must belong to the same process.")
            elif parent.parent_id:
                errors["parent"] = _("A sub-result cannot have sub-results of its own.")
            elif self.pk and self.children.exists():
                errors["parent"] = _("This result has sub-results, so it cannot become a sub-result itself.")
        if errors:
            raise ValidationError(errors)


class ResultImage(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="images", verbose_name=_("result"))
    image = models.ImageField(_("image"), upload_to=IMAGE_PREFIX)
    alt_text = models.CharField(_("description of the image"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["result_id", "position", "pk"]
        verbose_name = _("result image")
        verbose_name_plural = _("result images")

    def __str__(self):
        return self.alt_text or self.image.name


class TimelineEntry(TimeStampedModel):
    """A dated step of a result's works, told to the residents (Decidim's timeline entries)."""

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="timeline_entries", verbose_name=_("result")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Rich text (HTML is sanitised)."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        ordering = ["result_id", "-date", "-pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["result", "date"])]

    def __str__(self):
        return f"{self.date}: {self.title}"


class TimelineImage(models.Model):
    entry = models.ForeignKey(
        TimelineEntry, on_delete=models.CASCADE, related_name="images", verbose_name=_("timeline entry")
    )
    image = models.ImageField(_("photo"), upload_to=IMAGE_PREFIX + "timeline/")
    alt_text = models.CharField(_("description of the photo"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["entry_id", "position", "pk"]
        verbose_name = _("timeline photo")
        verbose_name_plural = _("timeline photos")

    def __str__(self):
        return self.alt_text or self.image.name
