"""The bridge between the database and the counting rules (apps/voting/rules, plain Python).

- ``profile_from_budget``: the confirmed ballots of a budget as a ``Profile`` (ballots grouped by content), read
  with a fixed number of queries whatever the number of ballots, streamed;
- ``count_budget``: a budget counted with its own rule, or another one (the preview compares them);
- ``pabulib_text_for_budget``: the anonymised ballots as a Pabulib file, byte-identical each time it is made (its
  SHA-256 is published), so that anyone can recount them;
- ``ballots_csv_text``: the same ballots as CSV, one row per ballot;
- ``receipt_voter_id``: the ``voter_id`` of a ballot with a receipt code in that file (the receipt check finds a
  voter's line with it, and nothing else links the line to a person).

Only confirmed ballots count (``Ballot.confirmed_at``), through their ``BallotItem`` rows; baskets never do.
Projects are named by ``project_key``: their external id, else their primary key.
"""

from __future__ import annotations

import csv
import hashlib
import io
from decimal import Decimal
from fractions import Fraction
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from apps.core.i18n import default_language_fieldname
from apps.voting.rules import pabulib
from apps.voting.rules.count import count as count_profile
from apps.voting.rules.profile import APPROVAL, CHOOSE_1, CUMULATIVE, ORDINAL, Outcome, Profile, exact_number
from apps.voting.rules.profile import Project as RuleProject

from .models import Ballot, BallotItem, Budget, CountingCompletion, CountingRule, Project

# The Pabulib META `rule` each counting rule is written as (read back by apps.voting.rules.rule_from_meta).
PABULIB_RULE_NAMES = {
    CountingRule.GREEDY: "greedy",
    CountingRule.GREEDY_NO_SKIP: "greedy-no-skip",
    CountingRule.MES: "equalshares/add1",
    CountingRule.PHRAGMEN: "sequential-phragmen",
}
GREEDY_RULES = (CountingRule.GREEDY, CountingRule.GREEDY_NO_SKIP)
CHUNK = 20_000


class CountingError(ValueError):
    """A count that cannot be made (a rule that does not fit the ballot, a budget without amounts...): its message
    is a translated sentence."""


def project_key(project) -> str:
    """How a project is named in a count and in the Pabulib file: its external id, else its primary key."""
    return project.external_id or str(project.pk)


def _key(external_id, pk) -> str:
    return external_id or str(pk)


def receipt_voter_id(code: str) -> str:
    """The Pabulib ``voter_id`` of the ballot whose receipt code is ``code``."""
    return hashlib.sha256(f"pbplatform-receipt:{code}".encode()).hexdigest()[:16]


def anonymous_voter_id(ballot_pk: int) -> str:
    """The ``voter_id`` of a ballot without a receipt code (paper, imported): stable, but neither sequential nor
    guessable without the site's secret key."""
    return hashlib.sha256(f"pbplatform-ballot:{settings.SECRET_KEY}:{ballot_pk}".encode()).hexdigest()[:16]


def vote_type_for(budget) -> str:
    """The Pabulib vote type of a budget's ballots."""
    kinds = Budget.BallotKind
    if budget.ballot_kind == kinds.APPROVAL:
        return CHOOSE_1 if budget.max_projects == 1 else APPROVAL
    if budget.ballot_kind == kinds.KNAPSACK:
        return APPROVAL
    if budget.ballot_kind == kinds.CUMULATIVE:
        return CUMULATIVE
    return ORDINAL


def _exact(value) -> int | Fraction:
    """An exact number from a Decimal of the database."""
    number = Fraction(Decimal(value))
    return int(number) if number.denominator == 1 else number


def _projects(budget):
    """The budget's projects that may be on ballots: [(key, cost, name, pk, status)], in the budget's order."""
    title = default_language_fieldname("title")
    rows = (
        Project.objects.filter(budget_id=budget.pk)
        .order_by("position", "pk")
        .values_list("pk", "external_id", "cost", title, "status")
    )
    return [(_key(ext, pk), cost, name or "", pk, status) for pk, ext, cost, name, status in rows]


