"""Importing a Pabulib file (https://pabulib.org/format) as a budget: its projects and its ballots, confirmed, on the
``imported`` channel (no voter, no receipt, no register line), with the counting rule its META names.

``import_pabulib_file`` is all or nothing (one transaction): a malformed file raises ``PabulibImportError`` naming
its line, and nothing is created. Rows are written with ``bulk_create`` in batches: a city's 70,000 ballots import in
seconds.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.core.i18n import default_language_fieldname
from apps.core.services import audit_record
from apps.spaces.models import Phase, Process
from apps.spaces.phases import PhaseKind
from apps.voting.rules import rule_from_meta
from apps.voting.rules.pabulib import PabulibError, PabulibFile, read
from apps.voting.rules.profile import APPROVAL, CHOOSE_1, CUMULATIVE, ORDINAL, VOTE_TYPES

from .counting import fast_cursor
from .models import Ballot, BallotItem, Budget, Channel, Project

BATCH = 2000  # ballots per INSERT (SQLite allows 32,766 parameters per query)
ITEM_BATCH = 2000
MAX_POINTS = 32767  # BallotItem.points is a PositiveSmallIntegerField
MONEY_LIMIT = Decimal("1e12")  # DecimalField(max_digits=14, decimal_places=2)


class PabulibImportError(ValueError):
    """A file that cannot be imported: ``line`` is the 1-based line the problem is on (None for the whole file)."""

    def __init__(self, message, line=None, source=None):
        self.message = message
        self.line = line
        self.source = source
        where = [str(part) for part in (source, f"line {line}" if line is not None else None) if part]
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


def _money(text, what, line, source):
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise PabulibImportError(_("%(what)s is not a number.") % {"what": what}, line, source) from None
    if value < 0 or value >= MONEY_LIMIT or value != value.quantize(Decimal("0.01")):
        raise PabulibImportError(
            _("%(what)s must be an amount of at least 0 with at most two decimals.") % {"what": what}, line, source
        )
    return value


def _int_meta(meta, key):
    try:
        value = int(meta.get(key, "").strip())
    except ValueError:
        return None
    return value if value > 0 else None


def _title(meta, fallback):
    parts = [meta.get(key, "").strip() for key in ("description", "unit", "subunit", "instance")]
    description = parts[0]
    if description:
        return description[:200]
    return (" ".join(part for part in parts[1:] if part) or fallback)[:200]


def _unique_slug(title):
    base = slugify(title)[:60] or "pabulib"
    slug, n = base, 1
    while Process.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _new_process(meta, name, *, publish):
    """A process whose vote is over: a past voting phase, then a current results phase."""
    today = timezone.localdate()
    title = _title(meta, name)
    process = Process(
        slug=_unique_slug(title),
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=365),
        is_published=publish,
    )
    setattr(process, default_language_fieldname("title"), title)
    process.full_clean()
    process.save()
    for kind, start, end in (
        (PhaseKind.VOTING, today - timedelta(days=30), today - timedelta(days=1)),
        (PhaseKind.RESULTS, today, today + timedelta(days=365)),
    ):
        phase = Phase(process=process, kind=kind, start_date=start, end_date=end)
        setattr(phase, default_language_fieldname("title"), str(PhaseKind(kind).label))
        phase.full_clean()
        phase.save()
    return process


def _budget_fields(pf: PabulibFile, ballots: list[tuple], source):
    """The budget's ballot settings from the META and the ballots (so that every ballot is within them)."""
    meta = pf.meta
    vote_type = pf.vote_type
    longest = max((len(b) for b in ballots), default=0)
    min_length = _int_meta(meta, "min_length") or 0
    max_length = _int_meta(meta, "max_length")
    fields = {"min_projects": 0, "max_projects": None}
    if vote_type in (APPROVAL, ORDINAL):
        shortest = min((len(b) for b in ballots if b), default=0)
        fields["min_projects"] = min(min_length, shortest)
        if max_length is not None or vote_type == ORDINAL:
            fields["max_projects"] = max(max_length or 0, longest, fields["min_projects"], 1)
        fields["ballot_kind"] = Budget.BallotKind.RANKED if vote_type == ORDINAL else Budget.BallotKind.APPROVAL
    elif vote_type == CHOOSE_1:
        fields.update(ballot_kind=Budget.BallotKind.APPROVAL, max_projects=1)
    else:
        most = max((sum(points for _pid, points in ballot) for ballot in ballots), default=0)
        most_one = max((points for ballot in ballots for _pid, points in ballot), default=0)
        total = max(_int_meta(meta, "max_sum_points") or 0, most, 1)
        per_project = _int_meta(meta, "max_points")
        fields.update(
            ballot_kind=Budget.BallotKind.CUMULATIVE,
            points_total=min(total, MAX_POINTS),
            max_points_per_project=min(max(per_project, most_one), total) if per_project else None,
        )
    return fields


def _row_template(model, **values):
    """The columns of ``model`` (all but the primary key) and one row of database values, for an instance made
    with ``values`` (defaults and auto_now fields filled as ``save`` would)."""
    instance = model(**values)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    row = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    return [f.column for f in fields], row


def _insert_sql(model, columns, rows, returning=False):
    quote = connection.ops.quote_name
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
    sql += ", ".join([one] * rows)
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return sql


