"""What the content apps contribute to the public statistics and to the open data, without this app importing them.

Each content app declares its part in its own `openness.py`, found by autodiscovery (StatsConfig.ready()), as
the back-office finds `backoffice.py`:

    register_figures(
        "proposals",
        compute=lambda process: {...},          # a fragment of the snapshot (see below), a few aggregate queries
        people=lambda process: iterable,         # the participants' keys ("u42"), each person once per app
    )
    register_dataset(
        "proposals",
        model=Proposal,                          # registered EXPORTABLE in the content contract (apps/core/content.py)
        title=_("Proposals"),
        columns=(("reference", _("The proposal's public reference")), ...),  # documented in the zip's README
        rows=lambda process: iterator,           # dicts, what an anonymous visitor may see, no personal data
        version=lambda process: [count, latest], # changes whenever the rows would: the build is cached on it
    )
    register_files("pabulib", files=lambda process: [PublicFile(...)])  # files published elsewhere, added as they are

Everything works on what an ANONYMOUS visitor may see: `anonymous()` is the user the contributions ask their
`visible_to` and rules with.

A figures fragment is a dict with any of these keys (merged over every contribution, in registration order):
- "totals": {key: number} (participants, proposals, supports, comments, ballots, events, attendees...);
- "days": {series key: {"YYYY-MM-DD": number}}: activity per day;
- "breakdowns": [{"key", "title": {lang: text}, "unit": {lang: text}, "chart": bool,
  "rows": [{"label": {lang: text}, "count": n, "extra": optional text}]}];
- "turnout": [{"label": {lang: text}, "ballots": n, "population": n or None, "percent": float or None}];
- "demographics": {"people": n, "minimum": 10, "dimensions": [{"key", "title": {lang: text},
  "rows": [{"label": {lang: text}, "count": n, "merged": bool}]}]} (groups under the minimum already merged).
Labels are stored in every language ({"fr": ..., "en": ..., "es": ...}, see `labels()`), so one snapshot serves
each language's page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max
from django.utils import translation

from apps.core.content import Capability, has_capability


@dataclass(frozen=True)
class FiguresSource:
    key: str
    compute: Callable
    people: Callable | None = None


@dataclass(frozen=True)
class Dataset:
    key: str
    title: object
    columns: tuple
    rows: Callable
    version: Callable
    description: object = ""
    model: type | None = None

    @property
    def column_names(self):
        return [name for name, _help in self.columns]


@dataclass(frozen=True)
class PublicFile:
    """A file already published elsewhere on the site (the Pabulib ballots), added to the zip and linked."""

    name: str  # its path inside the zip
    text: str
    url: str
    title: str
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FilesSource:
    key: str
    files: Callable
    version: Callable


_FIGURES = {}
_DATASETS = {}
_FILES = {}


def register_figures(key, *, compute, people=None):
    _FIGURES[key] = FiguresSource(key=key, compute=compute, people=people)


def register_dataset(key, *, title, columns, rows, version, description="", model=None):
    """`model`, when given, must be registered EXPORTABLE (apps/core/content.py): the contract says what may leave.
    Datasets of content the back-office does not export (budget projects, events) give none; like every dataset,
    their rows come from the content's `visible_to` for an anonymous visitor (`visible()`)."""
    if model is not None and not has_capability(model, Capability.EXPORTABLE):
        raise ImproperlyConfigured(f"{model._meta.label_lower} is not registered as exportable content")
    _DATASETS[key] = Dataset(
        key=key,
        title=title,
        columns=tuple(columns),
        rows=rows,
        version=version,
        description=description,
        model=model,
    )


def register_files(key, *, files, version):
    _FILES[key] = FilesSource(key=key, files=files, version=version)


def figure_sources():
    return list(_FIGURES.values())


def datasets():
    return list(_DATASETS.values())


def file_sources():
    return list(_FILES.values())


def anonymous():
    return AnonymousUser()


def labels(text):
    """A (lazy) text in every language of the site: {"fr": ..., "en": ..., "es": ...}."""
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = str(text)
    return out


def plain_labels(text):
    """A text that is the same in every language (a place name, a title typed by the organisers)."""
    return {code: str(text) for code, _name in settings.LANGUAGES}


def field_labels(obj, name):
    """A django-modeltranslation field in every language, each falling back to the untranslated value."""
    fallback = str(getattr(obj, name, "") or "")
    return {code: str(getattr(obj, f"{name}_{code}", "") or fallback) for code, _name in settings.LANGUAGES}


def queryset_version(queryset, field="updated_at"):
    """[how many rows, the latest `field`]: a cheap fingerprint of a queryset's rows (one query)."""
    row = queryset.order_by().aggregate(n=Count("pk"), latest=Max(field))
    return [row["n"], row["latest"].isoformat() if row["latest"] else None]


def day_key(day):
    return day.isoformat() if day is not None else None


def visible(model, process):
    """What an anonymous visitor may see of a content model in `process`: its own `visible_to`, through the
    content contract."""
    from apps.core.content import content_for

    return content_for(model).visible_to(anonymous(), process=process)


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def url_pattern(viewname, **kwargs):
    """A function pk -> absolute URL of `viewname` (one reverse, in the site's language, for every row)."""
    from django.urls import reverse

    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(viewname, kwargs={**kwargs, "pk": 999999999})
    head, tail = path.split("999999999")
    return lambda pk: absolute(f"{head}{pk}{tail}")


def public_nickname(nickname, deleted_at):
    """The only thing the open data says of a person: their public @nickname (nothing for deleted accounts)."""
    return "" if deleted_at is not None else (nickname or "")
