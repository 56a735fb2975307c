"""Events (Decidim's meetings): workshops, public meetings and online sessions of a process, their registrations
and, once over, their closing report with the proposals that came out of them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS, TimeStampedModel, coordinates_in_range
from apps.proposals.models import Proposal
from apps.spaces.models import Process, process_settings
from apps.taxonomy.models import Category, Theme

# The online link of an event opens this long before its start (Decidim shows it "a few minutes before").
ONLINE_LINK_OPENS_MINUTES = 15


class EventSettings(models.Model):
    """The events settings of one process, edited inline with the process."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="event_settings", verbose_name=_("process")
    )
    participants_may_create = models.BooleanField(
        _("participants may create events"),
        default=False,
        help_text=_("Their events are published at once and go through moderation, as proposals do."),
    )

    class Meta:
        verbose_name = _("event settings")
        verbose_name_plural = _("event settings")

    def __str__(self):
        return str(_("Event settings"))


def event_settings_for(process):
    return process_settings(process, EventSettings)


class EventQuerySet(models.QuerySet):
    def shown(self):
        """What public lists show: published or cancelled, not hidden by the moderators."""
        return self.exclude(status=Event.Status.DRAFT).filter(hidden_at__isnull=True)

    def upcoming(self, now=None):
        return self.filter(end_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end_at__lt=now or timezone.now())


def registration_code():
    return secrets.token_hex(4).upper()


