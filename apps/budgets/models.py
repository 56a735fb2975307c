"""Budgets, projects and ballots (the vote), with the voting settings and census of a process.

The vocabulary, shared with Decidim and CONSUL:
- a **budget** is one envelope of a process (city-wide, or one per district: CONSUL's "headings");
- a **project** is what may be voted for in a budget; only the *selected* ones are on the ballot;
- a **ballot** is one voter's choice in one budget: online (a basket until confirmed), assisted (recorded in person
  by a voting assistant) or paper (a sheet typed in twice and reconciled);
- the **register** (`Participation`) is the list of people who voted in a budget, whatever the channel, so that one
  person votes once: unique constraints on the user and on the census entry.
"""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS, TimeStampedModel, coordinates_in_range
from apps.spaces.models import Process, process_settings
from apps.taxonomy.models import Category

# Orderings name the column (`budget_id`), not the relation: ordering by a relation joins its table, and a
# SELECT ... FOR UPDATE (apps/budgets/services.py) would then lock the budget's and the process's rows as well.


class VoterScope(models.TextChoices):
    """In which budgets of a process a voter may vote."""

    ONE_BUDGET = "one", _("In one budget of their choice")
    ALL_BUDGETS = "all", _("In every budget")
    DISTRICT = "district", _("In the budget of their district (and the city-wide one, if allowed)")


class Residency(models.TextChoices):
    """How residency is checked before a vote."""

    NONE = "none", _("Not checked")
    DECLARATION = "declaration", _("Declaration on honour")
    CENSUS_POSTAL_CODE = "census_postal_code", _("Census of postal codes")
    CENSUS_DOCUMENT = "census_document", _("Census of residents (document number and birth date)")


class VotingSettings(models.Model):
    """The vote's settings of one process (one-to-one, edited inline with the process)."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="voting_settings", verbose_name=_("process")
    )
    voter_scope = models.CharField(
        _("where a voter may vote"), max_length=12, choices=VoterScope.choices, default=VoterScope.ALL_BUDGETS
    )
    district_voters_also_city_wide = models.BooleanField(
        _("district voters may also vote in the city-wide budget"),
        default=True,
        help_text=_("Only when voters vote in the budget of their district."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age to vote"), null=True, blank=True, help_text=_("Empty: no minimum age.")
    )
    residency = models.CharField(_("residency check"), max_length=20, choices=Residency.choices, default=Residency.NONE)
    paper_double_entry = models.BooleanField(
        _("paper ballots are typed in twice"),
        default=True,
        help_text=_("Two agents type each paper ballot; mismatches are reconciled before the ballot counts."),
    )

    class Meta:
        verbose_name = _("voting settings")
        verbose_name_plural = _("voting settings")

    def __str__(self):
        return str(_("Voting settings of %(process)s")) % {"process": self.process}


def voting_settings_for(process):
    return process_settings(process, VotingSettings)


class CensusEntry(models.Model):
    """One resident of the census an administrator uploaded (CSV). Document numbers are never stored in clear:
    `document_hash` is the SHA-256 of the normalised number (see apps/budgets/census.py)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="census", verbose_name=_("process"))
    document_hash = models.CharField(_("document number (hashed)"), max_length=64, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    # The account verified against this entry (one account per resident, one resident per account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="census_entries",
        verbose_name=_("verified account"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "document_hash"],
                condition=~Q(document_hash=""),
                name="budgets_census_document_unique",
            ),
            models.UniqueConstraint(
                fields=["process", "user"], condition=Q(user__isnull=False), name="budgets_census_user_unique"
            ),
        ]
        indexes = [models.Index(fields=["process", "postal_code"])]

    def __str__(self):
        return self.district or self.postal_code or self.document_hash[:8]


class CountingRule(models.TextChoices):
    """How a budget's winners are chosen (apps/voting/rules; the values are apps.voting.rules.RULES)."""

    GREEDY = "greedy", _("Greedy: the most voted projects, each taken if it still fits the budget")
    GREEDY_NO_SKIP = "greedy-no-skip", _("Greedy without skipping: stop at the first project that does not fit")
    MES = "mes", _("Method of Equal Shares")
    PHRAGMEN = "phragmen", _("Sequential Phragmén (approval ballots)")


class CountingCompletion(models.TextChoices):
    """What the Method of Equal Shares does with the money it leaves (after its Add1 completion)."""

    NONE = "none", _("None: keep the money left")
    GREEDY = "greedy", _("Fill the money left greedily, by votes")


