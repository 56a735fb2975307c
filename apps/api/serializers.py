"""The API's representations: what the public pages show, in the language of the request (translated fields read
through modeltranslation in the active language, status labels through gettext). Rich text is sanitised on the
way out exactly as the pages do (`core.sanitize.clean_html`). Nothing here queries: the selectors join and
prefetch what each row needs."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.budgets.models import Budget, Project
from apps.comments.models import Comment
from apps.core.sanitize import clean_html
from apps.events.models import Event
from apps.proposals.models import Proposal
from apps.results.models import Result
from apps.spaces.models import Phase, Process
from apps.taxonomy.models import Category, Theme


class RichTextField(serializers.CharField):
    """Stored rich text, sanitised as the pages render it (`|rich_text`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return clean_html(value)


class AbsoluteURLField(serializers.SerializerMethodField):
    """The object's page on the site, in the request's language, as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        url = value.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class LabelField(serializers.SerializerMethodField):
    """The translated label of a choices field (`status` → `status_label`), looked up once per value and request
    (a list's rows share this field)."""

    def __init__(self, source_field, **kwargs):
        self.source_field = source_field
        self.labels = {}
        super().__init__(**kwargs)

    def to_representation(self, value):
        code = getattr(value, self.source_field)
        if code not in self.labels:
            self.labels[code] = str(getattr(value, f"get_{self.source_field}_display")())
        return self.labels[code]


def _with_schema(field_class, schema_type):
    return extend_schema_field(schema_type)(field_class)


AbsoluteURLField = _with_schema(AbsoluteURLField, OpenApiTypes.URI)
LabelField = _with_schema(LabelField, OpenApiTypes.STR)


class PhaseSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind_label = LabelField("kind")
    state = serializers.SerializerMethodField()

    class Meta:
        model = Phase
        fields = ["id", "process", "kind", "kind_label", "title", "description", "start_date", "end_date", "state"]

    @extend_schema_field(serializers.ChoiceField(choices=Phase.State.choices))
    def get_state(self, phase):
        return str(phase.state)


class ProcessPhaseSerializer(PhaseSerializer):
    class Meta(PhaseSerializer.Meta):
        fields = [f for f in PhaseSerializer.Meta.fields if f != "process"]


class ProcessSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()
    description = RichTextField()
    scope = serializers.SerializerMethodField()
    phases = ProcessPhaseSerializer(source="ordered_phases", many=True, read_only=True)
    active_phase = serializers.SerializerMethodField()
    hero_image = serializers.ImageField(read_only=True, use_url=True)

    class Meta:
        model = Process
        fields = [
            "slug", "url", "title", "subtitle", "short_description", "description", "scope", "start_date",
            "end_date", "budget_envelope", "hero_image", "active_phase", "phases",
        ]

    def get_scope(self, process) -> str:
        return str(process.scope_label)

    def get_active_phase(self, process) -> int | None:
        phase = process.active_phase
        return phase.pk if phase else None


class ThemeSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = AbsoluteURLField()
    description = RichTextField()

    class Meta:
        model = Theme
        fields = ["id", "process", "slug", "url", "title", "summary", "description", "position"]


class CategorySerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Category
        fields = ["id", "process", "parent", "theme", "name", "description", "color", "icon", "position"]


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name"]


class ThemeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "slug", "title"]


def author_name(obj):
    """The name the pages print for an item's author (proposals/partials/_author.html)."""
    if getattr(obj, "is_official", False):
        return _("The organisers")
    if getattr(obj, "is_paper", False):
        return _("Collected on paper")
    return obj.author.public_name


class ProposalURLField(AbsoluteURLField):
    def to_representation(self, value):
        url = reverse("proposals:detail", kwargs={"slug": value.process_slug, "pk": value.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ProposalSerializer(serializers.ModelSerializer):
    # The process's slug is annotated by the selector: no Process object per row.
    process = serializers.CharField(source="process_slug", read_only=True)
    url = ProposalURLField()
    author = serializers.SerializerMethodField()
    status_label = LabelField("status")
    category = CategoryRefSerializer(read_only=True)
    theme = ThemeRefSerializer(read_only=True)
    answer = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id", "reference", "process", "url", "title", "body", "author", "is_official", "status",
            "status_label", "category", "theme", "address", "latitude", "longitude", "published_at",
            "withdrawn_at", "merged_into", "support_count", "comment_count", "answer", "answered_at",
        ]

    def get_author(self, proposal) -> str:
        return author_name(proposal)

    def get_answer(self, proposal) -> str:
        """The organisers' answer as the page shows it: the published review's answer in the reader's language,
        else the answer stored with the status."""
        if not proposal.answer:
            return ""
        review = getattr(proposal, "review", None)
        if review is not None and review.answer_state == "published" and review.public_answer:
            return review.public_answer
        return proposal.answer


class CommentSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    target_type = serializers.SerializerMethodField()
    target_id = serializers.IntegerField(source="object_id", read_only=True)
    author = serializers.SerializerMethodField()
    opinion_label = LabelField("opinion")

    class Meta:
        model = Comment
        fields = [
            "id", "process", "target_type", "target_id", "parent", "depth", "author", "body", "opinion",
            "opinion_label", "upvotes", "downvotes", "reply_count", "created_at", "edited_at",
        ]

    def get_target_type(self, comment) -> str:
        return comment.content_type.model

    def get_author(self, comment) -> str:
        return comment.author.public_name


class BudgetSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = AbsoluteURLField()
    description = RichTextField()
    ballot_kind_label = LabelField("ballot_kind")
    results_published = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = [
            "id", "process", "url", "title", "description", "total_amount", "currency", "district", "position",
            "ballot_kind", "ballot_kind_label", "min_projects", "max_projects", "min_spend_percent",
            "points_total", "max_points_per_project", "results_published",
        ]

    def get_results_published(self, budget) -> bool:
        return getattr(budget, "result_publication", None) is not None


class ProjectSerializer(serializers.ModelSerializer):
    process = serializers.SerializerMethodField()
    url = AbsoluteURLField()
    description = RichTextField()
    status_label = LabelField("status")
    category = CategoryRefSerializer(read_only=True)
    proposals = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id", "process", "budget", "url", "title", "description", "cost", "status", "status_label",
            "category", "address", "latitude", "longitude", "proposals",
        ]

    def get_process(self, project) -> str:
        return project.budget.process.slug

    def get_proposals(self, project) -> list[int]:
        return [p.pk for p in project.public_proposals]


class ResultStatusSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    progress = serializers.IntegerField(allow_null=True)


class ResultSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = AbsoluteURLField()
    description = RichTextField()
    status = ResultStatusSerializer(read_only=True, allow_null=True)
    category = CategoryRefSerializer(read_only=True)
    projects = serializers.SerializerMethodField()
    proposals = serializers.SerializerMethodField()

    class Meta:
        model = Result
        fields = [
            "id", "process", "parent", "url", "title", "description", "start_date", "end_date", "status",
            "progress", "cost", "amount_spent", "category", "district", "address", "latitude", "longitude",
            "projects", "proposals",
        ]

    def get_projects(self, result) -> list[int]:
        return [p.pk for p in result.public_projects]

    def get_proposals(self, result) -> list[int]:
        return [p.pk for p in result.public_proposals]


class EventSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = AbsoluteURLField()
    description = RichTextField()
    closing_report = RichTextField()
    status_label = LabelField("status")
    kind_label = LabelField("kind")
    organiser = serializers.SerializerMethodField()
    category = CategoryRefSerializer(read_only=True)
    theme = ThemeRefSerializer(read_only=True)
    proposals = serializers.SerializerMethodField()

    class Meta:
        model = Event
        # Never the online link (shown to registered people shortly before the start) nor the registrations.
        fields = [
            "id", "process", "url", "title", "description", "organiser", "is_official", "status", "status_label",
            "kind", "kind_label", "place_name", "address", "location_hints", "latitude", "longitude", "start_at",
            "end_at", "category", "theme", "registration_type", "registration_url", "seats", "registered_count",
            "waiting_count", "cancelled_at", "cancel_reason", "closed_at", "closing_report", "attendees_count",
            "attending_organisations", "proposals",
        ]

    def get_organiser(self, event) -> str:
        return _("The organisers") if event.is_official else event.author.public_name

    def get_proposals(self, event) -> list[int]:
        return [p.pk for p in event.public_proposals]


class ResultRowSerializer(serializers.Serializer):
    project = serializers.IntegerField(allow_null=True, help_text="The project's id (null if it left the budget).")
    title = serializers.CharField()
    cost = serializers.CharField()
    votes = serializers.CharField(allow_null=True)
    score = serializers.CharField(allow_null=True)
    selected = serializers.BooleanField()
    position = serializers.IntegerField(allow_null=True, help_text="Order of selection among the winners.")


class BudgetResultsSerializer(serializers.Serializer):
    """The published vote results of a budget: the rule, the money spent, the ranking with the winners."""

    budget = serializers.IntegerField()
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    published_at = serializers.DateTimeField()
    voters = serializers.IntegerField(allow_null=True)
    spent = serializers.CharField()
    total_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    pabulib_sha256 = serializers.CharField()
    csv_sha256 = serializers.CharField()
    projects = ResultRowSerializer(many=True)
