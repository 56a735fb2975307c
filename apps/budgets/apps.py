from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "apps.budgets"
    label = "budgets"
    verbose_name = _("Budgets and vote")

    def ready(self):
        from apps.core.content import Capability, register_content
        from apps.core.personal_data import register_exporter

        from .census import census_export
        from .models import Project
        from .pipeline import PIPELINE
        from .selectors import project_search, project_search_highlight, project_visible_to

        # A project is participatory content (apps/core/content.py): its page has comments, it can be followed,
        # reported and found by the search.
        register_content(
            Project,
            process=lambda project: project.budget.process,
            url=lambda project: project.get_absolute_url(),
            title=lambda project: project.title,
            visible_to=project_visible_to,
            search=project_search,
            search_highlight=project_search_highlight,
            view_perm="budgets.view_project",
            comment_perm="budgets.comment_project",
            follow_perm="budgets.follow_project",
            capabilities={
                Capability.COMMENTABLE,
                Capability.FOLLOWABLE,
                Capability.REPORTABLE,
                Capability.SEARCHABLE,
            },
            pipeline=PIPELINE,
            select_related=("budget__process",),
            process_path="budget__process",
        )

        # The census entry stays linked to a deleted (anonymised) account, so that the resident cannot be
        # verified again with a new account and vote twice; it is the city's record, not the person's.
        register_exporter("census", census_export)

        from .pagecache import register_pages

        register_pages()  # the vote's and results' public pages, for anonymous visitors (apps/core/pagecache.py)
