"""The vote's part of the public statistics and open data (apps/stats/registry.py).

Ballots, turnout and the voters' demographics only once the public participation page shows them
(`budgets.view_participation`: the vote is closed), so the statistics never give a running count; votes per
project only from published results (`budgets.view_results`), read from the frozen publication. The anonymised
ballots (Pabulib) of each published budget are added to the zip and linked, as the results page gives them.
"""

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import is_allowed
from apps.stats.registry import (
    PublicFile,
    absolute,
    anonymous,
    field_labels,
    labels,
    register_dataset,
    register_figures,
    register_files,
    url_pattern,
    visible,
)

from .models import Budget, Participation, Project, ResultPublication
from .participation_selectors import MIN_GROUP, demographics, participation_stats
from .recount import file_name


def _participation_public(process):
    return is_allowed("budgets.view_participation", anonymous(), process)


def _budgets(process):
    budgets = []
    for budget in Budget.objects.filter(process=process).order_by("position", "pk"):
        budget.process = process
        if is_allowed("budgets.view_budget", anonymous(), budget):
            budgets.append(budget)
    return budgets


def _demographics(process):
    """The voters' demographics (small groups already merged by participation_selectors), labelled in every
    language: the four queries run once per language (a background task: the page reads the snapshot)."""
    from django.conf import settings

    tables = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            table = demographics(process=process)
            tables[code] = {
                "people": table["people"],
                "dimensions": [
                    {
                        "key": dimension.key,
                        "title": str(dimension.title),
                        "rows": [(str(group.label), group.count, group.merged) for group in dimension.rows],
                    }
                    for dimension in table["dimensions"]
                ],
            }
    first = tables[settings.LANGUAGE_CODE]
    dimensions = []
    for index, dimension in enumerate(first["dimensions"]):
        rows = [
            {
                "label": {code: tables[code]["dimensions"][index]["rows"][row_index][0] for code in tables},
                "count": count,
                "merged": merged,
            }
            for row_index, (_label, count, merged) in enumerate(dimension["rows"])
        ]
        dimensions.append(
            {
                "key": dimension["key"],
                "title": {code: tables[code]["dimensions"][index]["title"] for code in tables},
                "rows": rows,
            }
        )
    return {"people": first["people"], "minimum": MIN_GROUP, "dimensions": dimensions}


def vote_figures(process):
    """Ballots per channel, per budget against its population, per day, and the voters' demographics."""
    if not _participation_public(process):
        return {}
    budgets = _budgets(process)
    if not budgets:
        return {}
    stats = participation_stats(process=process, with_demographics=False)
    days = {}
    turnout = []
    for row in stats["budgets"]:
        if all(row["budget"].pk != budget.pk for budget in budgets):
            continue
        for day in row["days"]:
            key = day["day"].isoformat()
            days[key] = days.get(key, 0) + day["total"]
        budget = row["budget"]
        title = field_labels(budget, "title")
        turnout.append(
            {
                "label": title,
                "district": budget.district,
                "ballots": row["total"],
                "population": row["population"],
                "percent": row["turnout"],
            }
        )
    figures = {
        "totals": {"ballots": stats["total"]},
        "series": {"ballots": labels(_("Ballots"))},
        "days": {"ballots": days},
        "turnout": turnout,
        "breakdowns": [
            {
                "key": "ballots_by_channel",
                "title": labels(_("Ballots by channel")),
                "chart": True,
                "sum": True,
                "rows": [{"label": labels(item["label"]), "count": item["count"]} for item in stats["channel_totals"]],
            },
        ],
    }
    if len(turnout) > 1:
        figures["breakdowns"].append(
            {
                "key": "ballots_by_budget",
                "title": labels(_("Ballots by budget (district)")),
                "chart": True,
                "rows": [
                    {
                        "label": {
                            code: f"{text} ({row['district']})" if row["district"] else text
                            for code, text in row["label"].items()
                        },
                        "count": row["ballots"],
                    }
                    for row in turnout
                ],
            }
        )
    if stats["total"]:
        figures["demographics"] = _demographics(process)
    return figures


def vote_people(process):
    if not _participation_public(process):
        return set()
    register = Participation.objects.filter(budget__process=process).order_by()
    people = {f"u{pk}" for pk in register.filter(user__isnull=False).values_list("user_id", flat=True).distinct()}
    people |= {
        f"c{pk}"
        for pk in register.filter(user__isnull=True, census_entry__isnull=False)
        .values_list("census_entry_id", flat=True)
        .distinct()
    }
    return people


register_figures("budgets", compute=vote_figures, people=vote_people)


# -- open data ---------------------------------------------------------------------------------------------------


def _publications(process, budgets):
    """{budget id: publication (texts deferred)} of the budgets whose results anybody may see."""
    found = {
        publication.budget_id: publication
        for publication in ResultPublication.objects.filter(budget__in=[b.pk for b in budgets]).defer(
            "pabulib_text", "csv_text"
        )
    }
    return {
        budget.pk: found[budget.pk]
        for budget in budgets
        if budget.pk in found and is_allowed("budgets.view_results", anonymous(), budget)
    }


BUDGET_COLUMNS = (
    ("id", _("Identifier of the budget (budget_id in budget_projects.csv)")),
    ("title", _("Title")),
    ("district", _("District (empty for the whole city)")),
    ("amount", _("Amount to spend, in the budget's currency")),
    ("currency", _("Currency (ISO 4217)")),
    ("population", _("Population called to vote, when the organisers gave it")),
    ("ballot", _("Kind of ballot: approval, knapsack, cumulative or ranked")),
    ("counting_rule", _("Counting rule of the published results")),
    ("ballots", _("Confirmed ballots, once the vote is closed")),
    ("turnout_percent", _("Ballots against the population, in %")),
    ("results_published_at", _("When the results were published (empty before)")),
    ("pabulib_url", _("Address of the anonymised ballots (Pabulib), once the results are published")),
    ("pabulib_sha256", _("SHA-256 of that file")),
)


