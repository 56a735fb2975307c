"""Reads of the results: the preview that puts every applicable rule side by side (back-office), and the published
results page (public). The counting itself is apps/budgets/counting.py and apps/voting/rules."""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils.translation import gettext_lazy as _

from apps.voting.rules.mes import complete_greedily
from apps.voting.rules.profile import APPROVAL, CHOOSE_1

from . import counting
from .models import Ballot, BallotItem, Budget, CountingCompletion, CountingRule, Project, ResultPublication
from .results_services import voters_with_a_winner


@dataclass
class RuleOption:
    """One way to count a budget, as the preview offers it (`key` is what the publish form posts)."""

    key: str
    rule: str
    completion: str
    min_score: Decimal | None
    label: str

    @property
    def is_mes(self):
        return self.rule == CountingRule.MES


def rule_options(budget):
    """Every rule that applies to `budget`: greedy, greedy no-skip, greedy with the budget's minimum score (if it
    has one), Equal Shares with Add1 (with and without the greedy completion) and Phragmén (approval ballots) —
    the last three need amounts."""
    options = [
        RuleOption("greedy", CountingRule.GREEDY, CountingCompletion.NONE, None, _("Greedy")),
        RuleOption("greedy-no-skip", CountingRule.GREEDY_NO_SKIP, CountingCompletion.NONE, None, _("Greedy, no skip")),
    ]
    if budget.min_score is not None:
        options.append(
            RuleOption(
                "greedy-min-score",
                CountingRule.GREEDY,
                CountingCompletion.NONE,
                budget.min_score,
                _("Greedy with a minimum score"),
            )
        )
        if budget.counting_rule == CountingRule.GREEDY_NO_SKIP:
            options.append(
                RuleOption(
                    "greedy-no-skip-min-score",
                    CountingRule.GREEDY_NO_SKIP,
                    CountingCompletion.NONE,
                    budget.min_score,
                    _("Greedy, no skip, with a minimum score"),
                )
            )
    if budget.total_amount is not None:
        options += [
            RuleOption("mes", CountingRule.MES, CountingCompletion.NONE, None, _("Equal Shares")),
            RuleOption(
                "mes-greedy", CountingRule.MES, CountingCompletion.GREEDY, None, _("Equal Shares, completed greedily")
            ),
        ]
        if counting.vote_type_for(budget) in (APPROVAL, CHOOSE_1):
            options.append(RuleOption("phragmen", CountingRule.PHRAGMEN, CountingCompletion.NONE, None, _("Phragmén")))
    return options


def budget_option_key(budget):
    """The key of the option the budget's own settings name (preselected in the preview)."""
    for option in rule_options(budget):
        if (
            option.rule == budget.counting_rule
            and option.completion == (budget.counting_completion if option.is_mes else CountingCompletion.NONE)
            and option.min_score == (budget.min_score if option.rule != CountingRule.MES else None)
        ):
            return option.key
    return None


def option_for(budget, key):
    return next((option for option in rule_options(budget) if option.key == key), None)


@dataclass
class RulePreview:
    option: RuleOption
    winners: list = field(default_factory=list)  # Project rows, in selection order
    spent: Decimal = Decimal(0)
    voters_with_winner: int = 0
    error: str = ""
    is_budget_rule: bool = False

    @property
    def winner_ids(self):
        return {project.pk for project in self.winners}


@dataclass
class Preview:
    rules: list
    ballots: int
    differences: list  # (project, [chosen by rule 1?, rule 2?, ...]) for projects some rules choose and others not
    agreed: list  # projects every rule chooses


def _decimal(number):
    return Decimal(number.numerator) / Decimal(number.denominator) if hasattr(number, "denominator") else number


def count_option(budget, option, profile, counted=None):
    """`option`'s outcome on `profile`. `counted` (a dict kept between calls) keeps the Equal Shares outcome, so that
    its greedy completion does not run Add1's thousands of rounds again."""
    counted = {} if counted is None else counted
    if option.rule != CountingRule.MES:
        return counting.count_budget(
            budget, rule=option.rule, completion=option.completion, min_score=option.min_score, profile=profile
        )
    if "mes" not in counted:
        counted["mes"] = counting.count_budget(
            budget, rule=CountingRule.MES, completion=CountingCompletion.NONE, min_score=None, profile=profile
        )
    if option.completion == CountingCompletion.GREEDY:
        return complete_greedily(profile, counted["mes"])
    return counted["mes"]


