from django.shortcuts import render
from django.utils.translation import get_language

from apps.core.search import QUERY_MAX_LENGTH, clean_query

from . import selectors


def search(request):
    """The site-wide search page: ?q= the words, ?type= one kind of content (paginated with ?page=)."""
    query = clean_query(request.GET.get("q"))
    only = request.GET.get("type") or None
    types = selectors.searchable_types()
    if only not in types:
        only = None
    sections = selectors.site_search(
        user=request.user, query=query, language=get_language(), only=only, page=request.GET.get("page")
    )
    context = {
        "query": query,
        "query_max_length": QUERY_MAX_LENGTH,
        "only": only,
        "only_label": types[only].search_label if only else None,
        "sections": sections,
        "total": sum(section.count for section in sections),
        "total_capped": any(section.capped for section in sections),
    }
    return render(request, "search/search.html", context)
