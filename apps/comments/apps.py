from django.apps import AppConfig
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _comment_title(comment):
    return Truncator(comment.body).chars(60) if comment.body else gettext("Deleted comment")


class CommentsConfig(AppConfig):
    name = "apps.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from apps.accounts.selectors import register_activity_source
        from apps.core.content import Capability, register_content
        from apps.core.personal_data import register_exporter

        from . import selectors, services
        from .models import Comment

        # Comments are content too (moderation will report them); they are visible where their target is.
        register_content(
            Comment,
            process=lambda comment: comment.process,
            url=lambda comment: comment.get_absolute_url(),
            title=_comment_title,
            author=lambda comment: comment.author_id,
            visible_to=selectors.comment_visible_to,
            view_perm="comments.view_comment",
            capabilities={Capability.REPORTABLE, Capability.EXPORTABLE},
            select_related=("process", "author"),
            set_hidden=services.comment_set_hidden,
            by_author=lambda user_id: Comment.objects.filter(author_id=user_id, deleted_at__isnull=True),
        )
        register_exporter("comments", selectors.export_comments)
        register_exporter("comment_votes", selectors.export_comment_votes)
        register_activity_source(selectors.activity_comments)
