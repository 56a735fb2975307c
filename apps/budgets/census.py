"""The census of a process: hashing document numbers, reading dates and ages, and the CSV import (a service).

Document numbers are never stored, logged or audited in clear: `document_hash()` is the SHA-256 (hex) of the
normalised number, so a city may also upload numbers it hashed itself (a 64-hex-digit value is taken as a hash).

The import is registered in the back-office's imports registry (apps/budgets/backoffice.py) in two modes:
"add or update" (`census`) and "replace" (`census_replace`). A file is in one of two formats, told by its header:
- postal codes: a column `postal_code` (and optionally `district`);
- residents: `document` (or `document_hash`), `birth_date` (YYYY-MM-DD or DD/MM/YYYY), `postal_code`, `district`.
Re-importing never loses the link of an already verified account to its entry when the same document is kept.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.permissions import ensure_allowed
from apps.core.services import audit_record

from .models import CensusEntry

HASH_RE = re.compile(r"^[0-9a-fA-F]{64}$")
# Everything but letters and digits: spaces, dashes, dots, slashes... as people type a card's number.
SEPARATORS_RE = re.compile(r"[\W_]+")

# Who may upload the census of a process: its administrators (rules.py's "budgets.manage_budgets").
CENSUS_RULE = "budgets.manage_budgets"


# --- documents, postal codes, dates --------------------------------------------------------------------------


def normalise_document(number):
    """A document number as typed on a form or in a spreadsheet: its letters and digits only, in upper case."""
    return SEPARATORS_RE.sub("", number or "").upper()


def document_hash(number):
    """The SHA-256 (hex) of the normalised number; a value that already is 64 hex digits is taken as a hash.

    An empty number gives "" (no document)."""
    stripped = (number or "").strip()
    if HASH_RE.match(stripped):
        return stripped.lower()
    normalised = normalise_document(number)
    if not normalised:
        return ""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def normalise_postal_code(code):
    """Postal codes are compared in upper case with single spaces ("sw1a  1aa" is "SW1A 1AA")."""
    return " ".join((code or "").split()).upper()


def parse_birth_date(text):
    """A date as a city's file writes it: YYYY-MM-DD or DD/MM/YYYY (also with dashes or dots); None if empty."""
    text = (text or "").strip()
    if not text:
        return None
    # XLSX cells come as ISO date-times ("1990-05-04T00:00:00").
    if "T" in text and text[:4].isdigit():
        text = text.split("T", 1)[0]
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        {"birth_date": _("“%(value)s” is not a date: write YYYY-MM-DD or DD/MM/YYYY.") % {"value": text}}
    )


# --- reads -----------------------------------------------------------------------------------------------------


def census_postal_codes(*, process):
    """The normalised postal codes of the census of `process` (a set)."""
    codes = CensusEntry.objects.filter(process=process).exclude(postal_code="").values_list("postal_code", flat=True)
    return {normalise_postal_code(code) for code in codes.distinct()}


def census_counts(*, process):
    entries = CensusEntry.objects.filter(process=process)
    return {
        "entries": entries.count(),
        "residents": entries.exclude(document_hash="").count(),
        "verified": entries.filter(user__isnull=False).count(),
    }


# --- the import ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CensusRow:
    document_hash: str
    birth_date: datetime.date | None
    postal_code: str
    district: str

    @property
    def is_resident(self):
        return bool(self.document_hash)


def census_clean_row(row, *, user, process):
    """One line of a census file as a CensusRow; ValidationError with the reason. The format is the header's:
    a file with a `document` or `document_hash` column lists residents, otherwise postal codes."""
    postal_code = normalise_postal_code(row.get("postal_code", ""))
    district = " ".join(row.get("district", "").split())
    errors = {}
    if len(postal_code) > CensusEntry._meta.get_field("postal_code").max_length:
        errors["postal_code"] = _("A postal code has at most 20 characters.")
    if len(district) > CensusEntry._meta.get_field("district").max_length:
        errors["district"] = _("A district name has at most 80 characters.")
    if "document" in row or "document_hash" in row:
        document = row.get("document", "").strip()
        given_hash = row.get("document_hash", "").strip()
        if document and given_hash:
            errors["document"] = _("Give the document number or its hash, not both.")
            digest = ""
        elif given_hash and not HASH_RE.match(given_hash):
            errors["document_hash"] = _("A document hash is 64 hexadecimal characters (SHA-256).")
            digest = ""
        else:
            digest = document_hash(document or given_hash)
            if not digest:
                errors["document"] = _("The document number is empty.")
        try:
            birth_date = parse_birth_date(row.get("birth_date", ""))
        except ValidationError as error:
            errors.update(error.message_dict)
            birth_date = None
        else:
            if birth_date is None:
                errors["birth_date"] = _("The birth date is empty.")
            elif birth_date > timezone.localdate() or birth_date.year < 1900:
                errors["birth_date"] = _("This birth date is not possible.")
        if errors:
            raise ValidationError(errors)
        return CensusRow(document_hash=digest, birth_date=birth_date, postal_code=postal_code, district=district)
    if not postal_code:
        errors["postal_code"] = _("The postal code is empty.")
    if errors:
        raise ValidationError(errors)
    return CensusRow(document_hash="", birth_date=None, postal_code=postal_code, district=district)


