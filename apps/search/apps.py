from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site-wide search page. Works on any content registered as SEARCHABLE with the participatory-content
    contract (apps/core/content.py), each type searched by its own `search` (what the visitor may see only); it
    imports no content app."""

    name = "apps.search"
    label = "search"
    verbose_name = _("Search")
