"""What results tracking adds to the back-office (found by the back-office's autodiscovery): a panel on the home of
each process's administrators, and the import of results and their progress from CSV or XLSX (read by
apps/backoffice/imports.py, with its policy: the whole file is refused if any row is bad)."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.backoffice.exports import CHUNK_SIZE, register_export
from apps.backoffice.imports import Column, parse_decimal, register_import
from apps.backoffice.panels import counts_per_process, register_panel
from apps.core.i18n import localized_fieldnames
from apps.core.permissions import ensure_allowed, is_allowed

from .models import Result, ResultStatus
from .services import MANAGE, result_import_row


def _result_counts(process_ids):
    return counts_per_process(Result.objects.filter(process_id__in=process_ids))


def _link(user, process):
    if is_allowed(MANAGE, user, process):
        return reverse("results_backoffice:results", kwargs={"slug": process.slug})
    return None


register_panel(
    "results.results",
    title=gettext_lazy("Results tracking"),
    description=gettext_lazy(
        "The works of the winning projects: statuses, progress, timeline with photos; bulk updates and imports."
    ),
    roles=set(),
    counts=_result_counts,
    link=_link,
)


# --- import -----------------------------------------------------------------------------------------------------

TEXT_COLUMNS = localized_fieldnames("title", "description")
IMPORT_COLUMNS = (
    Column("id", help=gettext_lazy("The result's number, to update it (or external_id).")),
    Column(
        "external_id",
        help=gettext_lazy("The town's reference: a known one updates that result, a new one creates it."),
    ),
    *(Column(name) for name in TEXT_COLUMNS),
    Column("status", help=gettext_lazy("The key of a status of the process (e.g. works).")),
    Column("progress", help=gettext_lazy("0 to 100; empty: the status's default progress.")),
    Column("start_date", help=gettext_lazy("YYYY-MM-DD or DD/MM/YYYY.")),
    Column("end_date", help=gettext_lazy("YYYY-MM-DD or DD/MM/YYYY.")),
    Column("cost"),
    Column("amount_spent"),
    Column("district"),
    Column("parent", help=gettext_lazy("The external_id or number of the parent result, for a sub-result.")),
)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S")


def _date(text, field):
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError({field: _("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).") % {"value": text}})


def _find(process, text, field):
    """A result of the process by its number or its external id, or None."""
    if not text:
        return None
    found = Result.objects.filter(process=process, external_id=text).first()
    if found is None and text.isdigit() and len(text) < 12:
        found = Result.objects.filter(process=process, pk=int(text)).first()
    return found


def results_clean_row(row, *, user, process):
    """What one row writes ({"result": found or None, field: value}); a ValidationError names what is wrong."""
    ensure_allowed(MANAGE, user=user, obj=process)
    identifier = row.get("id", "")
    result = _find(process, identifier, "id")
    if identifier and result is None and not row.get("external_id"):
        raise ValidationError({"id": _("No result %(id)s in this process.") % {"id": identifier}})
    if result is None:
        result = _find(process, row.get("external_id", ""), "external_id")
    data = {"result": result}
    for name in TEXT_COLUMNS:
        if row.get(name):
            data[name] = row[name]
    if result is None:
        if not row.get(TEXT_COLUMNS[0]):
            raise ValidationError({TEXT_COLUMNS[0]: _("A new result needs a title.")})
        if row.get("external_id"):
            data["external_id"] = row["external_id"]
    if row.get("status"):
        status = ResultStatus.objects.filter(process=process, key=row["status"].strip().lower()).first()
        if status is None:
            keys = ", ".join(ResultStatus.objects.filter(process=process).values_list("key", flat=True))
            message = _("No status “%(key)s” in this process (known: %(keys)s).")
            raise ValidationError({"status": message % {"key": row["status"], "keys": keys}})
        data["status"] = status
    if row.get("progress"):
        progress = parse_decimal(row["progress"].replace("%", ""), field="progress")
        if not 0 <= progress <= 100:
            raise ValidationError({"progress": _("A progress is between 0 and 100 %.")})
        data["progress"] = progress
    for name in ("start_date", "end_date"):
        if row.get(name):
            data[name] = _date(row[name], name)
    for name in ("cost", "amount_spent"):
        if row.get(name):
            value = parse_decimal(row[name], field=name)
            if value < 0:
                raise ValidationError({name: _("An amount cannot be negative.")})
            data[name] = value
    if row.get("district"):
        data["district"] = row["district"][:80]
    if row.get("parent"):
        parent = _find(process, row["parent"], "parent")
        if parent is None:
            raise ValidationError({"parent": _("No result %(id)s in this process.") % {"id": row["parent"]}})
        data["parent"] = parent
    start = data.get("start_date", getattr(result, "start_date", None))
    end = data.get("end_date", getattr(result, "end_date", None))
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date must be after the start date.")})
    return data


register_import(
    "results",
    title=gettext_lazy("Results and their progress"),
    description=gettext_lazy(
        "One line per result: a known id or external_id updates it (only the filled cells change), otherwise a "
        "new result is created. A status gives its default progress unless the progress column is filled."
    ),
    columns=IMPORT_COLUMNS,
    clean_row=results_clean_row,
    apply_row=result_import_row,
    rule=MANAGE,
)


# --- export: the import's columns, so that a spreadsheet goes out, is edited and comes back ------------------------

EXPORT_COLUMNS = tuple(column.name for column in IMPORT_COLUMNS) + ("status_name", "projects")


def results_export_rows(user, process):
    """Every result of the process, parents first, in the import's columns (one query, plus one for the projects)."""
    ensure_allowed(MANAGE, user=user, obj=process)
    projects = {}
    for result_id, title in Result.projects.through.objects.filter(result__process=process).values_list(
        "result_id", "project__title"
    ):
        projects.setdefault(result_id, []).append(title)
    rows = (
        Result.objects.filter(process=process)
        .order_by("parent_id", "position", "pk")
        .values(
            "pk", "external_id", *TEXT_COLUMNS, "status__key", "status__name", "progress", "start_date", "end_date",
            "cost", "amount_spent", "district", "parent_id", "parent__external_id",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for row in rows:
        yield {
            "id": row["pk"],
            "external_id": row["external_id"],
            **{name: row[name] for name in TEXT_COLUMNS},
            "status": row["status__key"] or "",
            "status_name": row["status__name"] or "",
            "progress": row["progress"],
            "start_date": row["start_date"],
            "end_date": row["end_date"],
            "cost": row["cost"],
            "amount_spent": row["amount_spent"],
            "district": row["district"],
            "parent": row["parent__external_id"] or (row["parent_id"] or ""),
            "projects": " | ".join(projects.get(row["pk"], ())),
        }


register_export(
    "results",
    model=Result,
    title=gettext_lazy("Results and their progress"),
    description=gettext_lazy(
        "Every result with its status, progress, dates and money spent, in the columns of the import: edit the file "
        "and import it back."
    ),
    columns=EXPORT_COLUMNS,
    rows=results_export_rows,
    rule=MANAGE,
)