def budget_rows(process):
    budgets = _budgets(process)
    publications = _publications(process, budgets)
    counts = {}
    if _participation_public(process):
        stats = participation_stats(process=process, with_demographics=False)
        counts = {row["budget"].pk: (row["total"], row["turnout"]) for row in stats["budgets"]}
    for budget in budgets:
        publication = publications.get(budget.pk)
        ballots, turnout = counts.get(budget.pk, (None, None))
        yield {
            "id": budget.pk,
            "title": budget.title,
            "district": budget.district,
            "amount": budget.total_amount,
            "currency": budget.currency,
            "population": budget.population,
            "ballot": budget.ballot_kind,
            "counting_rule": publication.rule if publication else "",
            "ballots": ballots,
            "turnout_percent": turnout,
            "results_published_at": publication.published_at if publication else None,
            "pabulib_url": _pabulib_url(process, budget) if publication else "",
            "pabulib_sha256": publication.pabulib_sha256 if publication else "",
        }


def _pabulib_url(process, budget):
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        return absolute(reverse("budgets:results_pabulib", kwargs={"slug": process.slug, "budget_id": budget.pk}))


PROJECT_COLUMNS = (
    ("id", _("Identifier of the project on the site")),
    ("budget_id", _("Its budget (budgets.csv)")),
    ("external_id", _("The organisers' own reference, when given (the project's id in the Pabulib file)")),
    ("url", _("Address of the project's page")),
    ("title", _("Title")),
    ("cost", _("Cost, in the budget's currency")),
    ("status", _("selected (on the ballot), winner or not_winner")),
    ("category", _("Category (in the site's language)")),
    ("address", _("Address")),
    ("latitude", _("Latitude (WGS 84)")),
    ("longitude", _("Longitude (WGS 84)")),
    ("proposals", _("Ids of the proposals it comes from (proposals.csv), separated by spaces")),
    ("votes", _("Its score in the published results (votes, points or rank points); empty before")),
    ("selected", _("true if the published results fund it")),
    ("position", _("Its rank in the published results")),
)


def project_rows(process):
    budgets = _budgets(process)
    publications = _publications(process, budgets)
    outcomes = {}
    for publication in publications.values():
        for row in publication.outcome.get("projects", []):
            if row.get("pk") is not None:
                outcomes[row["pk"]] = row
    urls = {
        budget.pk: url_pattern("budgets:project_detail", slug=process.slug, budget_id=budget.pk) for budget in budgets
    }
    projects = (
        visible(Project, process)
        .filter(budget__in=[b.pk for b in budgets])
        .select_related("category")
        .prefetch_related("proposals")
        .order_by("budget__position", "budget_id", "position", "pk")
    )
    for project in projects:
        outcome = outcomes.get(project.pk, {})
        yield {
            "id": project.pk,
            "budget_id": project.budget_id,
            "external_id": project.external_id,
            "url": urls[project.budget_id](project.pk),
            "title": project.title,
            "cost": project.cost,
            "status": project.status,
            "category": project.category.name if project.category else "",
            "address": project.address,
            "latitude": project.latitude,
            "longitude": project.longitude,
            "proposals": " ".join(str(p.pk) for p in project.proposals.all()),
            "votes": outcome.get("score"),
            "selected": outcome.get("selected") if outcome else None,
            "position": outcome.get("position"),
        }


def budget_version(process):
    budgets = _budgets(process)
    publications = _publications(process, budgets)
    register = Participation.objects.filter(budget__process=process) if _participation_public(process) else None
    return [
        [(b.pk, str(b.updated_at)) for b in budgets],
        sorted((pk, p.pabulib_sha256) for pk, p in publications.items()),
        register.order_by().aggregate(n=Count("pk"))["n"] if register is not None else None,
    ]


def project_version(process):
    row = visible(Project, process).order_by().aggregate(n=Count("pk"), latest=Max("updated_at"))
    return [row["n"], str(row["latest"]), budget_version(process)[1]]


register_dataset(
    "budgets",
    title=_("Budgets"),
    description=_("The budgets put to the vote, with their ballots and turnout once the vote is closed."),
    columns=BUDGET_COLUMNS,
    rows=budget_rows,
    version=budget_version,
)
register_dataset(
    "budget_projects",
    title=_("Budget projects"),
    description=_("The projects on the ballot, with their votes and whether they won once the results are published."),
    columns=PROJECT_COLUMNS,
    rows=project_rows,
    version=project_version,
)


def pabulib_files(process):
    budgets = _budgets(process)
    publications = _publications(process, budgets)
    files = []
    texts = dict(
        ResultPublication.objects.filter(budget_id__in=list(publications)).values_list("budget_id", "pabulib_text")
    )
    for budget in budgets:
        publication = publications.get(budget.pk)
        if publication is None:
            continue
        files.append(
            PublicFile(
                name=f"ballots/{file_name(budget, 'pb')}",
                text=texts[budget.pk],
                url=_pabulib_url(process, budget),
                title=budget.title,
                extra={"sha256": publication.pabulib_sha256},
            )
        )
    return files


def pabulib_version(process):
    budgets = _budgets(process)
    return sorted((pk, p.pabulib_sha256) for pk, p in _publications(process, budgets).items())


register_files("pabulib", files=pabulib_files, version=pabulib_version)
