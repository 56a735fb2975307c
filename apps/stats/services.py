"""Writes of the statistics and open data: the snapshots and the zip builds are derived data, recomputed from the
content (nothing typed by anyone), so they are not audited; the licence is edited in the admin, which audits it.

- `stats_refresh(process=...)`: one process's snapshot (a few aggregate queries per contribution, registry.py).
- `stats_refresh_all()`: every published process, then the site-wide snapshot (its participants counted once
  across processes). Celery beat runs it every STATS_REFRESH_MINUTES (tasks.py).
- `opendata_build(process=...)`: the zip, when the fingerprint of its data changed (or `force`).
"""

import csv
import datetime
import decimal
import hashlib
import io
import json
import tempfile
import time
import zipfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.sanitize import formula_safe
from apps.spaces.models import Process

from . import registry
from .models import OpenDataBuild, OpenDataSettings, StatsSnapshot

FORMAT_VERSION = 1  # bump when the zip's layout changes: every build is then redone


# -- statistics ------------------------------------------------------------------------------------------------


def _empty():
    return {"totals": {}, "days": {}, "series": {}, "breakdowns": [], "turnout": [], "demographics": None}


def _merge(data, fragment):
    for key, value in fragment.get("totals", {}).items():
        data["totals"][key] = data["totals"].get(key, 0) + value
    for series, days in fragment.get("days", {}).items():
        target = data["days"].setdefault(series, {})
        for day, n in days.items():
            target[day] = target.get(day, 0) + n
    data["series"].update(fragment.get("series", {}))
    data["breakdowns"].extend(fragment.get("breakdowns", []))
    data["turnout"].extend(fragment.get("turnout", []))
    if fragment.get("demographics"):
        data["demographics"] = fragment["demographics"]


def compute_process(process):
    """(figures, set of participant keys) of `process`, as an anonymous visitor may see them."""
    data = _empty()
    people = set()
    for source in registry.figure_sources():
        _merge(data, source.compute(process) or {})
        if source.people is not None:
            people.update(source.people(process))
    data["totals"]["participants"] = len(people)
    return data, people


def _store(key, process, data, started):
    snapshot, _created = StatsSnapshot.objects.update_or_create(
        key=key,
        defaults={
            "process": process,
            "data": json.loads(json.dumps(data, cls=DjangoJSONEncoder)),
            "computed_at": timezone.now(),
            "duration_ms": round((time.monotonic() - started) * 1000),
        },
    )
    return snapshot


@transaction.atomic
def stats_refresh(*, process):
    """Recompute and store the snapshot of one published process; returns it (None for an unpublished one)."""
    if not process.is_published:
        StatsSnapshot.objects.filter(process=process).delete()
        return None
    started = time.monotonic()
    data, _people = compute_process(process)
    data["process"] = {"slug": process.slug}
    return _store(StatsSnapshot.key_for(process), process, data, started)


def _sum_rows(target, rows):
    index = {json.dumps(row["label"], sort_keys=True): row for row in target}
    for row in rows:
        key = json.dumps(row["label"], sort_keys=True)
        if key in index:
            index[key]["count"] += row["count"]
        else:
            copy = dict(row)
            target.append(copy)
            index[key] = copy


def stats_refresh_all():
    """Every published process's snapshot, then the site's: totals and days summed, participants counted once over
    every process, the breakdowns marked `sum` (ballots per channel) summed, and two per-process breakdowns."""
    started = time.monotonic()
    site = _empty()
    everyone = set()
    per_process = []
    for process in Process.objects.filter(is_published=True).order_by("-start_date", "pk"):
        process_started = time.monotonic()
        data, people = compute_process(process)
        data["process"] = {"slug": process.slug}
        with transaction.atomic():
            _store(StatsSnapshot.key_for(process), process, data, process_started)
        everyone.update(people)
        per_process.append((process, data))
        for key, value in data["totals"].items():
            if key != "participants":
                site["totals"][key] = site["totals"].get(key, 0) + value
        _merge(site, {"days": data["days"], "series": data["series"]})
        for breakdown in data["breakdowns"]:
            if breakdown.get("sum"):
                existing = next((b for b in site["breakdowns"] if b["key"] == breakdown["key"]), None)
                if existing is None:
                    site["breakdowns"].append({**breakdown, "rows": [dict(row) for row in breakdown["rows"]]})
                else:
                    _sum_rows(existing["rows"], breakdown["rows"])
    site["totals"]["participants"] = len(everyone)
    for key, title, unit in (
        ("participants_by_process", registry.labels(gettext_lazy("Participants per process")), "participants"),
        ("proposals_by_process", registry.labels(gettext_lazy("Proposals per process")), "proposals"),
    ):
        site["breakdowns"].append(
            {
                "key": key,
                "title": title,
                "chart": True,
                "rows": [
                    {"label": registry.field_labels(process, "title"), "count": data["totals"].get(unit, 0)}
                    for process, data in per_process
                ],
            }
        )
    site["processes"] = len(per_process)
    with transaction.atomic():
        return _store(StatsSnapshot.SITE, None, site, started)


# -- open data -----------------------------------------------------------------------------------------------------


def licence_settings():
    """The site's open data licence: the admin's row, or OPEN_DATA_LICENCE until one is saved."""
    row = OpenDataSettings.objects.first()
    if row is None:
        row = OpenDataSettings(licence=getattr(settings, "OPEN_DATA_LICENCE", "odbl-1.0"))
    return row