class Budget(TimeStampedModel):
    CountingRule = CountingRule
    CountingCompletion = CountingCompletion

    class BallotKind(models.TextChoices):
        APPROVAL = "approval", _("Approval: choose between a minimum and a maximum number of projects")
        KNAPSACK = "knapsack", _("Knapsack: choose projects whose total cost fits the budget")
        CUMULATIVE = "cumulative", _("Cumulative: distribute points between projects")
        RANKED = "ranked", _("Ranked: order your preferred projects")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("process"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Rich text (HTML is sanitised)."))
    # Empty: a budget without amounts (plain approval voting, costs are not shown).
    total_amount = models.DecimalField(
        _("total amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: a vote without amounts."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, help_text=_("Inhabitants who may vote, for the turnout.")
    )
    # A district budget names its district (matched against the voter's verified district or postal code);
    # an empty district is a city-wide budget.
    district = models.CharField(_("district"), max_length=80, blank=True, help_text=_("Empty for a city-wide budget."))
    district_postal_codes = models.CharField(
        _("postal codes of the district"), max_length=400, blank=True, help_text=_("Comma-separated.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    ballot_kind = models.CharField(_("ballot"), max_length=12, choices=BallotKind.choices, default=BallotKind.APPROVAL)
    # Approval and knapsack: how many projects; ranked: `max_projects` is how many may be ranked.
    min_projects = models.PositiveSmallIntegerField(_("minimum number of projects"), default=0)
    max_projects = models.PositiveSmallIntegerField(
        _("maximum number of projects"), null=True, blank=True, help_text=_("Empty: no maximum.")
    )
    # Knapsack: the share of the budget a ballot must at least spend (Decidim's threshold), in percent.
    min_spend_percent = models.PositiveSmallIntegerField(_("minimum share of the budget to spend (%)"), default=0)
    # Cumulative: N points in all, at most K on one project.
    points_total = models.PositiveSmallIntegerField(_("points to distribute"), null=True, blank=True)
    max_points_per_project = models.PositiveSmallIntegerField(_("maximum points on one project"), null=True, blank=True)
    ballot_is_final = models.BooleanField(
        _("a confirmed ballot is final"),
        default=False,
        help_text=_("Otherwise voters may change their ballot until the vote closes."),
    )
    counting_rule = models.CharField(
        _("counting rule"),
        max_length=16,
        choices=CountingRule.choices,
        default=CountingRule.GREEDY,
        help_text=_(
            "Greedy: projects by votes, each taken if it still fits the money left. Equal Shares gives each voter "
            "an equal share of the budget, so that every group of voters gets projects in proportion to its size "
            "(needs amounts). Phragmén: a proportional rule for approval ballots (needs amounts)."
        ),
    )
    min_score = models.DecimalField(
        _("minimum score to win"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Greedy rules only: a project with fewer votes (or points) than this cannot win. Empty: no minimum."
        ),
    )
    counting_completion = models.CharField(
        _("completion of Equal Shares"),
        max_length=8,
        choices=CountingCompletion.choices,
        default=CountingCompletion.NONE,
        help_text=_("Equal Shares only: what to do with the money the rule leaves."),
    )

    class Meta:
        ordering = ["process_id", "position", "pk"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_amount__isnull=True) | Q(total_amount__gte=0), name="budgets_budget_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_projects__isnull=True) | Q(max_projects__gte=models.F("min_projects")),
                name="budgets_budget_min_le_max",
            ),
            models.CheckConstraint(condition=Q(min_spend_percent__lte=100), name="budgets_budget_spend_percent"),
            models.CheckConstraint(
                condition=~Q(ballot_kind="knapsack") | Q(total_amount__isnull=False),
                name="budgets_budget_knapsack_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(ballot_kind="cumulative") | Q(points_total__gte=1),
                name="budgets_budget_cumulative_has_points",
            ),
            models.CheckConstraint(
                condition=Q(min_score__isnull=True) | Q(min_score__gt=0), name="budgets_budget_min_score_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("budgets:budget_detail", kwargs={"slug": self.process.slug, "budget_id": self.pk})

    @property
    def has_amounts(self):
        return self.total_amount is not None

    @property
    def is_city_wide(self):
        return not self.district

    def postal_code_list(self):
        return [code.strip().lower() for code in self.district_postal_codes.split(",") if code.strip()]

    def clean(self):
        errors = {}
        kinds = self.BallotKind
        # Amounts read "12 500 €" for EUR and "12 500 CHF" otherwise: a code typed "eur" showed as it was typed.
        self.currency = (self.currency or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", self.currency):
            errors["currency"] = _("Give the currency's three-letter code, such as EUR or CHF.")
        if self.ballot_kind == kinds.KNAPSACK and self.total_amount is None:
            errors["total_amount"] = _("A knapsack ballot needs the budget's total amount.")
        elif self.total_amount is not None and self.total_amount < 0:
            errors["total_amount"] = _("A total amount cannot be negative.")
        if self.ballot_kind == kinds.CUMULATIVE:
            if not self.points_total:
                errors["points_total"] = _("Give the number of points each voter distributes.")
            elif self.max_points_per_project and self.max_points_per_project > self.points_total:
                errors["max_points_per_project"] = _("A project cannot take more points than a voter has.")
        if self.ballot_kind == kinds.RANKED and not self.max_projects:
            errors["max_projects"] = _("Give how many projects a voter may rank.")
        if self.max_projects is not None and self.max_projects < self.min_projects:
            errors["max_projects"] = _("The maximum cannot be below the minimum.")
        if self.min_spend_percent > 100:
            errors["min_spend_percent"] = _("A share is at most 100 %.")
        errors.update(self.counting_errors())
        if errors:
            raise ValidationError(errors)


    def counting_errors(self):
        """The counting settings that do not fit the ballot: {field: sentence}."""
        errors = {}
        rules = CountingRule
        if self.counting_rule in (rules.MES, rules.PHRAGMEN) and self.total_amount is None:
            errors["counting_rule"] = _("Equal Shares and Phragmén need amounts: give the budget's total amount.")
        elif self.counting_rule == rules.PHRAGMEN and self.ballot_kind not in (
            self.BallotKind.APPROVAL,
            self.BallotKind.KNAPSACK,
        ):
            errors["counting_rule"] = _("Phragmén counts approval ballots only, not points or rankings.")
        if self.min_score is not None:
            if self.min_score <= 0:
                errors["min_score"] = _("A minimum score is above 0.")
            elif self.counting_rule not in (rules.GREEDY, rules.GREEDY_NO_SKIP):
                errors["min_score"] = _("A minimum score applies to the greedy rules only.")
        if self.counting_completion != CountingCompletion.NONE and self.counting_rule != rules.MES:
            errors["counting_completion"] = _("A completion applies to Equal Shares only.")
        return errors


class Project(TimeStampedModel):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Not selected for the vote yet")
        SELECTED = "selected", _("Selected for the vote")
        WINNER = "winner", _("Winner")
        NOT_WINNER = "not_winner", _("Not chosen by the vote")

    # Selecting and unselecting are moves of this table (apps/budgets/pipeline.py); the count (issue 10) moves
    # selected projects to winner or not chosen.
    TRANSITIONS = {
        Status.CANDIDATE: (Status.SELECTED,),
        Status.SELECTED: (Status.CANDIDATE, Status.WINNER, Status.NOT_WINNER),
        Status.WINNER: (Status.SELECTED,),
        Status.NOT_WINNER: (Status.SELECTED,),
    }
    PUBLIC_STATUSES = (Status.SELECTED, Status.WINNER, Status.NOT_WINNER)

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects", verbose_name=_("budget"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Rich text (HTML is sanitised)."))
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="projects", verbose_name=_("category")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE_VALIDATORS
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE_VALIDATORS
    )
    image = models.ImageField(_("image"), upload_to="projects/", blank=True)
    external_id = models.CharField(_("external id"), max_length=60, blank=True)
    # The proposals of the review this project comes from (several when proposals were merged into one project);
    # their authors are the project's authors.
    proposals = models.ManyToManyField(
        "proposals.Proposal", blank=True, related_name="projects", verbose_name=_("proposals")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["budget_id", "position", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="budgets_project_cost_positive"),
            coordinates_in_range("budgets_project_coordinates_range"),
            models.UniqueConstraint(
                fields=["budget", "external_id"], condition=~Q(external_id=""), name="budgets_project_external_id"
            ),
        ]
        # The vote page's orders and filters at scale (vote_selectors._page_of picks a page's keys from these): the
        # random order reads (budget, status, id) and the category with it, cost its own order, the title (French,
        # the default language) its own; the category menu probes (budget, category).
        indexes = [
            models.Index(fields=["budget", "status", "id"], include=["category"], name="project_list_random"),
            models.Index(fields=["budget", "cost", "id"], include=["status"], name="project_list_cost"),
            models.Index(F("budget"), Lower("title_fr"), F("id"), name="project_list_title"),
            models.Index(fields=["budget", "category"], name="project_budget_category"),
        ]

    def __str__(self):
        return self.title

    @property
    def process(self):
        return self.budget.process

    def get_absolute_url(self):
        return reverse(
            "budgets:project_detail",
            kwargs={"slug": self.budget.process.slug, "budget_id": self.budget_id, "pk": self.pk},
        )

    @property
    def is_selected(self):
        return self.status == self.Status.SELECTED

    def clean(self):
        errors = {}
        if self.cost is not None and self.cost < 0:
            errors["cost"] = _("A cost cannot be negative.")
        if self.category_id and self.budget_id and self.category.process_id != self.budget.process_id:
            errors["category"] = _("This category does not belong to the process.")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
        if errors:
            raise ValidationError(errors)


class ProjectImage(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="images", verbose_name=_("project"))
    image = models.ImageField(_("image"), upload_to="projects/")
    alt_text = models.CharField(_("description of the image"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["project_id", "position", "pk"]
        verbose_name = _("project image")
        verbose_name_plural = _("project images")

    def __str__(self):
        return self.alt_text or self.image.name


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    ASSISTED = "assisted", _("Assisted (in person)")
    PAPER = "paper", _("Paper")
    # Ballots imported from a Pabulib file (manage.py import_pabulib): no voter, no receipt, no register line.
    IMPORTED = "imported", _("Imported")


def new_receipt_code():
    """A random verification code: 12 characters from an alphabet without look-alikes (0/O, 1/I/L), ~60 bits."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Ballot(TimeStampedModel):
    """One ballot in one budget. Online, it is the voter's basket until confirmed (`confirmed_at`); assisted and
    paper ballots are confirmed when recorded. Paper ballots have no voter: the person is in the register."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("budget"))
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("voter"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, db_index=True)
    receipt_code = models.CharField(_("verification code"), max_length=20, null=True, blank=True, unique=True)
    # How many times the confirmed ballot was changed (each change is audited).
    changes = models.PositiveIntegerField(_("changes"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Paper: the number written on the sheet, unique in the budget.
    paper_sheet = models.CharField(_("paper sheet number"), max_length=40, blank=True)

    class Meta:
        ordering = ["budget_id", "pk"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            # One ballot per voter per budget (the basket and the confirmed ballot are the same row).
            models.UniqueConstraint(
                fields=["budget", "voter"], condition=Q(voter__isnull=False), name="budgets_one_ballot_per_voter"
            ),
            models.UniqueConstraint(
                fields=["budget", "paper_sheet"], condition=~Q(paper_sheet=""), name="budgets_one_ballot_per_sheet"
            ),
            models.CheckConstraint(
                condition=~Q(channel="online") | Q(voter__isnull=False), name="budgets_online_ballot_has_voter"
            ),
            models.CheckConstraint(
                condition=Q(receipt_code__isnull=True) | Q(confirmed_at__isnull=False),
                name="budgets_receipt_only_when_confirmed",
            ),
        ]

    def __str__(self):
        return f"{self.budget} #{self.pk}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class BallotItem(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="items", verbose_name=_("ballot"))
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="ballot_items", verbose_name=_("project")
    )
    # Cumulative: the points given; 1 otherwise.
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    # Ranked: 1 is the favourite; empty otherwise.
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["ballot_id", "rank", "added_at", "pk"]
        verbose_name = _("ballot item")
        verbose_name_plural = _("ballot items")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="budgets_item_once_per_ballot"),
            models.UniqueConstraint(
                fields=["ballot", "rank"], condition=Q(rank__isnull=False), name="budgets_item_rank_once"
            ),
            models.CheckConstraint(condition=Q(points__gte=1), name="budgets_item_points_positive"),
            models.CheckConstraint(condition=Q(rank__isnull=True) | Q(rank__gte=1), name="budgets_item_rank_positive"),
        ]

    def __str__(self):
        return f"{self.ballot_id}: {self.project_id}"


class BasketItem(models.Model):
    """The voter's selection being built (online). Confirming validates the whole basket and copies it into the
    ballot's items in one transaction, so a confirmed ballot always holds a complete, valid choice, even while its
    voter is changing it."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="basket", verbose_name=_("ballot"))
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="basket_items", verbose_name=_("project")
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["ballot_id", "rank", "added_at", "pk"]
        verbose_name = _("basket item")
        verbose_name_plural = _("basket items")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="budgets_basket_once_per_ballot"),
            models.UniqueConstraint(
                fields=["ballot", "rank"], condition=Q(rank__isnull=False), name="budgets_basket_rank_once"
            ),
            models.CheckConstraint(condition=Q(points__gte=1), name="budgets_basket_points_positive"),
        ]

    def __str__(self):
        return f"{self.ballot_id}: {self.project_id}"


class Participation(models.Model):
    """The register: who voted in a budget, through which channel (the signature on the voters' list). One person
    votes once per budget: unique by account and by census entry, whichever the channel. Paper ballots are not
    linked to their voter's entry (the secret of the vote); online and assisted ones are, through `ballot`."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="participations", verbose_name=_("budget")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("voter"),
    )
    census_entry = models.ForeignKey(
        CensusEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("census entry"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    ballot = models.OneToOneField(
        Ballot, on_delete=models.CASCADE, null=True, blank=True, related_name="participation", verbose_name=_("ballot")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["budget_id", "created_at", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("register of voters")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "user"], condition=Q(user__isnull=False), name="budgets_register_user_once"
            ),
            models.UniqueConstraint(
                fields=["budget", "census_entry"],
                condition=Q(census_entry__isnull=False),
                name="budgets_register_census_once",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(census_entry__isnull=False),
                name="budgets_register_names_someone",
            ),
        ]

    def __str__(self):
        return f"{self.budget}: {self.get_channel_display()}"


class PaperEntry(models.Model):
    """One agent's typing of one paper sheet. With double entry, two agents type each sheet; when their entries
    agree the sheet becomes a confirmed paper Ballot, otherwise it waits for reconciliation."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the second entry")
        MATCHED = "matched", _("Both entries agree")
        MISMATCH = "mismatch", _("The entries disagree")
        RECONCILED = "reconciled", _("Reconciled")

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="paper_entries", verbose_name=_("budget"))
    sheet = models.CharField(_("sheet number"), max_length=40)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    # {"<project id>": {"points": n, "rank": r}} as typed; a void sheet (unreadable, too many crosses) is kept void.
    choices = models.JSONField(_("choices"), default=dict, blank=True)
    is_void = models.BooleanField(_("void sheet"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING)
    ballot = models.ForeignKey(
        Ballot, on_delete=models.SET_NULL, null=True, blank=True, related_name="paper_entries", verbose_name=_("ballot")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["budget_id", "sheet", "created_at", "pk"]
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        constraints = [
            # The second entry must come from another agent.
            models.UniqueConstraint(
                fields=["budget", "sheet", "entered_by"], name="budgets_paper_entry_once_per_agent"
            ),
        ]

    def __str__(self):
        return f"{self.budget} – {self.sheet}"


class ResultPublication(models.Model):
    """A budget's published results: the rule chosen in the preview, the outcome with each project's explanation
    (apps/voting/rules/explain.py, as JSON), and the recount files frozen at publication with their SHA-256.
    Written once by results_services.results_publish; never updated (one per budget: the one-to-one)."""

    budget = models.OneToOneField(
        Budget, on_delete=models.PROTECT, related_name="result_publication", verbose_name=_("budget")
    )
    rule = models.CharField(_("counting rule"), max_length=20, choices=CountingRule.choices)
    completion = models.CharField(
        _("completion"), max_length=10, choices=CountingCompletion.choices, default=CountingCompletion.NONE
    )
    min_score = models.DecimalField(_("minimum score"), max_digits=14, decimal_places=2, null=True, blank=True)
    # {"rule", "budget", "spent", "voters", "winners": [keys in order], "ranking": [...], "projects": [{"id", "pk",
    #  "cost", "votes", "score", "selected", "position", "reason", ...figures}], "voters_with_winner", ...}
    outcome = models.JSONField(_("outcome"))
    pabulib_text = models.TextField(_("ballots (Pabulib)"))
    pabulib_sha256 = models.CharField(_("SHA-256 of the Pabulib file"), max_length=64)
    csv_text = models.TextField(_("ballots (CSV)"))
    csv_sha256 = models.CharField(_("SHA-256 of the CSV file"), max_length=64)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("published results")
        verbose_name_plural = _("published results")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_score__isnull=True) | Q(rule__in=("greedy", "greedy-no-skip")),
                name="budgets_results_min_score_greedy_only",
            ),
        ]

    def __str__(self):
        return str(_("Results of %(budget)s")) % {"budget": self.budget}

    @property
    def process(self):
        return self.budget.process
