from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "apps.results"
    label = "results"
    verbose_name = _("Results tracking")

    def ready(self):
        from apps.core.content import Capability, register_content

        from .models import Result
        from .selectors import result_search, result_search_highlight, result_visible_to

        # A result is participatory content (apps/core/content.py): its page has comments, residents follow it
        # (and are told of each new timeline entry), and it can be reported. Results are the organisers'
        # content: no author, nothing to hide (as budget projects).
        register_content(
            Result,
            process=lambda result: result.process,
            url=lambda result: result.get_absolute_url(),
            title=lambda result: result.title,
            visible_to=result_visible_to,
            search=result_search,
            search_highlight=result_search_highlight,
            view_perm="results.view_result",
            comment_perm="results.comment_result",
            follow_perm="results.follow_result",
            capabilities={
                Capability.COMMENTABLE,
                Capability.FOLLOWABLE,
                Capability.REPORTABLE,
                Capability.EXPORTABLE,
                Capability.SEARCHABLE,
            },
            select_related=("process",),
        )

        from apps.core.pagecache import register_page

        # Public pages anonymous visitors get from the page cache (apps/core/pagecache.py).
        register_page("results:list", process_kwarg="slug")
        register_page("results:detail", process_kwarg="slug")
