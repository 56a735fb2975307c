"""Pagination that never counts a whole table: a list of many thousand rows says "1,000+" and keeps its page links.

Django's Paginator runs COUNT(*) over the whole filtered list on every page. On a large list that count reads every
matching row even though the page shows twenty. `CappedPaginator` counts at most `cap` rows (a COUNT over a LIMIT
subquery, which stops early), or a few pages beyond the one asked for, so the links around it still work.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

LOOKAHEAD_PAGES = 3  # how many pages past the one asked for are always known to exist (or not)
# The furthest page a `?page=` may ask for: beyond it the count's LIMIT would overflow the database's integers (a
# fuzzed ?page=99999999999999999999999 was a 500); a page past the end shows the last one anyway.
MAX_PAGE = 100_000


def count_at_most(object_list, limit):
    """len(object_list), but reading at most `limit` rows: a queryset counts a LIMIT subquery; an object with its own
    `count_at_most(limit)` (selectors.RandomWalk) answers itself."""
    own = getattr(object_list, "count_at_most", None)
    if own is not None:
        return own(limit)
    if hasattr(object_list, "query"):
        # Only the key in the subquery (no per-row annotation), in the list's order so an index serves it.
        return object_list.values("pk")[:limit].count()
    return min(len(object_list), limit)


def count_limit(page, per_page, *, cap=None):
    """How many rows CappedPaginator counts at most for `page` (a `?page=` value) before saying "N+": the cap, or
    LOOKAHEAD_PAGES pages past the one asked for when that is further."""
    cap = settings.LIST_COUNT_CAP if cap is None else cap
    return max(cap, (requested_page(page) + LOOKAHEAD_PAGES) * per_page)


def ranking_window(page, per_page, *, cap=None):
    """How many rows a ranked list (core.search.RankedWindow) must rank for `page` so that every row the capped count
    promises is ranked: count_limit() rounded up to a multiple of the cap, plus one. Pages up to the cap share
    one window, so they follow each other without a row missed or repeated; a page past it ranks a wider window."""
    cap = settings.LIST_COUNT_CAP if cap is None else cap
    limit = count_limit(page, per_page, cap=cap)
    return -(-limit // max(cap, 1)) * max(cap, 1) + 1


def requested_page(value):
    """The page number a `?page=` value asks for (1 when it is not a positive number, at most MAX_PAGE)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap` rows (settings.LIST_COUNT_CAP, 1,000), or at LOOKAHEAD_PAGES pages past
    the requested page when that is further. `capped` says the list is longer than `count`; the template then says
    "1,000+" and `page_links()` ends with an ellipsis instead of a last page it does not know."""

    def __init__(self, object_list, per_page, *, page=1, cap=None, counted=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counted = object_list if counted is None else counted  # the same rows, perhaps cheaper to count
        self.cap = settings.LIST_COUNT_CAP if cap is None else cap
        self.requested = requested_page(page)
        self.capped = False

    @cached_property
    def count(self):
        limit = count_limit(self.requested, self.per_page, cap=self.cap)
        found = count_at_most(self.counted, limit + 1)
        self.capped = found > limit
        return min(found, limit)

    def get_page(self, number=None):
        return super().get_page(self.requested if number is None else number)

    def page_links(self, number, *, on_each_side=3, on_ends=2):
        """The page numbers to link (ELLIPSIS for a gap), as get_elided_page_range(); when capped, the last pages
        are unknown, so the range ends with an ellipsis after the pages around `number`."""
        self.count  # noqa: B018 (sets `capped`)
        if not self.capped:
            return list(self.get_elided_page_range(number, on_each_side=on_each_side, on_ends=on_ends))
        shown = sorted(
            {n for n in range(1, on_ends + 1)}
            | {n for n in range(number - on_each_side, number + on_each_side + 1) if 1 <= n <= self.num_pages}
        )
        links, previous = [], 0
        for n in shown:
            if n > previous + 1:
                links.append(self.ELLIPSIS)
            links.append(n)
            previous = n
        links.append(self.ELLIPSIS)
        return links


class SliceReadable:
    """Read as a list by the paginator: one row by its index, or a slice [start:stop] of non-negative bounds and no
    step; a subclass gives the rows of a non-empty slice in `_rows(start, stop)`."""

    def __getitem__(self, index):
        if not isinstance(index, slice):
            rows = self[index : index + 1]
            if not rows:
                raise IndexError(index)
            return rows[0]
        if index.step is not None or (index.start or 0) < 0 or index.stop is None or index.stop < 0:
            raise ValueError(f"{type(self).__name__} takes a slice [start:stop] of non-negative bounds")
        start, stop = index.start or 0, index.stop
        return self._rows(start, stop) if start < stop else []

    def _rows(self, start, stop):
        raise NotImplementedError


def keyed_slice(queryset, start, stop):
    """queryset[start:stop] in one query that picks the slice's keys first (`pk IN (the keys in the queryset's
    order, LIMIT and OFFSET)`), then reads those rows only. For a list whose rows are wide or joined: given an
    OFFSET, PostgreSQL would rather sort every whole row (or every joined row) than walk the order's index that far;
    the keys alone it reads from the index. The queryset's order applies to the rows read."""
    return queryset.filter(pk__in=queryset.values("pk")[start:stop])


class KeyedPages(SliceReadable):
    """An ordered queryset for a paginator (CappedPaginator) whose pages are read by keyed_slice()."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count_at_most(self, limit):
        return count_at_most(self.queryset, limit)

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def _rows(self, start, stop):
        return list(keyed_slice(self.queryset, start, stop))
