"""What the API lists: every queryset starts from the content's own `visible_to` (or the public selector of its
app) for an ANONYMOUS visitor, whoever calls, with the relations a row shows joined or prefetched, so a page
costs a fixed number of queries whatever its length (tests/api/test_queries.py)."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Prefetch, Q

from apps.budgets.models import ResultPublication
from apps.budgets.selectors import budget_visible_to, project_visible_to
from apps.comments.models import Comment
from apps.core.content import Capability, registered
from apps.events.selectors import event_visible_to
from apps.proposals.selectors import proposal_visible_to
from apps.results.selectors import result_visible_to
from apps.spaces.models import Phase
from apps.spaces.selectors import process_list_public
from apps.taxonomy.models import Category, Theme

ANONYMOUS = AnonymousUser()


def processes():
    """Published processes, newest first, with their phases (one prefetch)."""
    return process_list_public()


def phases():
    return Phase.objects.filter(process__is_published=True).select_related("process").order_by(
        "process_id", "start_date", "pk"
    )


def themes():
    return Theme.objects.filter(process__is_published=True).select_related("process").order_by(
        "process_id", "position", "pk"
    )


def categories():
    return (
        Category.objects.filter(process__is_published=True)
        .select_related("process", "parent", "theme")
        .order_by("process_id", "parent__position", "parent_id", "position", "pk")
    )


def public_proposals():
    """What the site's proposal lists show an anonymous visitor: published (and later statuses) and withdrawn
    proposals of published processes, not hidden by the moderators (blocked participants' hidden content
    included); never drafts."""
    return proposal_visible_to(ANONYMOUS).shown()


def proposals():
    return (
        public_proposals()
        .select_related("author", "category", "theme", "review")
        .annotate(process_slug=F("process__slug"))
        .order_by("-published_at", "-pk")
    )


def comments():
    """Comments on content an anonymous visitor may see, without the deleted and hidden ones (the site shows
    those as empty placeholders).

    The same condition as `comments.selectors.comment_visible_to` (each commentable type's own `visible_to`,
    through the content contract), written as one correlated EXISTS per type instead of IN (all visible ids):
    a page of 100 then probes about 100 targets by primary key instead of listing 50,000 proposals first
    (tests/api/test_visibility.py checks both give the same comments)."""
    condition = Q(pk__in=[])
    for entry in registered(Capability.COMMENTABLE):
        content_type = ContentType.objects.get_for_model(entry.model)
        visible = entry.visible_to(ANONYMOUS).filter(pk=OuterRef("object_id"))
        condition |= Q(content_type=content_type) & Q(Exists(visible))
    return (
        Comment.objects.filter(condition, hidden_at__isnull=True, deleted_at__isnull=True)
        .select_related("process", "author", "content_type")
        .order_by("created_at", "pk")
    )


def budgets():
    return (
        budget_visible_to(ANONYMOUS)
        .select_related("process")
        .prefetch_related(
            Prefetch("result_publication", queryset=ResultPublication.objects.defer("pabulib_text", "csv_text"))
        )
        .order_by("process_id", "position", "pk")
    )


def result_publication(budget):
    """The budget's published vote results (without the recount files' texts), or None."""
    return ResultPublication.objects.filter(budget_id=budget.pk).defer("pabulib_text", "csv_text").first()


def budget_projects(budget):
    return {p.pk: p for p in project_visible_to(ANONYMOUS).filter(budget_id=budget.pk)}


def _visible_proposal_ids():
    return Prefetch("proposals", queryset=public_proposals().only("pk"), to_attr="public_proposals")


def projects():
    return (
        project_visible_to(ANONYMOUS)
        .select_related("budget__process", "category")
        .prefetch_related(_visible_proposal_ids())
        .order_by("budget_id", "position", "pk")
    )


def results():
    return (
        result_visible_to(ANONYMOUS)
        .select_related("process", "status", "category")
        .prefetch_related(
            _visible_proposal_ids(),
            Prefetch("projects", queryset=project_visible_to(ANONYMOUS).only("pk"), to_attr="public_projects"),
        )
        .order_by("process_id", "position", "pk")
    )


def events():
    """What the agenda shows an anonymous visitor: published and cancelled events of published processes, not
    hidden (drafts never)."""
    return (
        event_visible_to(ANONYMOUS)
        .shown()
        .select_related("process", "category", "theme")
        .prefetch_related(_visible_proposal_ids())
        .order_by("start_at", "pk")
    )

