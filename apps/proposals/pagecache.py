"""Which proposal pages anonymous visitors may get from the page cache (apps/core/pagecache.py), and how the
visitor's random order enters the key."""

from apps.core.pagecache import register_page

from . import selectors
from .views.listing import MAP_VIEW, ORDER_COOKIE, ORDER_COOKIE_SALT


def _random_order(request):
    return request.GET.get("order") not in selectors.Sort.values or request.GET.get("order") == selectors.Sort.RANDOM


def _order_key(request):
    return request.get_signed_cookie(ORDER_COOKIE, default=None, salt=ORDER_COOKIE_SALT, max_age=2 * 24 * 3600)


def list_variant(request):
    """The list in random order is the visitor's own (their signed order cookie): cached per cookie, and not at
    all for a visitor without one (the view gives them a new key in a cookie). Other orders and the map are
    the same for everybody."""
    if request.GET.get("view") == MAP_VIEW or not _random_order(request):
        return ""
    if request.GET.get("q", "").strip():
        return ""  # a searched list is ranked by relevance unless another order is chosen: the same for all
    key = _order_key(request)
    return f"order:{key}" if key else None


def theme_variant(request):
    """A theme page lists its proposals in the visitor's random order when they have a key (without one, the
    same order for all: the page sets no cookie)."""
    if not _random_order(request):
        return ""
    return f"order:{_order_key(request) or ''}"


def register_pages():
    register_page("proposals:list", process_kwarg="slug", variant=list_variant)
    register_page("proposals:detail", process_kwarg="slug")
    # The theme page's list is the proposals' list filtered by the theme (proposals' template tag).
    register_page("taxonomy:theme_detail", process_kwarg="slug", variant=theme_variant)
