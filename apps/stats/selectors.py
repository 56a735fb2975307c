"""Reads of the public statistics and open data. The pages read one snapshot row (precomputed by services.py):
a constant number of queries whatever the size of the process. Other apps (the read-only API) may use
`statistics_of(process)` and `site_statistics()` for the raw figures."""

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import charts, registry
from .models import OpenDataBuild, StatsSnapshot

# The key figures, in the order the pages show them (those absent from a snapshot are not shown).
TOTALS = (
    ("participants", _("participants")),
    ("proposals", _("proposals")),
    ("supports", _("supports")),
    ("comments", _("comments")),
    ("ballots", _("ballots")),
    ("events", _("events")),
    ("registrations", _("registrations to events")),
    ("attendees", _("people at events")),
)
SERIES_ORDER = ("proposals", "supports", "comments", "ballots")


def snapshot_of(process):
    """The process's snapshot (None before the first computation). One query."""
    return StatsSnapshot.objects.filter(key=StatsSnapshot.key_for(process)).first()


def site_snapshot():
    return StatsSnapshot.objects.filter(key=StatsSnapshot.SITE).first()


def is_stale(snapshot):
    if snapshot is None:
        return True
    age = timezone.now() - snapshot.computed_at
    return age > datetime.timedelta(minutes=getattr(settings, "STATS_REFRESH_MINUTES", 10))


def statistics_of(process):
    """{"computed_at", "figures"} of a process (the snapshot's JSON, labels in every language), or None."""
    snapshot = snapshot_of(process)
    return None if snapshot is None else {"computed_at": snapshot.computed_at, "figures": snapshot.data}


def site_statistics():
    snapshot = site_snapshot()
    return None if snapshot is None else {"computed_at": snapshot.computed_at, "figures": snapshot.data}


def _text(label, language):
    if isinstance(label, dict):
        return label.get(language) or label.get(settings.LANGUAGE_CODE) or next(iter(label.values()), "")
    return str(label)


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def present(snapshot, language=None):
    """What a statistics page shows of a snapshot, in `language`: key figures, activity per day (a chart and its
    table), the breakdowns (charts and tables), the turnout and the demographics. No query."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    data = snapshot.data
    totals = data.get("totals", {})
    figures = [
        {"key": key, "label": label, "value": totals[key]}
        for key, label in TOTALS
        if key in totals and (totals[key] or key in ("participants", "proposals"))
    ]
    series = [key for key in SERIES_ORDER if data.get("days", {}).get(key)]
    series += [key for key in data.get("days", {}) if key not in series and data["days"][key]]
    all_days = sorted({day for key in series for day in data["days"][key] if day})
    day_rows = []
    for day in all_days:
        counts = [data["days"][key].get(day, 0) for key in series]
        day_rows.append({"day": datetime.date.fromisoformat(day), "counts": counts, "total": sum(counts)})
    breakdowns = []
    for breakdown in data.get("breakdowns", []):
        rows = [(_text(row["label"], language), row["count"]) for row in breakdown["rows"] if row["count"]]
        if not rows:
            continue
        total = sum(count for _label, count in rows)
        breakdowns.append(
            {
                "key": breakdown["key"],
                "title": _text(breakdown["title"], language),
                "rows": [{"label": label, "count": count, "share": _percent(count, total)} for label, count in rows],
                "total": total,
                "chart": charts.bar_chart(rows) if breakdown.get("chart") else None,
            }
        )
    demographics = data.get("demographics")
    if demographics:
        demographics = {
            "people": demographics["people"],
            "minimum": demographics["minimum"],
            "dimensions": [
                {
                    "key": dimension["key"],
                    "title": _text(dimension["title"], language),
                    "rows": [
                        {
                            "label": _text(row["label"], language),
                            "count": row["count"],
                            "merged": row["merged"],
                            "share": _percent(row["count"], demographics["people"]),
                        }
                        for row in dimension["rows"]
                    ],
                }
                for dimension in demographics["dimensions"]
                if dimension["rows"]
            ],
        }
    return {
        "computed_at": snapshot.computed_at,
        "duration_ms": snapshot.duration_ms,
        "refresh_minutes": getattr(settings, "STATS_REFRESH_MINUTES", 10),
        "figures": figures,
        "series": [_text(data.get("series", {}).get(key, key), language) for key in series],
        "days": day_rows,
        "day_chart": charts.day_chart([(row["day"].isoformat(), row["total"]) for row in day_rows]),
        "breakdowns": breakdowns,
        "turnout": [
            {**row, "label": _text(row["label"], language)} for row in data.get("turnout", []) if row.get("ballots")
        ],
        "demographics": demographics,
        "processes": data.get("processes"),
    }


def open_data_of(process):
    """The process's latest zip (or None) and the datasets it holds, with their columns. One query."""
    build = OpenDataBuild.objects.filter(process=process).first()
    return {
        "build": build,
        "datasets": [
            {
                "key": dataset.key,
                "title": dataset.title,
                "description": dataset.description,
                "columns": dataset.columns,
                "rows": build.counts.get(dataset.key) if build is not None else None,
            }
            for dataset in registry.datasets()
        ],
        "files": build.counts.get("links", []) if build is not None else [],
    }
