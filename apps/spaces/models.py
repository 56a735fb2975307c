from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from .phases import KIND_FEATURES, Feature, PhaseKind


class Process(TimeStampedModel):
    class Eligibility(models.TextChoices):
        REGISTERED = "registered", _("Any registered participant")
        VERIFIED_EMAIL = "verified_email", _("Participants with a confirmed e-mail address")
        POSTAL_CODE = "postal_code", _("Residents of the listed postal codes")

    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=250, blank=True)
    short_description = models.TextField(_("short description"), max_length=600, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Rich text (HTML is sanitised)."))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    hero_image = models.ImageField(_("hero image"), upload_to="processes/", blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    scope = models.CharField(
        _("scope"), max_length=120, blank=True, help_text=_("A district name, or empty for the whole city.")
    )
    budget_envelope = models.DecimalField(
        _("budget envelope (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    eligibility = models.CharField(
        _("who may take part"), max_length=20, choices=Eligibility.choices, default=Eligibility.REGISTERED
    )
    eligible_postal_codes = models.CharField(
        _("eligible postal codes"), max_length=400, blank=True, help_text=_("Comma-separated, e.g. 59000, 59800.")
    )
    pinned_phase = models.ForeignKey(
        "Phase",
        verbose_name=_("pinned phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Force this phase to be the active one, whatever the dates."),
    )

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("participatory process")
        verbose_name_plural = _("participatory processes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="process_end_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("spaces:process_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})
        if self.pinned_phase_id and self.pinned_phase.process_id != self.pk:
            raise ValidationError({"pinned_phase": _("The pinned phase must belong to this process.")})

    @property
    def scope_label(self):
        return self.scope or _("Whole city")

    @cached_property
    def ordered_phases(self):
        # Uses the prefetch cache when the selector prefetched phases.
        return sorted(self.phases.all(), key=lambda p: (p.start_date, p.pk))

    def active_phase_on(self, day):
        if self.pinned_phase_id:
            return next((p for p in self.ordered_phases if p.pk == self.pinned_phase_id), None)
        return next((p for p in self.ordered_phases if p.start_date <= day <= p.end_date), None)

    @cached_property
    def active_phase(self):
        return self.active_phase_on(timezone.localdate())

    def feature_enabled(self, feature):
        phase = self.active_phase
        return bool(phase and feature in phase.features)

    def postal_code_list(self):
        return [code.strip().lower() for code in self.eligible_postal_codes.split(",") if code.strip()]


# Per-feature settings (proposals, supports, comments...) live in each feature's own model, one-to-one with the
# process (Decidim's component settings), so Process does not grow a column per feature.


def process_extensions():
    """The accessor names of every one-to-one extension of Process (feature settings), for select_related."""
    return [rel.get_accessor_name() for rel in Process._meta.related_objects if rel.one_to_one]


def process_settings(process, model):
    """`process`'s row of the one-to-one settings `model`, created with its defaults when missing.

    Cached on the process object: a list sharing one process asks once, and selectors that load the process
    with select_related(*process_extensions()) ask nothing.
    """
    accessor = model._meta.get_field("process").remote_field.get_accessor_name()
    try:
        return getattr(process, accessor)
    except model.DoesNotExist:
        pass
    if process.pk is None:
        return model(process=process)  # an unsaved process: the defaults, nothing written
    row, created = model.objects.get_or_create(process=process)
    setattr(process, accessor, row)
    if created:
        # GETs read the process from a kept copy (spaces.selectors.process_for_reading) made before this row
        # existed: a new version makes the next GET read it afresh, with the row, instead of asking for it again.
        from apps.core.pagecache import bump_process

        transaction.on_commit(lambda: bump_process(process))
    return row


class Phase(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process"))
    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class State(models.TextChoices):
        """Where a phase stands on the calendar (not stored: it follows the date and the pinned phase)."""

        PAST = "past", _("past")
        CURRENT = "current", _("current")
        UPCOMING = "upcoming", _("upcoming")

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="phase_end_after_start"
            )
        ]

    def __str__(self):
        return self.title or self.get_kind_display()

    @property
    def features(self):
        return KIND_FEATURES.get(self.kind, frozenset())

    @property
    def feature_labels(self):
        return [Feature(f).label for f in Feature if f in self.features]

    def state_on(self, day):
        if day < self.start_date:
            return self.State.UPCOMING
        if day > self.end_date:
            return self.State.PAST
        return self.State.CURRENT

    @property
    def state(self):
        """A State; a pinned phase is current and orders the others around it."""
        process = self.process
        if process.pinned_phase_id:
            ordered = [p.pk for p in process.ordered_phases]
            if self.pk == process.pinned_phase_id:
                return self.State.CURRENT
            if self.pk in ordered and process.pinned_phase_id in ordered:
                before = ordered.index(self.pk) < ordered.index(process.pinned_phase_id)
                return self.State.PAST if before else self.State.UPCOMING
        return self.state_on(timezone.localdate())

    @property
    def is_current(self):
        return self.state == self.State.CURRENT

    @property
    def is_past(self):
        return self.state == self.State.PAST

    # The admin's phase formset checks overlaps between the rows being submitted (the final state),
    # so it switches off the row-by-row check against the saved phases.
    skip_overlap_check = False

    def overlapping_phase(self):
        """The first saved phase of the same process whose dates overlap this one's, or None."""
        if not (self.process_id and self.start_date and self.end_date):
            return None
        return (
            Phase.objects.filter(process_id=self.process_id)
            .exclude(pk=self.pk)
            .filter(start_date__lte=self.end_date, end_date__gte=self.start_date)
            .order_by("start_date", "pk")
            .first()
        )

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date must be after the start date.")
        if not errors and self.process_id and self.start_date and self.end_date:
            process = self.process
            if process.start_date and process.end_date and (
                self.start_date < process.start_date or self.end_date > process.end_date
            ):
                errors["start_date"] = _("A phase must lie within the process dates (%(start)s – %(end)s).") % {
                    "start": _format_day(process.start_date),
                    "end": _format_day(process.end_date),
                }
        if not errors and not self.skip_overlap_check:
            overlapping = self.overlapping_phase()
            if overlapping:
                errors["start_date"] = overlap_message(overlapping)
        if errors:
            raise ValidationError(errors)


def _format_day(day):
    return formats.date_format(day, "j F Y")


def overlap_message(phase, other=None):
    """'These dates overlap the phase “Vote” (1 March 2026 – 10 March 2026).' (or between two phases)."""
    if other is None:
        return _("These dates overlap the phase “%(phase)s” (%(start)s – %(end)s). Phases cannot overlap.") % {
            "phase": phase,
            "start": _format_day(phase.start_date),
            "end": _format_day(phase.end_date),
        }
    return _(
        "The phases “%(first)s” (%(first_start)s – %(first_end)s) and “%(second)s” "
        "(%(second_start)s – %(second_end)s) overlap. Phases of a process cannot overlap."
    ) % {
        "first": phase,
        "first_start": _format_day(phase.start_date),
        "first_end": _format_day(phase.end_date),
        "second": other,
        "second_start": _format_day(other.start_date),
        "second_end": _format_day(other.end_date),
    }


class ProcessRole(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Process administrator")
        EVALUATOR = "evaluator", _("Evaluator")
        MODERATOR = "moderator", _("Moderator")
        # Agents in libraries and town halls: check people against the census, record their ballots in person
        # and type in paper ballots.
        VOTING_ASSISTANT = "voting_assistant", _("Voting assistant")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="roles", verbose_name=_("process"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="process_roles", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("process role")
        verbose_name_plural = _("process roles")
        constraints = [models.UniqueConstraint(fields=["process", "user", "role"], name="unique_process_role")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class ProcessPage(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="pages", verbose_name=_("process"))
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True, help_text=_("Rich text (HTML is sanitised)."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("process page")
        verbose_name_plural = _("process pages")
        constraints = [models.UniqueConstraint(fields=["process", "slug"], name="unique_process_page_slug")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("spaces:process_page", kwargs={"slug": self.process.slug, "page_slug": self.slug})


class SitePage(models.Model):
    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of use")
        PRIVACY = "privacy", _("Privacy policy")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        FAQ = "faq", _("Frequently asked questions")

    slug = models.SlugField(_("page"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True, help_text=_("Rich text (HTML is sanitised)."))
    version = models.CharField(
        _("version"),
        max_length=40,
        blank=True,
        help_text=_("For the terms of use: change it and every participant is asked to accept them again."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("spaces:site_page", kwargs={"slug": self.slug})
