from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "apps.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from apps.accounts.export import register_exporter
        from apps.accounts.selectors import register_activity_source

        from . import selectors

        register_exporter("comments", selectors.export_comments)
        register_exporter("comment_votes", selectors.export_comment_votes)
        register_activity_source(selectors.activity_comments)