class Event(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class RegistrationType(models.TextChoices):
        NONE = "none", _("No registration")
        EXTERNAL = "external", _("On another site")
        HERE = "here", _("On this site")

    # No deletion once published: an event is cancelled (and stays shown as cancelled) or hidden by moderation.
    TRANSITIONS = {
        Status.DRAFT: (Status.PUBLISHED,),
        Status.PUBLISHED: (Status.CANCELLED,),
        Status.CANCELLED: (),
    }

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="events", verbose_name=_("process"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="events", verbose_name=_("organiser")
    )
    is_official = models.BooleanField(
        _("organised by the organisers"), default=False, help_text=_("Created by a process administrator.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), help_text=_("Rich text (HTML is sanitised)."))
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.IN_PERSON)
    place_name = models.CharField(_("place"), max_length=150, blank=True, help_text=_("e.g. Médiathèque Jules-Verne"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    location_hints = models.TextField(
        _("how to get there"), blank=True, help_text=_("Access, public transport, accessibility.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE_VALIDATORS
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE_VALIDATORS
    )
    online_url = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Shown only to registered people, shortly before the start.")
    )
    start_at = models.DateTimeField(_("start"), db_index=True)
    end_at = models.DateTimeField(_("end"), db_index=True)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("category")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("theme")
    )
    registration_type = models.CharField(
        _("registration"), max_length=10, choices=RegistrationType.choices, default=RegistrationType.NONE
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("Empty: no limit."))
    registration_question = models.CharField(
        _("question asked when registering"), max_length=200, blank=True,
        help_text=_("Optional: e.g. “Do you need a sign-language interpreter?”"),
    )
    # Denormalised, written under the event's row lock by the registration services (the CHECK below holds).
    registered_count = models.PositiveIntegerField(_("registered"), default=0)
    waiting_count = models.PositiveIntegerField(_("on the waiting list"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it is cancelled"), blank=True)
    # Closing, after the end: the report (rich text), the attendance and the proposals that came out of it.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("closed by"),
    )
    closing_report = models.TextField(_("report"), blank=True, help_text=_("Rich text (HTML is sanitised)."))
    attendees_count = models.PositiveIntegerField(_("number of attendees"), null=True, blank=True)
    attending_organisations = models.TextField(_("organisations present"), blank=True)
    proposals = models.ManyToManyField(
        Proposal, through="EventProposal", related_name="events", blank=True, verbose_name=_("proposals")
    )
    hidden_at = models.DateTimeField(_("hidden by moderators at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["process", "status", "start_at"]),
            # The agenda (selectors.agenda: listed events, upcoming soonest first or past latest first, read
            # backwards), of one process and site-wide.
            models.Index(
                fields=["process", "start_at", "id"], condition=~Q(status="draft") & Q(hidden_at__isnull=True),
                name="event_agenda_process",
            ),
            models.Index(
                fields=["start_at", "id"], condition=~Q(status="draft") & Q(hidden_at__isnull=True),
                name="event_agenda_site",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_at__gt=F("start_at")), name="event_ends_after_start"),
            coordinates_in_range("event_coordinates_range"),
            models.CheckConstraint(
                condition=Q(seats__isnull=True) | Q(registered_count__lte=F("seats")), name="event_seats_not_exceeded"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="event_published_has_date"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("end_at")), name="event_closed_after_end"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    def clean(self):
        errors = {}
        if self.start_at and self.end_at and self.end_at <= self.start_at:
            errors["end_at"] = _("The end must be after the start.")
        if self.kind in (self.Kind.IN_PERSON, self.Kind.HYBRID) and not (self.address or "").strip():
            errors["address"] = _("Give the address of an event held in person.")
        if self.kind in (self.Kind.ONLINE, self.Kind.HYBRID) and not self.online_url:
            errors["online_url"] = _("Give the link of an online event.")
        if self.registration_type == self.RegistrationType.EXTERNAL and not self.registration_url:
            errors["registration_url"] = _("Give the link of the site where people register.")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
        if self.seats is not None and self.seats < self.registered_count:
            errors["seats"] = _(
                "%(n)d people are already registered: there cannot be fewer seats."
            ) % {"n": self.registered_count}
        if self.process_id:
            if self.category_id and self.category.process_id != self.process_id:
                errors["category"] = _("This category does not belong to the process.")
            if self.theme_id and self.theme.process_id != self.process_id:
                errors["theme"] = _("This theme does not belong to the process.")
        if errors:
            raise ValidationError(errors)

    # -- reading helpers (no queries) ---------------------------------------------------------------------------

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_closed(self):
        return self.closed_at is not None

    @property
    def is_past(self):
        return self.end_at < timezone.now()

    @property
    def is_geolocated(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def is_online(self):
        return self.kind in (self.Kind.ONLINE, self.Kind.HYBRID)

    @property
    def is_in_person(self):
        return self.kind in (self.Kind.IN_PERSON, self.Kind.HYBRID)

    @property
    def registers_here(self):
        return self.registration_type == self.RegistrationType.HERE

    @property
    def seats_left(self):
        if self.seats is None:
            return None
        return max(self.seats - self.registered_count, 0)

    @property
    def is_full(self):
        return self.seats is not None and self.registered_count >= self.seats

    @property
    def online_link_opens_at(self):
        return self.start_at - timezone.timedelta(minutes=ONLINE_LINK_OPENS_MINUTES)


class Registration(TimeStampedModel):
    """One person's place at an event (confirmed), or on its waiting list; cancelled rows stay, so the person may
    come back (one row per person and event)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    code = models.CharField(_("registration code"), max_length=8, default=registration_code)
    answer = models.TextField(_("answer"), blank=True, max_length=1000)
    # The waiting list's order: who waited first moves up first.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="unique_event_registration"),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False), name="registration_waiting_has_date"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "waiting_since"])]

    def __str__(self):
        return f"{self.event} – {self.user}"

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING


class EventProposal(models.Model):
    """A proposal that came out of an event: an existing one linked at closing, or one created then (official,
    attributed to the meeting)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="proposal_links", verbose_name=_("event"))
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="event_links", verbose_name=_("proposal")
    )
    created_here = models.BooleanField(_("created from the meeting"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposal from an event")
        verbose_name_plural = _("proposals from events")
        constraints = [models.UniqueConstraint(fields=["event", "proposal"], name="unique_event_proposal")]

    def __str__(self):
        return f"{self.event} → {self.proposal}"