# The preview's outcomes are kept this long for the same ballots, projects and budget settings (a recount of a large
# budget with Equal Shares takes seconds); any change to those makes another key, so nothing stale is ever shown.
PREVIEW_CACHE_SECONDS = 7 * 24 * 3600


def outcomes_fingerprint(budget):
    """A digest of all the outcomes of `budget` depend on (three aggregate queries): its confirmed ballots (how many,
    the last changed, the highest id, the changes), their items (how many, the highest id), its projects (how many,
    the last changed) and its own counting settings. Any ballot confirmed, changed or removed changes it."""
    ballots = Ballot.objects.filter(budget_id=budget.pk, confirmed_at__isnull=False).aggregate(
        n=Count("id"), last=Max("updated_at"), top=Max("id"), changes=Sum("changes")
    )
    items = BallotItem.objects.filter(ballot__budget_id=budget.pk, ballot__confirmed_at__isnull=False).aggregate(
        n=Count("id"), top=Max("id")
    )
    projects = Project.objects.filter(budget_id=budget.pk).aggregate(n=Count("id"), last=Max("updated_at"))
    settings = (
        budget.total_amount,
        budget.min_score,
        budget.counting_rule,
        budget.counting_completion,
        budget.ballot_kind,
        budget.updated_at,
    )
    text = repr((sorted(ballots.items()), sorted(items.items()), sorted(projects.items()), settings))
    return hashlib.sha256(text.encode()).hexdigest()


def _counted_outcomes(budget, options):
    """Each option's outcome on `budget`'s confirmed ballots as plain data, from the cache when the ballots, projects
    and settings are those it was counted on: {"voters": n, "outcomes": {key: {winners, spent, voters_with_winner}},
    "failed": [keys]}. Options that cannot count the budget are only listed (their reason is asked again, in the
    language of the request, without reading a ballot)."""
    key = f"budgets:results-preview:{budget.pk}:{outcomes_fingerprint(budget)}"
    data = cache.get(key) or {"voters": None, "outcomes": {}, "failed": []}
    missing = [o for o in options if o.key not in data["outcomes"] and o.key not in data["failed"]]
    if missing:
        profile = counting.profile_from_budget(budget)
        data["voters"] = profile.num_voters
        counted = {}  # Equal Shares is counted once; its greedy completion reuses it
        for option in missing:
            try:
                outcome = count_option(budget, option, profile, counted)
            except counting.CountingError:
                data["failed"].append(option.key)
            else:
                data["outcomes"][option.key] = {
                    "winners": list(outcome.winners),
                    "spent": _decimal(outcome.spent),
                    "voters_with_winner": voters_with_a_winner(profile, outcome.winners),
                }
        cache.set(key, data, PREVIEW_CACHE_SECONDS)
    return data


def _preview_of(budget, option, data, projects, own):
    preview = RulePreview(option=option, is_budget_rule=option.key == own)
    outcome = data["outcomes"].get(option.key)
    if outcome is None:
        try:
            counting.check_rule(budget, rule=option.rule, completion=option.completion, min_score=option.min_score)
            outcome = count_option(budget, option, counting.profile_from_budget(budget))  # pragma: no cover
        except counting.CountingError as error:
            preview.error = str(error)
            return preview
        outcome = {  # pragma: no cover - a failed option fails for a reason its settings give (they are in the key)
            "winners": outcome.winners,
            "spent": _decimal(outcome.spent),
            "voters_with_winner": 0,
        }
    preview.winners = [projects[pid] for pid in outcome["winners"] if pid in projects]
    preview.spent = outcome["spent"]
    preview.voters_with_winner = outcome["voters_with_winner"]
    return preview


def option_preview(budget, option):
    """One option's preview (the publication's confirmation page), from the preview's cache when it holds it."""
    data = _counted_outcomes(budget, [option])
    projects = {counting.project_key(p): p for p in Project.objects.filter(budget_id=budget.pk)}
    return _preview_of(budget, option, data, projects, budget_option_key(budget))


