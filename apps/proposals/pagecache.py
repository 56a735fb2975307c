"""Which proposal pages anonymous visitors may get from the page cache (apps/core/pagecache.py), and how the
random order enters the key."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.core.pagecache import register_page

from . import selectors
from .views.listing import MAP_VIEW


def _random_order(request):
    return request.GET.get("order") not in selectors.Sort.values or request.GET.get("order") == selectors.Sort.RANDOM


def _random_order_variant(request):
    # One of the day's few random orders: the one the links carry, or one drawn for a visitor arriving without
    # (the view then renders that order: the slot is remembered on the request).
    return f"order:{timezone.localdate().isoformat()}:{selectors.random_order_slot(request)}"


def list_variant(request):
    """The list in random order is one of the day's RANDOM_ORDERS orders (the link's ?seed=, or one drawn for a
    visitor arriving without it): cached per order. Other orders and the map are the same for everybody."""
    if request.GET.get("view") == MAP_VIEW or not _random_order(request):
        return ""
    if request.GET.get("q", "").strip():
        return ""  # a searched list is ranked by relevance unless another order is chosen: the same for all
    return _random_order_variant(request)


def theme_variant(request):
    """A theme page lists its proposals in one of the day's random orders, as the list does."""
    if not _random_order(request):
        return ""
    return _random_order_variant(request)


def most_visited_proposals(limit):
    """The proposal pages worth warming before a spike: those anonymous visitors may see, the most supported first
    (the top of the sorted list, the links people share)."""
    visible = selectors.proposal_visible_to(AnonymousUser()).order_by("-support_count", "pk")
    for pk, slug in visible.values_list("pk", "process__slug")[:limit].iterator(chunk_size=2000):
        yield {"slug": slug, "pk": pk}


def register_pages():
    register_page("proposals:list", process_kwarg="slug", variant=list_variant)
    # Every change a proposal's page shows bumps it (its edits, supports, comments, its process, the site).
    register_page("proposals:detail", process_kwarg="slug", long_lived=True, warm=most_visited_proposals)
    # The theme page's list is the proposals' list filtered by the theme (proposals' template tag).
    register_page("taxonomy:theme_detail", process_kwarg="slug", variant=theme_variant)