def fast_cursor(connection):
    """A cursor that does not log its queries when DEBUG is on (formatting a 2,000-row INSERT or keeping 300,000
    rows' query text costs seconds); under a test's CaptureQueriesContext, the usual logging cursor."""
    if settings.DEBUG and not connection.force_debug_cursor:
        connection.ensure_connection()
        return connection.make_cursor(connection.create_cursor())
    return connection.cursor()


def _confirmed_items(budget, ordered: bool):
    """The confirmed ballots' items as raw rows (ballot id, project id, points[, rank]), grouped by ballot, streamed.
    The query is the ORM's, run on a plain cursor: Django's per-row work would triple the time on a city's 300,000
    items. Ordering by ballot follows the ballot index (no sort)."""
    columns = ("ballot_id", "project_id", "points", "rank") if ordered else ("ballot_id", "project_id", "points")
    queryset = (
        BallotItem.objects.filter(ballot__budget_id=budget.pk, ballot__confirmed_at__isnull=False)
        .order_by("ballot_id")
        .values_list(*columns)
    )
    sql, params = queryset.query.sql_with_params()
    with fast_cursor(connections[queryset.db]) as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def _by_rank(row):
    rank = row[3]
    return (rank is None, rank or 0, row[1])


def _grouped_rows(budget, cumulative: bool, ordered: bool):
    rows = _confirmed_items(budget, ordered)
    by_ballot = groupby(rows, key=itemgetter(0))
    if cumulative:
        return [(ballot_id, tuple(map(itemgetter(1, 2), items))) for ballot_id, items in by_ballot]
    if ordered:
        return [(ballot_id, tuple(row[1] for row in sorted(items, key=_by_rank))) for ballot_id, items in by_ballot]
    return [(ballot_id, tuple(map(itemgetter(1), items))) for ballot_id, items in by_ballot]


AGGREGATES = {"sqlite": "group_concat({}, ',')", "postgresql": "string_agg({}, ',')"}


def _aggregate_sql(connection, budget, cumulative: bool, ordered: bool, *, count: bool):
    """SQL that concatenates each confirmed ballot's items in the database ("12,15" or "12:3,15:2", or
    "rank:id" pairs for rankings), then, with ``count``, counts identical ballots: a city's 300,000 items come back
    as a few thousand rows. None for a database without a string aggregate."""
    aggregate = AGGREGATES.get(connection.vendor)
    if aggregate is None:
        return None
    quote = connection.ops.quote_name
    item, ballot = quote(BallotItem._meta.db_table), quote(Ballot._meta.db_table)
    project = f"CAST(i.{quote('project_id')} AS TEXT)"
    if cumulative:
        expression = f"{project} || ':' || CAST(i.{quote('points')} AS TEXT)"
    elif ordered:
        expression = f"CAST(COALESCE(i.{quote('rank')}, 0) AS TEXT) || ':' || {project}"
    else:
        expression = project
    per_ballot = (
        f"SELECT b.{quote('id')} AS ballot_id, {aggregate.format(expression)} AS content "
        f"FROM {item} i INNER JOIN {ballot} b ON b.{quote('id')} = i.{quote('ballot_id')} "
        f"WHERE b.{quote('budget_id')} = %s AND b.{quote('confirmed_at')} IS NOT NULL "
        f"GROUP BY b.{quote('id')}"
    )
    if count:
        return f"SELECT content, COUNT(*) FROM ({per_ballot}) per_ballot GROUP BY content", [budget.pk]
    return per_ballot, [budget.pk]


def _parser(cumulative: bool, ordered: bool):
    """A function from an aggregated content string to the ballot's content (see ``_grouped``)."""
    if cumulative:
        return lambda text: tuple((int(a), int(b)) for a, b in (part.split(":") for part in text.split(",")))
    if ordered:

        def ranked(text):
            pairs = sorted((int(r), int(pk)) for r, pk in (part.split(":") for part in text.split(",")))
            return tuple(pk for _rank, pk in pairs)

        return ranked
    return lambda text: tuple(map(int, text.split(",")))


