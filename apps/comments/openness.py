"""The comments' part of the public statistics and open data (apps/stats/registry.py): comments on what an
anonymous visitor may see (each target's own visible_to, through the content contract), without the deleted and
the hidden ones."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.stats.registry import day_key, labels, public_nickname, register_dataset, register_figures, visible

from .models import Comment


def _comments(process):
    return visible(Comment, process).filter(deleted_at__isnull=True, hidden_at__isnull=True).order_by()


def comment_figures(process):
    by_day = (
        _comments(process)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    days = {day_key(day): n for day, n in by_day}
    return {
        "totals": {"comments": sum(days.values())},
        "series": {"comments": labels(_("Comments"))},
        "days": {"comments": days},
    }


def comment_people(process):
    return {f"u{pk}" for pk in _comments(process).values_list("author_id", flat=True).distinct() if pk}


register_figures("comments", compute=comment_figures, people=comment_people)


COMMENT_COLUMNS = (
    ("id", _("Identifier of the comment")),
    ("target_type", _("What it comments on: proposal, project, result or event")),
    ("target_id", _("The id of that item (in proposals.csv, budget_projects.csv, results.csv or events.csv)")),
    ("parent_id", _("For a reply: the id of the comment it answers")),
    ("author", _("Public nickname of the author")),
    ("opinion", _("in_favour, against or neutral")),
    ("body", _("Text of the comment (HTML)")),
    ("created_at", _("When it was written")),
    ("edited", _("true if its author edited it")),
    ("upvotes", _("Up votes")),
    ("downvotes", _("Down votes")),
)


def comment_rows(process):
    models = {ct.pk: ct.model for ct in ContentType.objects.filter(pk__in=_comments(process).values("content_type"))}
    rows = (
        _comments(process)
        .order_by("pk")
        .values(
            "pk",
            "content_type_id",
            "object_id",
            "parent_id",
            "author__nickname",
            "author__deleted_at",
            "opinion",
            "body",
            "created_at",
            "is_edited",
            "upvotes",
            "downvotes",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "id": row["pk"],
            "target_type": models.get(row["content_type_id"], ""),
            "target_id": row["object_id"],
            "parent_id": row["parent_id"],
            "author": public_nickname(row["author__nickname"], row["author__deleted_at"]),
            "opinion": row["opinion"],
            "body": row["body"],
            "created_at": row["created_at"],
            "edited": row["is_edited"],
            "upvotes": row["upvotes"],
            "downvotes": row["downvotes"],
        }


def comment_version(process):
    row = _comments(process).aggregate(n=Count("pk"), latest=Max("updated_at"))
    return [row["n"], str(row["latest"])]


register_dataset(
    "comments",
    model=Comment,
    title=_("Comments"),
    description=_(
        "The public comments on proposals, projects, results and events (deleted and hidden ones are left out)."
    ),
    columns=COMMENT_COLUMNS,
    rows=comment_rows,
    version=comment_version,
)
