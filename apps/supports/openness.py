"""The supports' part of the public statistics and open data (apps/stats/registry.py): supports of the proposals an
anonymous visitor may see (those of hidden or draft proposals are not counted), never who gave them."""

from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.proposals.models import Proposal
from apps.stats.registry import day_key, labels, register_dataset, register_figures, visible

from .models import Support


def _supports(process):
    return Support.objects.filter(process=process, proposal__in=visible(Proposal, process).values("pk")).order_by()


def _by_day(process):
    return (
        _supports(process)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )


def support_figures(process):
    days = {day_key(day): n for day, n in _by_day(process)}
    return {
        "totals": {"supports": sum(days.values())},
        "series": {"supports": labels(_("Supports"))},
        "days": {"supports": days},
    }


def support_people(process):
    return {f"u{pk}" for pk in _supports(process).values_list("user_id", flat=True).distinct()}


register_figures("supports", compute=support_figures, people=support_people)


def supports_per_day_rows(process):
    for day, n in _by_day(process):
        yield {"date": day, "supports": n}


def supports_version(process):
    row = _supports(process).aggregate(n=Count("pk"), latest=Max("created_at"))
    return [row["n"], str(row["latest"])]


register_dataset(
    "supports_per_day",
    title=_("Supports per day"),
    description=_(
        "How many supports the public proposals received each day (each proposal's total is in "
        "proposals.csv); who supported what is never published."
    ),
    columns=(("date", _("Day (in the site's time zone)")), ("supports", _("Supports given that day"))),
    rows=supports_per_day_rows,
    version=supports_version,
)
