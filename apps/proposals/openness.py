"""The proposals' part of the public statistics and open data (apps/stats/registry.py): what an anonymous visitor
may see, through the content contract's visible_to."""

from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.stats.registry import (
    day_key,
    field_labels,
    labels,
    public_nickname,
    register_dataset,
    register_figures,
    url_pattern,
    visible,
)
from apps.taxonomy.models import Category, Theme

from .models import Proposal


def _visible(process):
    return visible(Proposal, process)


def proposal_figures(process):
    """Proposals: the total, per day of publication, per category and per status. Three queries and the
    categories."""
    proposals = _visible(process).order_by()
    by_category = dict(proposals.values_list("category_id").annotate(n=Count("pk")))
    by_status = dict(proposals.values_list("status").annotate(n=Count("pk")))
    by_day = (
        proposals.filter(published_at__isnull=False)
        .annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    categories = {c.pk: c for c in Category.objects.filter(process=process)}
    category_rows = [
        {"label": field_labels(categories[pk], "name"), "count": n} for pk, n in by_category.items() if pk in categories
    ]
    category_rows.sort(key=lambda row: -row["count"])
    if by_category.get(None):
        category_rows.append({"label": labels(_("No category")), "count": by_category[None]})
    status_rows = [
        {"label": labels(label), "count": by_status[value]}
        for value, label in Proposal.Status.choices
        if by_status.get(value)
    ]
    return {
        "totals": {"proposals": sum(by_status.values())},
        "series": {"proposals": labels(_("Proposals"))},
        "days": {"proposals": {day_key(day): n for day, n in by_day}},
        "breakdowns": [
            {
                "key": "proposals_by_category",
                "title": labels(_("Proposals by category")),
                "chart": True,
                "rows": category_rows,
            },
            {
                "key": "proposals_by_status",
                "title": labels(_("Proposals by status")),
                "chart": False,
                "rows": status_rows,
                "sum": True,
            },
        ],
    }


def proposal_people(process):
    return {f"u{pk}" for pk in _visible(process).filter(author__isnull=False).values_list("author_id", flat=True)}


register_figures("proposals", compute=proposal_figures, people=proposal_people)


PROPOSAL_COLUMNS = (
    ("id", _("Identifier of the proposal on the site (also in comments.csv's target_id)")),
    ("reference", _("Public reference of the proposal")),
    ("url", _("Address of the proposal's page")),
    ("title", _("Title")),
    ("body", _("Description, as written by its author")),
    ("status", _("Status: published, evaluating, accepted, rejected, withdrawn or merged")),
    ("merged_into", _("For a merged duplicate: the id of the proposal it was merged into")),
    ("category", _("Category (in the site's language)")),
    ("theme", _("Theme (in the site's language)")),
    ("author", _("Public nickname of the author (empty for an official or deleted author)")),
    ("official", _("true for a proposal made by the organisers")),
    ("origin", _("online, or paper for an idea collected on paper")),
    ("address", _("Address given for the proposal")),
    ("latitude", _("Latitude (WGS 84)")),
    ("longitude", _("Longitude (WGS 84)")),
    ("supports", _("Number of supports")),
    ("comments", _("Number of comments")),
    ("published_at", _("When the proposal was published")),
    ("answer", _("The organisers' public answer")),
    ("answered_at", _("When the answer was published")),
    ("cost", _("Estimated cost in euros, once the answer is published")),
)


def proposal_rows(process):
    categories = {c.pk: c.name for c in Category.objects.filter(process=process)}
    themes = {t.pk: t.title for t in Theme.objects.filter(process=process)}
    url = url_pattern("proposals:detail", slug=process.slug)
    rows = (
        _visible(process)
        .order_by("pk")
        .values(
            "pk",
            "reference",
            "title",
            "body",
            "status",
            "merged_into_id",
            "category_id",
            "theme_id",
            "is_official",
            "origin",
            "address",
            "latitude",
            "longitude",
            "support_count",
            "comment_count",
            "published_at",
            "answer",
            "answered_at",
            "author__nickname",
            "author__deleted_at",
            "review__estimated_cost",
            "review__answer_state",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        answered = row["answered_at"] is not None
        yield {
            "id": row["pk"],
            "reference": row["reference"],
            "url": url(row["pk"]),
            "title": row["title"],
            "body": row["body"],
            "status": row["status"],
            "merged_into": row["merged_into_id"],
            "category": categories.get(row["category_id"], ""),
            "theme": themes.get(row["theme_id"], ""),
            "author": "" if row["is_official"] else public_nickname(row["author__nickname"], row["author__deleted_at"]),
            "official": row["is_official"],
            "origin": row["origin"],
            "address": row["address"],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            "supports": row["support_count"],
            "comments": row["comment_count"],
            "published_at": row["published_at"],
            "answer": row["answer"] if answered else "",
            "answered_at": row["answered_at"],
            "cost": row["review__estimated_cost"] if answered and row["review__answer_state"] == "published" else None,
        }


def proposal_version(process):
    row = (
        _visible(process)
        .order_by()
        .aggregate(
            n=Count("pk"),
            latest=Max("updated_at"),
            answered=Max("answered_at"),
            supports=Sum("support_count"),
            comments=Sum("comment_count"),
        )
    )
    return [row["n"], str(row["latest"]), str(row["answered"]), row["supports"], row["comments"]]


register_dataset(
    "proposals",
    model=Proposal,
    title=_("Proposals"),
    description=_("Every public proposal with its status, the organisers' answer and cost, and its supports."),
    columns=PROPOSAL_COLUMNS,
    rows=proposal_rows,
    version=proposal_version,
)
