import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.files import private_storage, random_name
from apps.core.models import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS, TimeStampedModel, coordinates_in_range
from apps.spaces.models import Process, process_settings
from apps.taxonomy.models import Category, Theme


class ProposalSettings(models.Model):
    """The proposals settings of one process (Decidim's component settings), edited inline with the process."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="proposal_settings", verbose_name=_("process")
    )
    proposal_body_max_length = models.PositiveIntegerField(_("maximum proposal length (characters)"), default=1500)
    proposal_title_help = models.CharField(_("help text beside the proposal title"), max_length=300, blank=True)
    proposal_body_help = models.CharField(_("help text beside the proposal body"), max_length=500, blank=True)
    proposals_per_user = models.PositiveIntegerField(
        _("maximum proposals per participant"), null=True, blank=True, default=5, help_text=_("Empty: no limit.")
    )
    proposal_edit_minutes = models.PositiveIntegerField(
        _("minutes during which authors may edit a published proposal"), default=15
    )
    attachment_max_mb = models.PositiveIntegerField(_("maximum attachment size (MB)"), default=5)
    attachments_per_proposal = models.PositiveIntegerField(_("maximum attachments per proposal"), default=3)
    # Feasibility review (issue 8).
    review_due_date = models.DateField(
        _("feasibility reviews due on"), null=True, blank=True,
        help_text=_("Reviews not answered by this date show as overdue (an assignment may set its own date)."),
    )
    evaluators_publish_answers = models.BooleanField(
        _("evaluators publish their answers themselves"), default=False,
        help_text=_("Otherwise their answers wait until a process administrator publishes them."),
    )
    # Where the maps of the process open (the picker of the wizard, the list's map when no proposal has a place).
    # Empty: MAP_DEFAULT_CENTER and MAP_DEFAULT_ZOOM from the environment.
    map_latitude = models.DecimalField(
        _("map centre: latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Where the maps of this process open, e.g. the town hall. Empty: the site's default."),
    )
    map_longitude = models.DecimalField(
        _("map centre: longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    map_zoom = models.PositiveSmallIntegerField(
        _("map zoom"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(19)],
        help_text=_("From 1 (the world) to 19 (a street); 13 shows a town. Empty: the site's default."),
    )

    class Meta:
        verbose_name = _("proposal settings")
        verbose_name_plural = _("proposal settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(map_latitude__isnull=True, map_longitude__isnull=True)
                | models.Q(map_latitude__isnull=False, map_longitude__isnull=False),
                name="proposal_settings_map_centre_both_or_neither",
                violation_error_message=_("Give both the latitude and the longitude of the map centre, or neither."),
            ),
        ]

    def __str__(self):
        return str(_("Proposal settings"))


def proposal_settings_for(process):
    """The process's proposal settings (created with the defaults if the process has none yet)."""
    return process_settings(process, ProposalSettings)


# The random order of the list walks an index on this key (selectors.RandomWalk) instead of ranking every row.
RANDOM_KEY_SPAN = 2**31 - 1


def new_random_key():
    """A proposal's place in the random order, drawn once when the row is made (bulk_create included)."""
    return secrets.randbelow(RANDOM_KEY_SPAN)


# What the public lists show (ProposalQuerySet.shown()): the condition of the list's partial indexes.
LISTED = ~Q(status="draft") & Q(hidden_at__isnull=True)


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """What lists show: published and withdrawn proposals (drafts are listed to their author apart)."""
        return self.exclude(status=Proposal.Status.DRAFT)

    def shown(self):
        """Public and not hidden by the moderators: what public lists, counts and maps show (LISTED)."""
        return self.public().filter(hidden_at__isnull=True)