def _insert_ballots(budget, ballots, *, cumulative, ordinal, pk_of):
    """Insert the confirmed ballots and their items with multi-row INSERTs (bulk_create builds a model instance
    per row, 300,000 of them for a city's vote). Imported ballots are all alike (budget, channel, time), so the
    ids returned for a batch may be given to its ballots in any order."""
    confirmed_at = timezone.now()
    ballot_columns, ballot_row = _row_template(
        Ballot, budget=budget, channel=Channel.IMPORTED, confirmed_at=confirmed_at
    )
    item_columns, item_row = _row_template(BallotItem, ballot_id=0, project_id=0, points=1, rank=None)
    # The ballot's id first, then the rest of each item's row, computed once per distinct ballot.
    first = item_columns.index("ballot_id")
    item_columns = [item_columns[first], *item_columns[:first], *item_columns[first + 1 :]]
    item_row = [*item_row[:first], *item_row[first + 1 :]]
    at = {name: item_columns.index(name) - 1 for name in ("project_id", "points", "rank")}
    tails: dict[tuple, list[tuple]] = {}

    def tails_of(ballot):
        rows = []
        for rank, entry in enumerate(ballot, start=1):
            row = list(item_row)
            if cumulative:
                row[at["project_id"]], row[at["points"]] = pk_of[entry[0]], entry[1]
            else:
                row[at["project_id"]] = pk_of[entry]
                if ordinal:
                    row[at["rank"]] = rank
            rows.append(tuple(row))
        return rows

    returning = connection.features.can_return_rows_from_bulk_insert
    with fast_cursor(connection) as cursor:
        for start in range(0, len(ballots), BATCH):
            chunk = ballots[start : start + BATCH]
            if returning:
                cursor.execute(_insert_sql(Ballot, ballot_columns, len(chunk), returning=True), ballot_row * len(chunk))
                ids = [row[0] for row in cursor.fetchall()]
            else:  # pragma: no cover - every supported database returns the ids
                ids = [
                    b.pk
                    for b in Ballot.objects.bulk_create(
                        [Ballot(budget=budget, channel=Channel.IMPORTED, confirmed_at=confirmed_at) for _ in chunk]
                    )
                ]
            params: list = []
            rows = 0
            for ballot_id, ballot in zip(ids, chunk, strict=True):
                rows_of = tails.get(ballot)
                if rows_of is None:
                    rows_of = tails[ballot] = tails_of(ballot)
                for tail in rows_of:
                    params.append(ballot_id)
                    params.extend(tail)
                rows += len(rows_of)
                if rows >= ITEM_BATCH:
                    cursor.execute(_insert_sql(BallotItem, item_columns, rows), params)
                    params, rows = [], 0
            if rows:
                cursor.execute(_insert_sql(BallotItem, item_columns, rows), params)


@transaction.atomic
def import_pabulib_file(path, *, process=None, publish=False, actor=None) -> Budget:
    """Create one budget from the Pabulib file at ``path`` (in ``process``, or in a new process whose vote is
    over). Raises ``PabulibImportError`` (with the line) and creates nothing if the file cannot be imported."""
    path = Path(path)
    source = path.name
    try:
        pf = read(path)
    except PabulibError as error:
        raise PabulibImportError(error.message, error.line, source) from None
    except OSError as error:
        raise PabulibImportError(
            _("cannot read the file: %(error)s") % {"error": error.strerror}, None, source
        ) from None
    if pf.vote_type not in VOTE_TYPES:
        raise PabulibImportError(
            _("unknown vote type %(type)r (expected one of %(types)s)")
            % {"type": pf.vote_type, "types": ", ".join(VOTE_TYPES)},
            None,
            source,
        )
    cumulative = pf.vote_type == CUMULATIVE
    keys = pf._keys
    ballots = [keys[(row["vote"], row.get("points"))] for row in pf.votes]
    if cumulative:
        for ballot, line in zip(ballots, pf.vote_lines, strict=True):
            for _pid, points in ballot:
                if not isinstance(points, int) or points > MAX_POINTS:
                    raise PabulibImportError(_("points must be whole numbers up to 32767."), line, source)
    total = _money(pf.meta["budget"], _("The budget"), None, source)
    rule, min_score = rule_from_meta(pf.meta)
    if min_score is not None and min_score <= 0:
        min_score = None
    if process is None:
        process = _new_process(pf.meta, path.stem, publish=publish)
    position = (Budget.objects.filter(process=process).aggregate(n=Max("position"))["n"] or 0) + 1
    budget = Budget(
        process=process,
        total_amount=total,
        currency=(pf.meta.get("currency") or "EUR")[:3].upper(),
        position=position,
        counting_rule=rule,
        min_score=Decimal(min_score.numerator) / Decimal(min_score.denominator) if min_score is not None else None,
        ballot_is_final=True,
        **_budget_fields(pf, ballots, source),
    )
    title = pf.meta.get("subunit") or pf.meta.get("district") or _title(pf.meta, path.stem)
    setattr(budget, default_language_fieldname("title"), title[:200])
    budget.full_clean()
    budget.save()

    title_field = default_language_fieldname("title")
    projects = []
    for index, row in enumerate(pf.projects, start=1):
        pid = row["project_id"]
        if len(pid) > 60:
            raise PabulibImportError(_("project_id %(id)s is longer than 60 characters.") % {"id": pid}, None, source)
        project = Project(
            budget=budget,
            external_id=pid,
            cost=_money(row["cost"], _("The cost of project %(id)s") % {"id": pid}, None, source),
            status=Project.Status.SELECTED,
            position=index,
        )
        setattr(project, title_field, (row.get("name") or "").strip()[:200] or pid)
        projects.append(project)
    Project.objects.bulk_create(projects, batch_size=BATCH)
    pk_of = dict(Project.objects.filter(budget=budget).values_list("external_id", "pk"))

    _insert_ballots(budget, ballots, cumulative=cumulative, ordinal=pf.vote_type == ORDINAL, pk_of=pk_of)
    audit_record(
        actor=actor,
        action="budgets.import_pabulib",
        target=budget,
        data={"file": source, "ballots": len(ballots), "projects": len(projects), "rule": rule},
    )
    return budget
