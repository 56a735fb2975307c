"""Results tracking in the open data (apps/stats/registry.py): every result an anonymous visitor may see, with its
status and progress."""

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from apps.stats.registry import register_dataset, url_pattern, visible

from .models import Result

RESULT_COLUMNS = (
    ("id", _("Identifier of the result")),
    ("parent_id", _("For a sub-result: the id of its parent result")),
    ("external_id", _("The organisers' own reference, when given")),
    ("url", _("Address of the result's page")),
    ("title", _("Title")),
    ("status", _("Status (in the site's language)")),
    ("progress_percent", _("Progress, in %")),
    ("start_date", _("Start of the works")),
    ("end_date", _("End of the works (planned or actual)")),
    ("cost", _("Cost, in euros")),
    ("amount_spent", _("Money spent so far, in euros")),
    ("category", _("Category (in the site's language)")),
    ("district", _("District (empty for the whole city)")),
    ("address", _("Address")),
    ("latitude", _("Latitude (WGS 84)")),
    ("longitude", _("Longitude (WGS 84)")),
    ("projects", _("Ids of the budget projects it carries out (budget_projects.csv), separated by spaces")),
    ("proposals", _("Ids of the proposals it comes from (proposals.csv), separated by spaces")),
)


def result_rows(process):
    url = url_pattern("results:detail", slug=process.slug)
    results = (
        visible(Result, process)
        .select_related("status", "category")
        .prefetch_related("projects", "proposals")
        .order_by("position", "pk")
    )
    for result in results:
        yield {
            "id": result.pk,
            "parent_id": result.parent_id,
            "external_id": result.external_id,
            "url": url(result.pk),
            "title": result.title,
            "status": result.status.name if result.status else "",
            "progress_percent": result.progress,
            "start_date": result.start_date,
            "end_date": result.end_date,
            "cost": result.cost,
            "amount_spent": result.amount_spent,
            "category": result.category.name if result.category else "",
            "district": result.district,
            "address": result.address,
            "latitude": result.latitude,
            "longitude": result.longitude,
            "projects": " ".join(str(p.pk) for p in result.projects.all()),
            "proposals": " ".join(str(p.pk) for p in result.proposals.all()),
        }


def result_version(process):
    row = visible(Result, process).order_by().aggregate(n=Count("pk"), latest=Max("updated_at"))
    return [row["n"], str(row["latest"])]


register_dataset(
    "results",
    model=Result,
    title=_("Results tracking"),
    description=_("What became of the winning projects: status, progress, dates and money spent."),
    columns=RESULT_COLUMNS,
    rows=result_rows,
    version=result_version,
)
