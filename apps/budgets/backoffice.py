"""What the budgets app adds to the back-office (found by the back-office's autodiscovery)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.backoffice.imports import Column, register_import

from . import (
    assisted_backoffice,  # noqa: F401  (the voting desk's panels: assisted and paper voting)
    projects_backoffice,  # noqa: F401  (budgets, projects, accepted proposals, live turnout)
)
from .census import CENSUS_RULE, census_clean_row, census_import

# The census: two formats (told by the header), two modes (two imports, so the mode is never a forgotten option).
CENSUS_COLUMNS = (
    Column("postal_code", help=_("A postal code of the residents (alone, it makes a census of postal codes).")),
    Column("district", help=_("The district, as the district budgets name it (optional).")),
    Column("document", help=_("The resident's identity document number; it is hashed on reading, never stored.")),
    Column("document_hash", help=_("Or the SHA-256 (64 hexadecimal characters) of the normalised document number.")),
    Column("birth_date", help=_("With a document: the birth date, YYYY-MM-DD or DD/MM/YYYY.")),
)
CENSUS_FORMATS = _(
    "Either a census of postal codes (a column postal_code, and district if the district budgets need it), or a "
    "census of residents (document or document_hash, birth_date, postal_code, district). Document numbers are "
    "hashed (SHA-256 of the number without spaces or dashes, in capitals) and never stored in clear."
)

register_import(
    "census",
    title=_("Census of voters: add or update"),
    description=format_lazy(
        "{} {}", CENSUS_FORMATS, _("Residents already in the census are updated and stay verified.")
    ),
    columns=CENSUS_COLUMNS,
    clean_row=census_clean_row,
    apply_rows=lambda cleaned, *, user, process: census_import(
        actor=user, process=process, cleaned=cleaned, replace=False
    ),
    rule=CENSUS_RULE,
)

register_import(
    "census_replace",
    title=_("Census of voters: replace"),
    description=format_lazy(
        "{} {}",
        CENSUS_FORMATS,
        _(
            "The census becomes this file: entries not in it are removed (except those a ballot was recorded "
            "with). Residents kept in the file stay verified."
        ),
    ),
    columns=CENSUS_COLUMNS,
    clean_row=census_clean_row,
    apply_rows=lambda cleaned, *, user, process: census_import(
        actor=user, process=process, cleaned=cleaned, replace=True
    ),
    rule=CENSUS_RULE,
)