def _duplicates(cleaned):
    """[(line, reason)] for a resident or a postal code listed twice in the file."""
    errors = []
    seen = {}
    for line, row in cleaned:
        key = ("document", row.document_hash) if row.is_resident else ("postal", row.postal_code, row.district)
        if key in seen:
            if row.is_resident:
                reason = _("This document number is already on line %(line)d.") % {"line": seen[key]}
            else:
                reason = _("This postal code is already on line %(line)d.") % {"line": seen[key]}
            errors.append((line, reason))
        else:
            seen[key] = line
    return errors


def census_import(*, actor, process, cleaned, replace):
    """Write the rows of a census file: [(line, CensusRow)] from census_clean_row. Returns (changed, errors).

    - A resident is found by the hash of their document: their birth date, postal code and district are updated,
      and the link to the account verified against them is kept.
    - With `replace`, the entries of the process that are not in the file are removed, except those a ballot
      was recorded with (the register of voters keeps them). Without it, the file adds to the census.

    Runs in the caller's transaction (the import's, all or nothing) and writes its audit entry; errors, with
    their line numbers, make the caller roll back.
    """
    ensure_allowed(CENSUS_RULE, user=actor, obj=process)
    errors = _duplicates(cleaned)
    if errors:
        return 0, errors
    created = updated = removed = kept = 0
    with transaction.atomic():
        existing = {
            entry.document_hash: entry
            for entry in CensusEntry.objects.select_for_update().filter(process=process).exclude(document_hash="")
        }
        postal = set(
            CensusEntry.objects.filter(process=process, document_hash="").values_list("postal_code", "district")
        )
        in_file = set()
        in_file_postal = set()
        new_entries = []
        for _line, row in cleaned:
            if row.is_resident:
                in_file.add(row.document_hash)
                entry = existing.get(row.document_hash)
                if entry is None:
                    new_entries.append(
                        CensusEntry(
                            process=process,
                            document_hash=row.document_hash,
                            birth_date=row.birth_date,
                            postal_code=row.postal_code,
                            district=row.district,
                        )
                    )
                    continue
                values = {"birth_date": row.birth_date, "postal_code": row.postal_code, "district": row.district}
                if any(getattr(entry, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(entry, name, value)
                    entry.save(update_fields=list(values))
                    updated += 1
            else:
                key = (row.postal_code, row.district)
                in_file_postal.add(key)
                if key not in postal:
                    new_entries.append(CensusEntry(process=process, postal_code=row.postal_code, district=row.district))
                    postal.add(key)
        for entry in new_entries:
            entry.full_clean(validate_constraints=False)
        CensusEntry.objects.bulk_create(new_entries, batch_size=1000)
        created = len(new_entries)
        if replace:
            stale = CensusEntry.objects.filter(process=process).exclude(document_hash__in=in_file)
            stale_postal = Q(document_hash="")
            for code, district in in_file_postal:
                stale_postal &= ~Q(postal_code=code, district=district)
            stale = stale.filter(~Q(document_hash="") | stale_postal)
            with_votes = stale.filter(participations__isnull=False).distinct()
            kept = with_votes.count()
            removed, _detail = stale.exclude(pk__in=with_votes.values("pk")).delete()
        audit_record(
            actor=actor,
            action="budgets.census_import",
            target=process,
            process=process,
            data={
                "mode": "replace" if replace else "add",
                "created": created,
                "updated": updated,
                "removed": removed,
                "kept_with_votes": kept,
            },
        )
    return created + updated + removed, []


# --- personal data ("download my data", "delete my account") -------------------------------------------------


def census_export(user):
    """The census entries this account was verified against (never a document number, nor its hash)."""
    return [
        {
            "process": entry.process.slug,
            "birth_date": entry.birth_date.isoformat() if entry.birth_date else None,
            "postal_code": entry.postal_code,
            "district": entry.district,
            "verified_at": entry.verified_at.isoformat() if entry.verified_at else None,
        }
        for entry in CensusEntry.objects.filter(user=user).select_related("process").order_by("pk")
    ]
