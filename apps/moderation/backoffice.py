"""Moderation's panel on the back-office home and its export (found by the back-office's autodiscovery)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.backoffice.exports import CHUNK_SIZE, register_export, yes_no
from apps.backoffice.panels import register_panel
from apps.spaces.models import ProcessRole

from .models import Report
from .selectors import pending_counts

register_panel(
    "moderation.pending",
    title=_("Reports waiting for a moderator"),
    description=_("Hide with a justification, or dismiss the reports."),
    roles={ProcessRole.Role.MODERATOR},
    counts=pending_counts,
    link=lambda user, process: reverse("moderation:queue", kwargs={"process_pk": process.pk}),
)


# --- Export (issue 8 §5): every report on the process's content, with the moderators' decision on its item.

REPORT_COLUMNS = (
    "report_id",
    "item_id",
    "content_type",
    "object_id",
    "url",
    "reporter",
    "reason",
    "text",
    "reported_at",
    "item_status",
    "hidden",
    "justification",
    "decided_by",
    "decided_at",
)


def report_export_rows(user, process):
    rows = (
        Report.objects.filter(item__process=process)
        .order_by("pk")
        .values(
            "pk",
            "item_id",
            "item__content_type__app_label",
            "item__content_type__model",
            "item__object_id",
            "item__url",
            "reporter__display_name",
            "reporter__nickname",
            "reason",
            "text",
            "created_at",
            "item__status",
            "item__hidden_at",
            "item__justification",
            "item__decided_by__display_name",
            "item__decided_by__nickname",
            "item__decided_at",
        )
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "report_id": row["pk"],
            "item_id": row["item_id"],
            "content_type": f"{row['item__content_type__app_label']}.{row['item__content_type__model']}",
            "object_id": row["item__object_id"],
            "url": row["item__url"],
            "reporter": row["reporter__display_name"] or row["reporter__nickname"],
            "reason": row["reason"],
            "text": row["text"],
            "reported_at": row["created_at"],
            "item_status": row["item__status"],
            "hidden": yes_no(row["item__hidden_at"]),
            "justification": row["item__justification"],
            "decided_by": row["item__decided_by__display_name"] or row["item__decided_by__nickname"] or "",
            "decided_at": row["item__decided_at"],
        }


register_export(
    "reports",
    title=_("Reports"),
    description=_("Every report on the process's content, with the moderators' decision."),
    columns=REPORT_COLUMNS,
    rows=report_export_rows,
    rule="backoffice.export_reports",
)
