"""Staff exports (CSV, XLSX, JSON) contributed by the apps that own the data, streamed row by row.

A content app declares its exports in its own `backoffice.py` (found by autodiscovery, as panels are), so the
back-office never imports a content app:

    register_export(
        "proposals",
        model=Proposal,                            # registered EXPORTABLE in the content contract
        title=_("Proposals"),
        columns=("reference", "title", ...),       # the header line, and the keys of each row
        rows=lambda user, process: iterator,       # dicts, ONE query (values().iterator(chunk_size=...))
        rule="backoffice.export_process",          # asked with the process; the rows callable scopes by role
    )

The writers never hold all the rows: CSV and JSON stream through a StreamingHttpResponse; XLSX goes through
openpyxl's write-only workbook into an anonymous temporary file, sent by a FileResponse and deleted on close.
"""

import csv
import datetime
import decimal
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.content import Capability, has_capability
from apps.core.sanitize import formula_safe

CHUNK_SIZE = 2000


class Format:
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    ALL = (CSV, XLSX, JSON)


@dataclass(frozen=True)
class Export:
    key: str
    model: type | None
    title: str
    columns: tuple
    rows: Callable
    rule: str = "backoffice.export_process"
    description: str = ""


_EXPORTS = {}


def register_export(key, *, title, columns, rows, model=None, rule="backoffice.export_process", description=""):
    """`model`, for content, must be registered EXPORTABLE (apps/core/content.py): the contract says what may
    leave. Records that are not content (moderation reports) give no model."""
    if model is not None and not has_capability(model, Capability.EXPORTABLE):
        raise ImproperlyConfigured(f"{model._meta.label_lower} is not registered as exportable content")
    _EXPORTS[key] = Export(
        key=key, model=model, title=title, columns=tuple(columns), rows=rows, rule=rule, description=description
    )


def registered_exports():
    return list(_EXPORTS.values())


def get_export(key):
    return _EXPORTS.get(key)


def yes_no(value):
    """Flags are written as words so a spreadsheet filter reads them ("yes" / "")."""
    return "yes" if value else ""


def _plain(value):
    """A cell value every format accepts: local naive datetimes, strings for the rest of the exotic types."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, decimal.Decimal):
        return value
    if value is None or isinstance(value, (str, int, float, bool, datetime.date)):
        return value
    return str(value)


class _Echo:
    """csv.writer writes into this and gets the line back (Django's streaming CSV recipe)."""

    def write(self, value):
        return value


def _csv_cell(value):
    value = _plain(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if value is None:
        return ""
    return formula_safe(str(value))


def _csv_lines(export, rows):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM: spreadsheets then read the file as UTF-8
    yield writer.writerow(export.columns)
    for row in rows:
        yield writer.writerow([_csv_cell(row.get(column)) for column in export.columns])


def _json_chunks(export, rows):
    yield "[\n"
    first = True
    for row in rows:
        item = {column: _plain(row.get(column)) for column in export.columns}
        yield ("" if first else ",\n") + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _xlsx_cell(sheet, value):
    value = _plain(value)
    if isinstance(value, str) and value[:1] == "=":
        # openpyxl would write this as a formula: a cell typed as text keeps the exact text, never run.
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(export, rows, target):
    """Write the rows to `target` (a path or a binary file) with a write-only workbook: constant memory."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(export.title)[:31])
    sheet.append(list(export.columns))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, row.get(column)) for column in export.columns])
    workbook.save(target)


CONTENT_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.JSON: "application/json; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_response(export, *, user, process, fmt):
    """The download, built without holding the rows in memory."""
    filename = f"{process.slug}-{export.key}-{timezone.localdate().isoformat()}.{fmt}"
    rows = export.rows(user, process)
    if fmt == Format.XLSX:
        # An anonymous temporary file: removed by the system when the response closes it.
        handle = tempfile.TemporaryFile(suffix=".xlsx")
        write_xlsx(export, rows, handle)
        handle.seek(0)
        return FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])
    chunks = _csv_lines(export, rows) if fmt == Format.CSV else _json_chunks(export, rows)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


FORMAT_LABELS = {Format.CSV: _("CSV"), Format.XLSX: _("Excel (XLSX)"), Format.JSON: _("JSON")}
