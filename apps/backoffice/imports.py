"""Staff imports from CSV or XLSX, contributed by the apps that own the data; the reading and the policy live here.

A content app declares an import in its own `backoffice.py`:

    register_import(
        "answers",
        title=_("Answers and costs"),
        columns=(Column("reference", required=True), Column("status"), ...),
        clean_row=lambda row, *, user, process: value,   # raise ValidationError with the reason; no writes
        apply_row=lambda value, *, user, process: changed,   # the app's own service; True when something changed
        rule="backoffice.import_process",
    )

An import that must see the whole file at once (duplicates across lines, "replace" semantics) gives `apply_rows`
instead of `apply_row`: `apply_rows(cleaned, *, user, process)` gets [(line, value)] once, inside the transaction,
and returns (changed count, [(line, reason)]); any reason rolls the whole file back.

POLICY (stated on the page): the whole file is refused if any row is bad. Every row is checked first; then all
rows are written in one transaction, and a row refused by the service at that point rolls the whole file back.
Every bad row is listed with its line number (the header is line 1) and the reason.

Files are read with the standard csv module (delimiter sniffed among , ; and tab, UTF-8 then Windows-1252) and
openpyxl (read-only). Anything unreadable, empty, too big or binary gets a sentence, never a server error.
"""

import csv
import datetime
import decimal
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
EXTENSIONS = ("csv", "xlsx")
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Import:
    key: str
    title: str
    columns: tuple
    clean_row: Callable
    apply_row: Callable
    rule: str = "backoffice.import_process"
    description: str = ""
    apply_rows: Callable | None = None

    @property
    def required(self):
        return [column.name for column in self.columns if column.required]


_IMPORTS = {}


def register_import(
    key, *, title, columns, clean_row, apply_row=None, rule="backoffice.import_process", description="", apply_rows=None
):
    if (apply_row is None) == (apply_rows is None):
        raise ValueError("An import gives apply_row or apply_rows, not both.")
    _IMPORTS[key] = Import(
        key=key,
        title=title,
        columns=tuple(columns),
        clean_row=clean_row,
        apply_row=apply_row,
        rule=rule,
        description=description,
        apply_rows=apply_rows,
    )


def registered_imports():
    return list(_IMPORTS.values())


def get_import(key):
    return _IMPORTS.get(key)


POLICY = gettext_lazy(
    "The whole file is refused if any row is bad: nothing is imported until every row is right. Each bad row is "
    "listed with its line number (the header is line 1) and the reason."
)


# --- reading ----------------------------------------------------------------------------------------------------


def _decode(raw):
    """UTF-8 (with or without BOM), else Windows-1252 (Excel's "CSV" on French Windows, a superset of latin-1)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _('The file\'s text encoding could not be read. Save it as "CSV UTF-8" and try again.'), code="encoding"
    )


def _looks_binary(raw):
    return raw.startswith(ZIP_MAGIC) or b"\x00" in raw[:8192]


def _read_csv(raw):
    if _looks_binary(raw):
        raise ValidationError(
            _("This file is not a text CSV file (it looks like a binary file). Export it as CSV or XLSX."),
            code="binary",
        )
    text = _decode(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise ValidationError(_("The CSV file could not be read: %(error)s.") % {"error": error}, code="csv") from error


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value)


def _read_xlsx(raw):
    from openpyxl import load_workbook

    if not raw.startswith(ZIP_MAGIC):
        raise ValidationError(_("This file is not a valid XLSX workbook. Save it from your spreadsheet as .xlsx."))
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, OSError) as error:
        raise ValidationError(
            _("This XLSX workbook could not be read. Save it again from your spreadsheet as .xlsx.")
        ) from error
    return rows


def read_table(uploaded):
    """[(line number, {column: text})] from an uploaded CSV or XLSX file; ValidationError with a sentence."""
    name = (uploaded.name or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(_("Choose a .csv or .xlsx file."), code="extension")
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("This file is too big (%(size)s MB); the limit is %(max)s MB.")
            % {"size": round(uploaded.size / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024},
            code="size",
        )
    raw = uploaded.read(MAX_BYTES + 1)
    if not raw.strip():
        raise ValidationError(_("This file is empty."), code="empty")
    table = _read_xlsx(raw) if extension == "xlsx" else _read_csv(raw)
    # Trailing blank lines and columns are what spreadsheets leave behind; they are not rows.
    lines = [(number, cells) for number, cells in enumerate(table, start=1) if any(c.strip() for c in cells)]
    if not lines:
        raise ValidationError(_("This file is empty."), code="empty")
    header_line, header = lines[0]
    names = [cell.strip().lower() for cell in header]
    data = lines[1:]
    if not data:
        raise ValidationError(_("This file has a header line but no rows under it."), code="no_rows")
    if len(data) > MAX_ROWS:
        raise ValidationError(
            _("This file has more than %(max)d rows; split it into smaller files.") % {"max": MAX_ROWS}, code="rows"
        )
    rows = []
    for number, cells in data:
        row = {}
        for index, column in enumerate(names):
            if column and column not in row:
                row[column] = _unquote(cells[index].strip()) if index < len(cells) else ""
        rows.append((number, row))
    return names, rows


def _unquote(text):
    """The exports quote a cell starting with = + - @ with an apostrophe (against formulas): take it off."""
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def missing_columns(spec, names):
    return [column for column in spec.required if column not in names]


def check_header(spec, names):
    missing = missing_columns(spec, names)
    if missing:
        raise ValidationError(
            _("Missing column(s): %(missing)s. The first line must name the columns: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(column.name for column in spec.columns)},
            code="columns",
        )
    if not any(column.name in names for column in spec.columns):
        raise ValidationError(_("None of the expected columns is in the first line."), code="columns")


def error_text(error):
    """One readable sentence from a ValidationError or PermissionDenied."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return " ".join(
                f"{field}: {message}" if field != "__all__" else str(message)
                for field, messages in error.message_dict.items()
                for message in messages
            )
        return " ".join(error.messages)
    return str(error)


def parse_decimal(text, *, field):
    """A cost as a spreadsheet writes it: "1200", "1 200,50", "1200.5", "1 200 €"."""
    if not text:
        return None
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "").replace(",", ".")
    try:
        value = decimal.Decimal(cleaned)
    except decimal.InvalidOperation as error:
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": text}}) from error
    if not value.is_finite():
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": text}})
    return value