def results_preview(budget):
    """Every applicable rule's outcome on `budget`'s confirmed ballots, read once and counted once for the same
    ballots (then kept in the cache): winners, money spent, voters with at least one winner; and the projects some
    rules choose and others do not."""
    options = rule_options(budget)
    data = _counted_outcomes(budget, options)
    projects = {counting.project_key(p): p for p in Project.objects.filter(budget_id=budget.pk)}
    own = budget_option_key(budget)
    previews = [_preview_of(budget, option, data, projects, own) for option in options]
    counted = [p for p in previews if not p.error]
    chosen = {pk for p in counted for pk in p.winner_ids}
    everywhere = set.intersection(*(p.winner_ids for p in counted)) if counted else set()
    by_pk = {p.pk: p for p in projects.values()}
    differences = [
        (by_pk[pk], [pk in p.winner_ids if not p.error else None for p in previews])
        for pk in sorted(chosen - everywhere, key=lambda pk: (by_pk[pk].position, pk))
    ]
    agreed = sorted((by_pk[pk] for pk in everywhere), key=lambda p: (p.position, p.pk))
    voters = data["voters"] if data["voters"] is not None else counting.profile_from_budget(budget).num_voters
    return Preview(rules=previews, ballots=voters, differences=differences, agreed=agreed)


def publication_of(budget):
    """The budget's publication without its recount files' texts, or None (one query)."""
    return ResultPublication.objects.filter(budget_id=budget.pk).defer("pabulib_text", "csv_text").first()


CHART_ROW = 46  # px per project in the bar chart: its title above, its bar below
BAR_MAX = 75  # the longest bar's width, in % of the chart (its value is written after it)
TITLE_CHARS = 44  # a longer title is cut in the chart (the table below has it whole)


@dataclass
class ResultRow:
    project: Project | None
    data: dict
    title: str
    short_title: str
    stopped_title: str = ""
    # The chart's geometry, as strings: numbers in a template would be localised ("62,5").
    y_title: str = ""
    y_bar: str = ""
    y_value: str = ""
    bar_width: str = ""
    value_x: str = ""


@dataclass
class Results:
    publication: ResultPublication
    rows: list
    winners: list
    budget_amount: Decimal | None
    spent: Decimal
    spent_percent: Decimal
    spent_width: str
    left: Decimal | None
    chart_height: str
    vote_type: str


def _short(title):
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def results_for(budget, publication):
    """The published results of `budget`: one row per project in ranking order, with the live project (its title in
    the visitor's language and its page), the frozen figures and the bar chart's geometry. One query."""
    outcome = publication.outcome
    projects = {p.pk: p for p in Project.objects.filter(budget_id=budget.pk)}
    top = max((float(row["score"] or 0) for row in outcome["projects"]), default=0) or 1
    rows = []
    titles = {}
    for index, row in enumerate(outcome["projects"]):
        project = projects.get(row.get("pk"))
        if project is not None:
            project.budget = budget
        title = project.title if project is not None else row["id"]
        titles[row["id"]] = title
        width = float(row["score"] or 0) * BAR_MAX / top
        top_y = index * CHART_ROW
        rows.append(
            ResultRow(
                project=project,
                data=row,
                title=title,
                short_title=_short(title),
                y_title=str(top_y + 14),
                y_bar=str(top_y + 20),
                y_value=str(top_y + 33),
                bar_width=f"{width:.2f}%",
                value_x=f"{width + 1.5:.2f}%",
            )
        )
    for row in rows:
        if row.data.get("stopped_at"):
            row.stopped_title = titles.get(row.data["stopped_at"], row.data["stopped_at"])
    spent = Decimal(outcome["spent"])
    amount = budget.total_amount
    percent = (spent * 100 / amount).quantize(Decimal("0.1")) if amount else Decimal(0)
    winners = sorted((r for r in rows if r.data["selected"]), key=lambda r: r.data["position"])
    return Results(
        publication=publication,
        rows=rows,
        winners=winners,
        budget_amount=amount,
        spent=spent,
        spent_percent=percent,
        spent_width=f"{min(float(percent), 100.0):.1f}%",
        left=amount - spent if amount is not None else None,
        chart_height=str(CHART_ROW * len(rows) + 4),
        vote_type=counting.vote_type_for(budget),
    )


def budgets_with_results(process):
    """The budgets of `process` whose results are published (for the process page's links)."""
    return list(Budget.objects.filter(process=process, result_publication__isnull=False).order_by("position", "pk"))
