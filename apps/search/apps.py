from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site-wide search page. Works on any content registered as SEARCHABLE with the participatory-content
    contract (apps/core/content.py), each type searched by its own `search` (what the visitor may see only); it
    imports no content app."""

    name = "apps.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from apps.core.pagecache import register_page

        # Anonymous visitors' searches come from the page cache (apps/core/pagecache.py), per query and language:
        # new or edited content shows within PAGE_CACHE_SECONDS, hidden content at once (moderation bumps the site).
        register_page("search:search")
