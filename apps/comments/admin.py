"""Read-only listing for site administrators: comments change only through the services (and moderation)."""

from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.spaces.admin import ProcessSettingsInlineMixin, register_process_inline

from .models import Comment, CommentSettings, CommentVote


@register_process_inline
class CommentSettingsInline(ProcessSettingsInlineMixin, admin.StackedInline):
    model = CommentSettings
    fields = ["comment_max_length"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("pk", "author", "process", "content_type", "object_id", "depth", "opinion", "created_at")
    list_filter = ("opinion", "content_type")
    search_fields = ("body", "author__nickname")
    list_select_related = ("author", "process", "content_type")


@admin.register(CommentVote)
class CommentVoteAdmin(ReadOnlyAdmin):
    list_display = ("comment", "user", "value", "created_at")
    list_select_related = ("user",)