def _rows(connection, sql, params):
    with fast_cursor(connection) as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def _grouped(budget, cumulative: bool, ordered: bool):
    """[(ballot id, content)] for each confirmed ballot with at least one item; content is a tuple of project ids
    (in rank order for rankings), or of (project id, points) pairs for cumulative ballots."""
    connection = connections[Ballot.objects.db]
    query = _aggregate_sql(connection, budget, cumulative, ordered, count=False)
    if query is None:
        return _grouped_rows(budget, cumulative, ordered)
    parse = _parser(cumulative, ordered)
    parsed: dict[str, tuple] = {}
    result = []
    for ballot_id, text in _rows(connection, *query):
        content = parsed.get(text)
        if content is None:
            content = parsed[text] = parse(text)
        result.append((ballot_id, content))
    return result


def _contents(budget, cumulative: bool, ordered: bool) -> tuple[dict[tuple, int], int]:
    """{content: how many confirmed ballots hold it} (see ``_grouped``), and the number of ballots with items."""
    connection = connections[Ballot.objects.db]
    query = _aggregate_sql(connection, budget, cumulative, ordered, count=True)
    raw: dict[tuple, int] = {}
    if query is None:
        grouped = _grouped_rows(budget, cumulative, ordered)
        for _ballot_id, content in grouped:
            raw[content] = raw.get(content, 0) + 1
        return raw, len(grouped)
    parse = _parser(cumulative, ordered)
    seen = 0
    for text, n in _rows(connection, *query):
        content = parse(text)
        raw[content] = raw.get(content, 0) + n
        seen += n
    return raw, seen


def _confirmed_count(budget) -> int:
    return Ballot.objects.filter(budget_id=budget.pk, confirmed_at__isnull=False).count()


def _budget_amount(budget, projects) -> int | Fraction:
    """The money to share. A budget without amounts counts as if every project fitted: the ranking decides."""
    if budget.total_amount is not None:
        return _exact(budget.total_amount)
    return sum((_exact(cost) for _k, cost, _n, _pk, _s in projects), 0)


class _Reader:
    """The ballots of one budget, read once: the projects, then the confirmed ballots grouped by content."""

    def __init__(self, budget):
        self.budget = budget
        self.vote_type = vote_type_for(budget)
        self.cumulative = self.vote_type == CUMULATIVE
        self.ordered = self.vote_type == ORDINAL
        self.projects = _projects(budget)
        self.key_of = {pk: key for key, _c, _n, pk, _s in self.projects}
        if len(set(self.key_of.values())) != len(self.key_of):
            raise CountingError(
                _("Two projects of this budget have the same external id (or one equals another's number).")
            )

    def canonical(self, content: tuple) -> tuple:
        """A ballot's content in the profile's form, with project keys."""
        key_of = self.key_of
        if self.cumulative:
            merged: dict[str, int] = {}
            for pk, points in content:
                merged[key_of[pk]] = merged.get(key_of[pk], 0) + points
            return tuple(sorted(merged.items()))
        if self.ordered:
            return tuple(key_of[pk] for pk in content)
        return tuple(sorted({key_of[pk] for pk in content}))

    def rule_projects(self, used: set[str]) -> dict[str, RuleProject]:
        """The projects on the ballot: those selected for the vote (or counted since), and any a ballot names."""
        on_ballot = set(Project.PUBLIC_STATUSES)
        return {
            key: RuleProject(key, _exact(cost), name)
            for key, cost, name, _pk, status in self.projects
            if status in on_ballot or key in used
        }


def profile_from_budget(budget) -> Profile:
    """The confirmed ballots of ``budget``, grouped by content, ready to count. A fixed number of queries whatever
    the number of ballots: the projects; the ballots' contents, concatenated and counted in the database (SQLite and
    PostgreSQL; elsewhere the items streamed); the number of confirmed ballots (for the empty ones)."""
    reader = _Reader(budget)
    raw, seen = _contents(budget, reader.cumulative, reader.ordered)
    ballots: dict[tuple, int] = {}
    for content, n in raw.items():
        key = reader.canonical(content)
        ballots[key] = ballots.get(key, 0) + n
    empty = _confirmed_count(budget) - seen
    if empty > 0:
        ballots[()] = ballots.get((), 0) + empty
    used = {pid for content in raw for pid in (p[0] if reader.cumulative else p for p in content)}
    used = {reader.key_of[pk] for pk in used}
    projects = reader.rule_projects(used)
    return Profile(
        vote_type=reader.vote_type,
        budget=_budget_amount(budget, reader.projects),
        projects=projects,
        ballots=ballots,
        meta=_meta(budget, reader.vote_type),
    )


