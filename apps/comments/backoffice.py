"""Comments' panel on the back-office home (found by the back-office's autodiscovery)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.backoffice.exports import CHUNK_SIZE, register_export, yes_no
from apps.backoffice.panels import counts_per_process, register_panel
from apps.spaces.models import ProcessRole

from .models import Comment


def _hidden_counts(process_ids):
    return counts_per_process(
        Comment.objects.filter(process_id__in=process_ids, hidden_at__isnull=False, deleted_at__isnull=True)
    )


register_panel(
    "comments.hidden",
    title=_("Hidden comments"),
    description=_("Comments moderators have hidden from the public."),
    roles={ProcessRole.Role.MODERATOR},
    counts=_hidden_counts,
    # The moderation queue's hidden cases: where a moderator shows one again.
    link=lambda user, process: reverse("moderation:queue", kwargs={"process_pk": process.pk}) + "?status=hidden",
)


# --- Export (issue 8 §5): every comment of the process, hidden ones marked, in one streamed query.

COMMENT_COLUMNS = (
    "id",
    "target_type",
    "target_id",
    "parent_id",
    "author",
    "opinion",
    "body",
    "upvotes",
    "downvotes",
    "replies",
    "created_at",
    "edited_at",
    "deleted",
    "hidden",
    "hidden_at",
    "hidden_reason",
)


def comment_export_rows(user, process):
    rows = (
        Comment.objects.filter(process=process)
        .order_by("pk")
        .values(
            "pk",
            "content_type__app_label",
            "content_type__model",
            "object_id",
            "parent_id",
            "author__display_name",
            "author__nickname",
            "opinion",
            "body",
            "upvotes",
            "downvotes",
            "reply_count",
            "created_at",
            "edited_at",
            "deleted_at",
            "hidden_at",
            "hidden_reason",
        )
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "id": row["pk"],
            "target_type": f"{row['content_type__app_label']}.{row['content_type__model']}",
            "target_id": row["object_id"],
            "parent_id": row["parent_id"],
            "author": row["author__display_name"] or row["author__nickname"],
            "opinion": row["opinion"],
            # A deleted comment keeps its row for the replies; its text is gone for everybody.
            "body": "" if row["deleted_at"] else row["body"],
            "upvotes": row["upvotes"],
            "downvotes": row["downvotes"],
            "replies": row["reply_count"],
            "created_at": row["created_at"],
            "edited_at": row["edited_at"],
            "deleted": yes_no(row["deleted_at"]),
            "hidden": yes_no(row["hidden_at"]),
            "hidden_at": row["hidden_at"],
            "hidden_reason": row["hidden_reason"],
        }


register_export(
    "comments",
    model=Comment,
    title=_("Comments"),
    description=_("Every comment of the process; those hidden by moderators are marked."),
    columns=COMMENT_COLUMNS,
    rows=comment_export_rows,
    rule="backoffice.export_comments",
)