class Proposal(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MERGED = "merged", _("Merged")
        EVALUATING = "evaluating", _("Under evaluation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class Origin(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")

    # The status pipeline, as data: the only moves `proposal_status_set` accepts (see pipeline.py).
    # The budgets work adds its statuses (selected for the vote, winner...) after accepted.
    TRANSITIONS = {
        Status.DRAFT: (Status.PUBLISHED,),
        Status.PUBLISHED: (Status.EVALUATING, Status.WITHDRAWN, Status.MERGED),
        Status.EVALUATING: (Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN, Status.MERGED),
        Status.ACCEPTED: (),
        Status.REJECTED: (),
        Status.WITHDRAWN: (),
        # A duplicate merged into another proposal is closed for good (proposal_merge).
        Status.MERGED: (),
    }
    # Statuses in which the feasibility review may still be written.
    REVIEWABLE = (Status.PUBLISHED, Status.EVALUATING)

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("process"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("author")
    )
    is_official = models.BooleanField(
        _("official proposal"), default=False, help_text=_("Authored by the organisation, shown with a badge.")
    )
    # Ideas collected on paper (workshops, libraries) are typed in by an agent: `author` and `entered_by` are that
    # agent, and the name and e-mail written on the form are kept apart (never shown publicly).
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    paper_author_name = models.CharField(_("name on the paper form"), max_length=150, blank=True)
    paper_author_email = models.EmailField(_("e-mail on the paper form"), blank=True)
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("description"))
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals", verbose_name=_("category")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals", verbose_name=_("theme")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE_VALIDATORS
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE_VALIDATORS
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    wizard_step = models.PositiveSmallIntegerField(_("wizard step reached"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    answer = models.TextField(
        _("answer"), blank=True, help_text=_("The organisers' public answer, shown on the proposal's page.")
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    # The authors of the proposals merged into this one.
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coauthored_proposals", verbose_name=_("co-authors")
    )
    # Hidden by the moderators (apps/moderation, through the content contract): out of every public list, count,
    # map and search; the author reads it with the justification. Written by services.proposal_set_hidden only.
    hidden_at = models.DateTimeField(_("hidden by moderators at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # Denormalised counters, updated in the same transaction as the rows they count.
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # Where the proposal falls in the list's random order: each visitor starts at their own point of this key.
    random_key = models.IntegerField(_("random order key"), default=new_random_key, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["process", "status", "-published_at"]),
            models.Index(fields=["process", "status", "-support_count"]),
            # One per order of the public list (selectors._ORDERINGS and RandomWalk), on the listed rows only, so a
            # page reads 20 index entries instead of sorting the process (tests/proposals/test_list_scale.py
            # checks the plans on PostgreSQL).
            models.Index(fields=["process", "-published_at", "-id"], condition=LISTED, name="proposal_list_recent"),
            models.Index(
                fields=["process", "-support_count", "-published_at", "-id"], condition=LISTED,
                name="proposal_list_supports",
            ),
            models.Index(
                fields=["process", "-comment_count", "-published_at", "-id"], condition=LISTED,
                name="proposal_list_comments",
            ),
            models.Index(fields=["process", "random_key", "id"], condition=LISTED, name="proposal_list_random"),
            # The "official proposals only" filter: a few rows, found without reading the others.
            models.Index(
                fields=["process", "-published_at", "-id"], condition=LISTED & Q(is_official=True),
                name="proposal_list_official",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="proposal_published_has_date"
            ),
            coordinates_in_range("proposal_coordinates_range"),
        ]

    def __str__(self):
        return self.title

    TITLE_MIN_LENGTH = 15

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    def clean(self):
        """Shape checks that depend on the process settings (limits and permissions live in services/rules)."""
        errors = {}
        if self.title and len(self.title.strip()) < self.TITLE_MIN_LENGTH:
            errors["title"] = _("The title must be at least %(min)d characters long.") % {"min": self.TITLE_MIN_LENGTH}
        if self.process_id:
            maximum = proposal_settings_for(self.process).proposal_body_max_length
            if maximum and self.body and len(self.body) > maximum:
                errors["body"] = _("The description must be at most %(max)d characters long (it has %(n)d).") % {
                    "max": maximum,
                    "n": len(self.body),
                }
            if self.category_id and self.category.process_id != self.process_id:
                errors["category"] = _("This category does not belong to the process.")
            if self.theme_id and self.theme.process_id != self.process_id:
                errors["theme"] = _("This theme does not belong to the process.")
        if self.status == self.Status.MERGED and not self.merged_into_id:
            errors["merged_into"] = _("A merged proposal needs the proposal it was merged into.")
        if self.merged_into_id and self.merged_into_id == self.pk:
            errors["merged_into"] = _("A proposal cannot be merged into itself.")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def category_or_theme_errors(*, has_categories, has_themes, category, theme, message=None):
        """The rule "a process with categories or themes wants one of them", as field errors (or None).

        The error goes next to the field the process shows. The services enforce it (they know the process);
        the forms ask it too, so the page lists it with the other errors at once.
        """
        if category or theme or not (has_categories or has_themes):
            return None
        return {"category" if has_categories else "theme": message or _("Choose a category or a theme.")}

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def is_merged(self):
        return self.status == self.Status.MERGED

    @property
    def is_paper(self):
        return self.origin == self.Origin.PAPER

    @property
    def is_evaluating(self):
        return self.status == self.Status.EVALUATING

    @property
    def is_accepted(self):
        return self.status == self.Status.ACCEPTED

    @property
    def is_rejected(self):
        return self.status == self.Status.REJECTED

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_geolocated(self):
        return self.latitude is not None and self.longitude is not None


ATTACHMENT_PREFIX = "proposals"


def attachment_path(instance, filename):
    """A random name in the private storage: neither the uploader's file name nor the ids appear in it."""
    return random_name(ATTACHMENT_PREFIX, filename.rsplit(".", 1)[-1] if "." in filename else "")


class ProposalAttachment(TimeStampedModel):
    """An image (re-encoded, metadata stripped, with a thumbnail) or a document (pdf, docx, odt)."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("Document")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("proposal")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage, max_length=255)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=attachment_path, storage=private_storage, max_length=255, blank=True
    )
    title = models.CharField(_("title"), max_length=150, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.original_name

    @property
    def is_image(self):
        return self.kind == self.Kind.IMAGE


# --- Feasibility review (issue 8): criteria per process, assignments, one review per proposal, internal notes.


class ReviewCriterion(models.Model):
    """One line of a process's criteria grid ("on public land"), translated."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="review_criteria", verbose_name=_("process")
    )
    label = models.CharField(_("criterion"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")

    def __str__(self):
        return self.label


class ReviewAssignment(TimeStampedModel):
    """An evaluator asked to review a proposal (several evaluators may share one)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="review_assignments", verbose_name=_("proposal")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments",
        verbose_name=_("evaluator"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assigned by"),
    )
    due_date = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "evaluator"], name="unique_review_assignment"),
        ]

    def __str__(self):
        return f"{self.proposal} – {self.evaluator}"


class Review(TimeStampedModel):
    """The feasibility review of one proposal: verdict, cost, public answer (translated) and its publication."""

    class Verdict(models.TextChoices):
        FEASIBLE = "feasible", _("Feasible")
        NOT_FEASIBLE = "not_feasible", _("Not feasible")
        NEEDS_INFORMATION = "needs_information", _("Needs more information")

    class AnswerState(models.TextChoices):
        DRAFT = "draft", _("Draft")
        HELD = "held", _("Waiting for publication")
        PUBLISHED = "published", _("Published")

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="review", verbose_name=_("proposal")
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_explanation = models.TextField(_("how the cost was estimated"), blank=True)
    duration_months = models.PositiveSmallIntegerField(_("execution duration (months)"), null=True, blank=True)
    public_answer = models.TextField(
        _("public answer"), blank=True, help_text=_("Shown on the proposal's page once published.")
    )
    answer_state = models.CharField(
        _("answer"), max_length=10, choices=AnswerState.choices, default=AnswerState.DRAFT, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )
    answer_published_at = models.DateTimeField(_("answer published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feasibility review")
        verbose_name_plural = _("feasibility reviews")

    def __str__(self):
        return str(self.proposal)

    def answer_fields(self):
        """The translated answer's columns (public_answer_fr, ...), default language first."""
        from django.conf import settings as conf

        return [f"public_answer_{code}" for code in conf.MODELTRANSLATION_LANGUAGES]

    def has_answer(self):
        return any((getattr(self, name, "") or "").strip() for name in self.answer_fields())

    def clean(self):
        """A feasible verdict needs a cost; a refusal needs a public answer (in at least one language)."""
        errors = {}
        if self.verdict == self.Verdict.FEASIBLE and self.estimated_cost is None:
            errors["estimated_cost"] = _("Give the estimated cost of a feasible proposal.")
        if self.verdict == self.Verdict.NOT_FEASIBLE and not self.has_answer():
            errors[self.answer_fields()[0]] = _("Explain to the author, in a public answer, why it is not feasible.")
        if errors:
            raise ValidationError(errors)


class CriterionAssessment(models.Model):
    """One criterion of the grid, marked met or not met, with a comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("review"))
    criterion = models.ForeignKey(
        ReviewCriterion, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("criterion")
    )
    met = models.BooleanField(_("met"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="unique_criterion_assessment"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.met}"


class InternalNote(TimeStampedModel):
    """Staff-only discussion about a proposal's review, threaded (one level of replies)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="internal_notes", verbose_name=_("proposal")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("in reply to")
    )
    body = models.TextField(_("note"), max_length=5000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.body[:50]