def check_rule(budget, *, rule: str, completion: str, min_score) -> None:
    """Raise ``CountingError`` (a translated sentence) if ``rule`` with ``completion`` and ``min_score`` cannot count
    ``budget``; reads no ballot."""
    _check(budget, str(rule), str(completion), min_score)


def _check(budget, rule: str, completion: str, min_score) -> None:
    if rule not in CountingRule.values:
        raise CountingError(_("Unknown counting rule: %(rule)s.") % {"rule": rule})
    if completion not in CountingCompletion.values:
        raise CountingError(_("Unknown completion: %(completion)s.") % {"completion": completion})
    if rule in (CountingRule.MES, CountingRule.PHRAGMEN) and budget.total_amount is None:
        raise CountingError(_("Equal Shares and Phragmén need amounts, and this budget has none."))
    if rule == CountingRule.PHRAGMEN and vote_type_for(budget) not in (APPROVAL, CHOOSE_1):
        raise CountingError(_("Phragmén counts approval ballots only, not points or rankings."))
    if min_score is not None and rule not in GREEDY_RULES:
        raise CountingError(_("A minimum score applies to the greedy rules only."))
    if completion != CountingCompletion.NONE and rule != CountingRule.MES:
        raise CountingError(_("A completion applies to Equal Shares only."))


_DEFAULT = object()


def count_budget(budget, *, rule=None, completion=None, min_score=_DEFAULT, profile=None) -> Outcome:
    """Count ``budget``'s confirmed ballots. Without arguments, with the budget's own rule, completion and minimum
    score; ``rule`` alone counts with that rule (the budget's minimum score and completion where they apply).
    ``profile`` reuses a profile already read (to compare rules without reading the ballots again).
    Raises ``CountingError`` for a rule that does not fit the budget."""
    own_rule = rule is None or rule == budget.counting_rule
    rule = str(rule or budget.counting_rule)
    if completion is None:
        completion = budget.counting_completion if own_rule and rule == CountingRule.MES else CountingCompletion.NONE
    completion = str(completion)
    if min_score is _DEFAULT:
        min_score = budget.min_score if own_rule and rule in GREEDY_RULES else None
    _check(budget, rule, completion, min_score)
    if profile is None:
        profile = profile_from_budget(budget)
    if min_score is not None:
        min_score = _exact(min_score) if isinstance(min_score, Decimal) else exact_number(min_score)
    return count_profile(profile, rule, min_score=min_score, completion=completion)


# --- Pabulib export ------------------------------------------------------------------------------------------


def _meta(budget, vote_type: str) -> dict[str, str]:
    title = default_language_fieldname("title")
    process = budget.process
    meta = {
        "description": " – ".join(
            part for part in (getattr(process, title, "") or "", getattr(budget, title, "") or "") if part
        ),
        "country": "",
        "unit": getattr(process, title, "") or "",
        "instance": str(process.start_date.year) if process.start_date else "",
        "subunit": getattr(budget, title, "") or "",
    }
    meta = {k: v for k, v in meta.items() if v}
    meta["num_projects"] = ""
    meta["num_votes"] = ""
    meta["budget"] = ""
    meta["vote_type"] = vote_type
    rule = budget.counting_rule
    if rule == CountingRule.GREEDY and budget.min_score is not None:
        meta["rule"] = "greedy-threshold"
        meta["min_project_score_threshold"] = pabulib._number_text(_exact(budget.min_score))
    else:
        meta["rule"] = PABULIB_RULE_NAMES.get(rule, "greedy")
    if budget.total_amount is not None:
        meta["currency"] = budget.currency
    if vote_type in (APPROVAL, ORDINAL):
        if budget.min_projects:
            meta["min_length"] = str(budget.min_projects)
        if budget.max_projects:
            meta["max_length"] = str(budget.max_projects)
    if vote_type == CUMULATIVE:
        if budget.points_total:
            meta["max_sum_points"] = str(budget.points_total)
        if budget.max_points_per_project:
            meta["max_points"] = str(budget.max_points_per_project)
    return meta


