"""The site-wide search: every SEARCHABLE content type, searched by its own registered `search`."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator

from apps.core.content import Capability, registered
from apps.core.search import clean_query, highlight_text

SECTION_SIZE = 5  # results of each type on the page of all types
PAGE_SIZE = 20  # results of one type per page


@dataclass
class Hit:
    """One result, as the page shows it."""

    obj: object
    url: str
    title: str  # safe HTML: the title, escaped, the query's words marked
    process: object
    headline: str = ""  # safe HTML: an extract of the text, the matches marked


@dataclass
class Section:
    """The results of one content type: a few of them (all types) or a page (one type)."""

    key: str
    label: str
    count: int
    hits: list = field(default_factory=list)
    page: object = None  # the Paginator's page when one type is shown


def searchable_types():
    """{key: registration} of the content the site search covers, in registration order."""
    return {entry.label: entry for entry in registered(Capability.SEARCHABLE) if entry.search is not None}


def _hits(entry, objects, *, query, language):
    objects = list(objects)
    if entry.search_highlight is not None:
        objects = entry.search_highlight(objects, query=query, language=language)
    return [
        Hit(
            obj=obj,
            url=entry.url_of(obj),
            title=highlight_text(entry.title_of(obj), query),
            process=entry.process_of(obj),
            headline=getattr(obj, "headline", ""),
        )
        for obj in objects
    ]


def site_search(*, user, query, language=None, only=None, page=None):
    """The sections of the results of `query` for `user`: every searchable type (a few hits and the count of
    each), or only the type `only` (a page of PAGE_SIZE hits). A constant number of queries per type."""
    query = clean_query(query)
    types = searchable_types()
    if not query:
        return []
    if only in types:
        entry = types[only]
        page_obj = Paginator(entry.search(user=user, query=query, language=language), PAGE_SIZE).get_page(page)
        hits = _hits(entry, page_obj.object_list, query=query, language=language)
        return [Section(key=only, label=entry.search_label, count=page_obj.paginator.count, hits=hits, page=page_obj)]
    sections = []
    for key, entry in types.items():
        found = entry.search(user=user, query=query, language=language)
        first = list(found[: SECTION_SIZE + 1])
        count = len(first) if len(first) <= SECTION_SIZE else found.count()
        hits = _hits(entry, first[:SECTION_SIZE], query=query, language=language)
        sections.append(Section(key=key, label=entry.search_label, count=count, hits=hits))
    return sections
