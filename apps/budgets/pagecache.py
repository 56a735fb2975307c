"""Which vote and results pages anonymous visitors may get from the page cache (apps/core/pagecache.py)."""

from apps.core.pagecache import register_page

from .vote_selectors import ProjectSort


def projects_variant(request):
    """The projects' random order follows the session: visitors without one share an order (and the cache)."""
    sort = request.GET.get("order")
    if sort in ProjectSort.values and sort != ProjectSort.RANDOM:
        return ""
    session_key = request.session.session_key
    return f"session:{session_key}" if session_key else ""


def register_pages():
    register_page("budgets:budget_list", process_kwarg="slug")
    register_page("budgets:budget_detail", process_kwarg="slug", variant=projects_variant)
    register_page("budgets:project_detail", process_kwarg="slug")
    register_page("budgets:results", process_kwarg="slug")