def pabulib_text_for_budget(budget) -> str:
    """The anonymised Pabulib file of ``budget``'s confirmed ballots, the same bytes each time for the same ballots.

    A ballot's ``voter_id`` is ``receipt_voter_id(its code)`` when it has a receipt code, else a hash of its
    number with the site's secret key; vote lines are sorted by ``voter_id``, so their order says nothing about
    when or through which channel people voted."""
    reader = _Reader(budget)
    codes = dict(
        Ballot.objects.filter(budget_id=budget.pk, confirmed_at__isnull=False)
        .order_by()
        .values_list("pk", "receipt_code")
        .iterator(chunk_size=CHUNK)
    )
    cumulative = reader.cumulative

    def voter_id(ballot_pk):
        code = codes[ballot_pk]
        return receipt_voter_id(code) if code else anonymous_voter_id(ballot_pk)

    lines: list[tuple[str, ...]] = []
    texts: dict[tuple, tuple[str, ...]] = {}
    votes: dict[str, int] = {}
    scores: dict[str, int] = {}
    for ballot_pk, content in _grouped(budget, cumulative, reader.ordered):
        text = texts.get(content)
        if text is None:
            ballot = reader.canonical(content)
            if cumulative:
                text = (",".join(p for p, _ in ballot), ",".join(str(n) for _, n in ballot))
            else:
                text = (",".join(ballot),)
            texts[content] = text
        lines.append((voter_id(ballot_pk), *text))
        del codes[ballot_pk]
        for item in content:
            pid = reader.key_of[item[0] if cumulative else item]
            votes[pid] = votes.get(pid, 0) + 1
            if cumulative:
                scores[pid] = scores.get(pid, 0) + item[1]
    # Confirmed ballots without any item (an imported file may hold empty votes) are empty vote lines.
    for ballot_pk in list(codes):
        lines.append((voter_id(ballot_pk), "", "") if cumulative else (voter_id(ballot_pk), ""))
    lines.sort()
    profile_projects = reader.rule_projects(set(votes))
    meta = _meta(budget, reader.vote_type)
    meta["num_projects"] = str(len(profile_projects))
    meta["num_votes"] = str(len(lines))
    meta["budget"] = pabulib._number_text(_budget_amount(budget, reader.projects))
    project_columns = ["project_id", "cost", "votes", "name"]
    if cumulative:
        project_columns.insert(3, "score")
    projects = []
    for key, project in profile_projects.items():
        row = {"project_id": key, "cost": pabulib._number_text(project.cost), "votes": str(votes.get(key, 0))}
        if cumulative:
            row["score"] = str(scores.get(key, 0))
        row["name"] = project.name
        projects.append(row)
    vote_columns = ["voter_id", "vote", "points"] if cumulative else ["voter_id", "vote"]
    rows = [dict(zip(vote_columns, line, strict=True)) for line in lines]
    return pabulib.write(
        pabulib.PabulibFile(
            meta=meta, project_columns=project_columns, projects=projects, vote_columns=vote_columns, votes=rows
        )
    )


def ballots_csv_text(budget, *, pabulib_text: str | None = None) -> str:
    """The same anonymised ballots as CSV, one row per ballot: ``voter_id`` (as in the Pabulib file), ``vote`` (the
    project ids, comma-separated, in the voter's order for rankings) and, for cumulative ballots, ``points``. Made
    from the Pabulib file (``pabulib_text``, or the budget's), so the two always hold the same ballots."""
    parsed = pabulib.read(pabulib_text if pabulib_text is not None else pabulib_text_for_budget(budget))
    columns = ["voter_id", "vote", "points"] if "points" in parsed.vote_columns else ["voter_id", "vote"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in parsed.votes:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()