def opendata_fingerprint(process, licence=None):
    """A hash of every dataset's version, the published files' versions and the licence: the build is redone when
    it changes. One or two aggregate queries per dataset."""
    licence = licence or licence_settings()
    parts = {dataset.key: dataset.version(process) for dataset in registry.datasets()}
    parts.update({f"files:{source.key}": source.version(process) for source in registry.file_sources()})
    parts["licence"] = [licence.licence, licence.credit]
    parts["format"] = FORMAT_VERSION
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _plain(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _json_value(value):
    """Amounts and coordinates as JSON numbers (the CSV writes them as they are stored)."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return _plain(value)


def _csv_cell(value):
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return formula_safe(str(value))


def _write_dataset(archive, dataset, process):
    """<key>.csv and <key>.json, streamed into the zip; returns the number of rows."""
    columns = dataset.column_names
    count = 0
    with archive.open(f"{dataset.key}.csv", "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in dataset.rows(process):
            writer.writerow([_csv_cell(row.get(column)) for column in columns])
            count += 1
        text.flush()
        text.detach()
    with archive.open(f"{dataset.key}.json", "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        text.write("[")
        first = True
        for row in dataset.rows(process):
            item = {column: _json_value(row.get(column)) for column in columns}
            text.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
            first = False
        text.write("\n]\n")
        text.flush()
        text.detach()
    return count


def readme_text(process, counts, files, licence, built_at):
    """The README.md of the zip: what the data is, its licence, and every file's columns."""
    lines = [
        f"# {_('Open data')}: {process.title}",
        "",
        _("Everything an anonymous visitor may see of this process on %(site)s, as of %(when)s (UTC).")
        % {"site": settings.SITE_NAME, "when": built_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M")},
        _(
            "Hidden, withdrawn-by-moderation, draft and private content is left out; people appear only by their "
            "public nickname."
        ),
        "",
        f"## {_('Licence')}",
        "",
        f"{licence.get_licence_display()} — {licence.licence_url}",
        _("Credit: %(credit)s") % {"credit": licence.credit},
        "",
        f"## {_('Format')}",
        "",
        _(
            "Each dataset comes twice: CSV (UTF-8, comma-separated, one header line) and JSON (an array of objects "
            "with the same keys). Dates and times are ISO 8601 in UTC; amounts are in euros with a dot; empty cells "
            "are empty values. In the CSV only, a text starting with = + - or @ gets a leading apostrophe so that "
            "spreadsheets do not run it as a formula; the JSON has the exact text."
        ),
        "",
    ]
    for dataset in registry.datasets():
        lines += [
            f"## {dataset.key}.csv / {dataset.key}.json — {dataset.title}",
            "",
        ]
        if dataset.description:
            lines += [str(dataset.description), ""]
        lines += [
            _("%(count)s rows.") % {"count": counts.get(dataset.key, 0)},
            "",
            f"| {_('column')} | {_('meaning')} |",
            "|---|---|",
        ]
        lines += [f"| `{name}` | {help_text} |" for name, help_text in dataset.columns]
        lines.append("")
    if files:
        lines += [f"## {_('Anonymised ballots (Pabulib)')}", ""]
        lines += [f"- `{item.name}`: {item.title} ({item.url})" for item in files]
        lines.append("")
    return "\n".join(lines)


def licence_text(licence):
    return (
        f"{licence.get_licence_display()}\n{licence.licence_url}\n\n"
        + _("Credit: %(credit)s") % {"credit": licence.credit}
        + "\n"
    )


def opendata_build(*, process, force=False):
    """Build the process's zip unless the stored one already matches its data; returns the OpenDataBuild (None for
    an unpublished process). The zip is written to a temporary file, then stored under a new name, and the old
    file removed once the row points to the new one."""
    if not process.is_published:
        return None
    licence = licence_settings()
    fingerprint = opendata_fingerprint(process, licence)
    current = OpenDataBuild.objects.filter(process=process).first()
    if current is not None and current.fingerprint == fingerprint and not force and current.file:
        return current
    started = time.monotonic()
    built_at = timezone.now()
    counts = {}
    # The README is written in the site's language, whatever the language of the request that asked for it.
    with translation.override(settings.LANGUAGE_CODE), tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for dataset in registry.datasets():
                counts[dataset.key] = _write_dataset(archive, dataset, process)
            files = [item for source in registry.file_sources() for item in source.files(process)]
            for item in files:
                archive.writestr(item.name, item.text)
            archive.writestr("README.md", readme_text(process, counts, files, licence, built_at))
            archive.writestr("LICENCE.txt", licence_text(licence))
        handle.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
        size = handle.tell()
        handle.seek(0)
        name = default_storage.save(f"opendata/{slugify(process.slug)}-open-data-{fingerprint[:12]}.zip", File(handle))
    old = current.file.name if current is not None and current.file else None
    with transaction.atomic():
        # Two builds of one process (the hourly task and a visitor's) write their row one after the other.
        Process.objects.select_for_update().filter(pk=process.pk).first()
        current = OpenDataBuild.objects.filter(process=process).first()
        old = current.file.name if current is not None and current.file else old
        build, _created = OpenDataBuild.objects.update_or_create(
            process=process,
            defaults={
                "fingerprint": fingerprint,
                "file": name,
                "size": size,
                "sha256": digest.hexdigest(),
                "built_at": built_at,
                "duration_ms": round((time.monotonic() - started) * 1000),
                "counts": {
                    **counts,
                    "links": [
                        {"name": item.name, "url": item.url, "title": item.title, **item.extra} for item in files
                    ],
                },
            },
        )
    if old and old != name:
        transaction.on_commit(lambda: default_storage.delete(old))
    return build
