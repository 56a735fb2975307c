"""The site-wide search: every SEARCHABLE content type, searched by its own registered `search`."""

from dataclasses import dataclass, field

from apps.core.content import Capability, registered
from apps.core.pagination import CappedPaginator, ranking_window
from apps.core.search import RankedWindow, clean_query, highlight_text

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
    capped: bool = False  # more than `count` ("1,000+"): the count stopped at settings.LIST_COUNT_CAP


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


def _best_first(found, *, page):
    """`found` (a type's search, best first) ranking only the newest matches a capped count can promise, as the
    proposal list does (core.search.RankedWindow): a word in each of 50,000 proposals is not ranked 50,000 times."""
    if "search_rank" not in found.query.annotations:
        return found  # a search without ranks: as it comes
    # The window is the first matches in the type's own order after the rank (its ties' order: the newest
    # proposals first...), which ends on the key so the cut is the same from page to page.
    order = [name for name in found.query.order_by if name not in ("-search_rank", "search_rank")]
    if not order or not all(isinstance(name, str) for name in order):
        order = ["-pk"]
    if order[-1].lstrip("-") not in ("pk", "id"):
        order.append("-pk")
    return RankedWindow(found, found, window=ranking_window(page, PAGE_SIZE), order=tuple(order))


def site_search(*, user, query, language=None, only=None, page=None):
    """The sections of the results of `query` for `user`: every searchable type (a few hits and the count of
    each), or only the type `only` (a page of PAGE_SIZE hits). A constant number of queries per type; counts stop at
    settings.LIST_COUNT_CAP (the section is then `capped`)."""
    query = clean_query(query)
    types = searchable_types()
    if not query:
        return []
    if only in types:
        entry = types[only]
        found = _best_first(entry.search(user=user, query=query, language=language), page=page)
        paginator = CappedPaginator(found, PAGE_SIZE, page=page)
        page_obj = paginator.get_page()
        hits = _hits(entry, page_obj.object_list, query=query, language=language)
        section = Section(key=only, label=entry.search_label, count=paginator.count, hits=hits, page=page_obj)
        section.capped = paginator.capped
        return [section]
    sections = []
    for key, entry in types.items():
        found = _best_first(entry.search(user=user, query=query, language=language), page=1)
        first = list(found[: SECTION_SIZE + 1])
        section = Section(key=key, label=entry.search_label, count=len(first))
        if len(first) > SECTION_SIZE:
            paginator = CappedPaginator(found, PAGE_SIZE)
            section.count, section.capped = paginator.count, paginator.capped
        section.hits = _hits(entry, first[:SECTION_SIZE], query=query, language=language)
        sections.append(section)
    return sections
