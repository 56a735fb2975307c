"""Reads for comment threads: a constant number of queries per page, whatever the size of the thread.

A page costs: the page itself (author joined; one row more than a page, so that a thread that fits on one page
needs no count), the count of top-level comments when there are more, the page's mentions (one prefetch, only when
a comment on the page mentions someone), the viewer's votes on the page (one query, signed in) and the permission
checks on the target (process, phases, terms, eligibility), all independent of the number of comments.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.paginator import Paginator
from django.db.models import F, Q, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core import content
from apps.core.content import Capability
from apps.core.permissions import is_allowed, refusal_reason
from apps.core.prepared import PreparedQuery

from . import targets
from .forms import CommentForm
from .models import Comment, CommentVote, comment_settings_for

PAGE_SIZE = 20
REPLIES_PAGE_SIZE = 20

ORDERS = {
    "oldest": (gettext_lazy("Oldest first"), ("created_at", "pk")),
    "newest": (gettext_lazy("Newest first"), ("-created_at", "-pk")),
    "most_voted": (gettext_lazy("Most voted"), ("-score_value", "created_at", "pk")),
}
DEFAULT_ORDER = "oldest"


def _display_queryset():
    """Comments as the partials show them; decorate() adds their mentions."""
    return Comment.objects.select_related("author").annotate(score_value=F("upvotes") - F("downvotes"))


# The first page of a thread's top-level comments and one more row, per order (PreparedQuery: compiled once).
_FIRST_PAGE = {
    order: PreparedQuery(
        lambda content_type_id, object_id, fields=fields: _display_queryset()
        .filter(content_type_id=content_type_id, object_id=object_id, parent__isnull=True)
        .order_by(*fields)[: PAGE_SIZE + 1]
    )
    for order, (_label, fields) in ORDERS.items()
}


def _with_mentions(comments):
    """Prefetch the mentioned users of the comments that can have any: a mention is an "@nickname" of the body
    (mentions.MENTION_RE, saved with it), so a body without "@" has none and costs no query."""
    mentioning = [comment for comment in comments if "@" in (comment.body or "")]
    for comment in comments:
        if "@" not in (comment.body or ""):
            prefetched = comment.__dict__.setdefault("_prefetched_objects_cache", {})
            prefetched["mentions"] = Comment.mentions.field.related_model.objects.none()
    if mentioning:
        prefetch_related_objects(mentioning, "mentions")


def comment_visible_to(user, process=None):
    """The comments `user` may see: those whose target the user may see (each target's own visible_to), the
    queryset twin of `comments.view_comment`. Deleted and hidden ones stay in (shown as placeholders)."""
    condition = Q(pk__in=[])
    for entry in content.registered(Capability.COMMENTABLE):
        content_type = ContentType.objects.get_for_model(entry.model)
        visible = entry.visible_to(user, process).values("pk")
        condition |= Q(content_type=content_type, object_id__in=visible)
    queryset = Comment.objects.filter(condition)
    return queryset.filter(process=process) if process is not None else queryset


def thread_queryset(*, target):
    content_type = ContentType.objects.get_for_model(target)
    return Comment.objects.filter(content_type=content_type, object_id=target.pk)


def decorate(comments, *, user, can_comment):
    """Attach what the templates show per comment: the viewer's vote and allowed actions, and the mentioned users
    (no query per row)."""
    comments = list(comments)
    _with_mentions(comments)
    votes = {}
    if user.is_authenticated and comments:
        votes = dict(
            CommentVote.objects.filter(user=user, comment_id__in=[c.pk for c in comments]).values_list(
                "comment_id", "value"
            )
        )
    for comment in comments:
        comment.user_vote = votes.get(comment.pk, 0)
        # The author of a hidden comment still reads it, with the moderators' justification.
        comment.viewer_is_author = bool(user.is_authenticated and comment.author_id == user.pk)
        comment.can_edit = is_allowed("comments.change_comment", user, comment)
        comment.can_delete = is_allowed("comments.delete_comment", user, comment)
        comment.can_vote = is_allowed("comments.vote_comment", user, comment)
        comment.can_reply = bool(can_comment and comment.can_have_replies and comment.is_visible)
    return comments


def comment_for_display(*, pk, user, can_comment=False):
    comment = _display_queryset().get(pk=pk)
    return decorate([comment], user=user, can_comment=can_comment)[0]


def dom_key(target):
    return targets.key_for(target).replace(".", "-") + f"-{target.pk}"


def form_settings(*, target, process=None):
    """What every comment and form partial needs: where to post, the length limit, the opinions."""
    process = process or targets.process_for(target)
    return {
        "key": dom_key(target),
        "create_url": targets.create_url(target),
        "max_length": comment_settings_for(process).comment_max_length,
        "opinions": Comment.Opinion.choices,
    }


def total_comment_count(*, target):
    """The stored counter when the target has one (no COUNT), otherwise a count of its comments."""
    if hasattr(target, "comment_count"):
        return target.comment_count
    content_type = ContentType.objects.get_for_model(target)
    return Comment.objects.filter(content_type=content_type, object_id=target.pk).count()


def _top_level_page(target, content_type, page, order):
    """(paginator, page) of the top-level comments. The first page, the one asked for nearly always, is read with
    one row more: a thread that fits on it needs no count."""
    try:
        first_page = int(page) <= 1
    except (TypeError, ValueError):
        first_page = True  # Paginator.get_page's answer to a page number it cannot read
    first = _FIRST_PAGE[order].list(content_type_id=content_type.pk, object_id=target.pk) if first_page else None
    if first is not None and len(first) <= PAGE_SIZE:
        paginator = Paginator(first, PAGE_SIZE)  # the whole thread
        return paginator, paginator.get_page(1)
    top_level = _display_queryset().filter(content_type=content_type, object_id=target.pk, parent__isnull=True)
    paginator = Paginator(top_level.order_by(*ORDERS[order][1]), PAGE_SIZE)
    page_obj = paginator.get_page(page)
    if first is not None and page_obj.number == 1:
        page_obj.object_list = first[:PAGE_SIZE]
    return paginator, page_obj


def thread_context(*, target, user, page=1, request=None, order=DEFAULT_ORDER):
    """Everything templates/comments/partials/_section.html needs, for one page of top-level comments."""
    if request is not None:
        user = getattr(request, "user", user)
    if order not in ORDERS:
        order = DEFAULT_ORDER
    content_type = ContentType.objects.get_for_model(target)
    process = targets.process_for(target)
    paginator, page_obj = _top_level_page(target, content_type, page, order)
    reason = refusal_reason("comments.add_comment", user, target)
    can_comment = reason is None
    comment_list = decorate(page_obj.object_list, user=user, can_comment=can_comment)
    total = total_comment_count(target=target)
    return {
        **form_settings(target=target, process=process),
        "target": target,
        "target_title": targets.title_for(target),
        "target_url": targets.target_url(target),
        "content_type_id": content_type.pk,
        "object_id": target.pk,
        "process": process,
        "comment_list": comment_list,
        "page_obj": page_obj,
        "paginator": paginator,
        "order": order,
        "orders": [(value, label) for value, (label, _fields) in ORDERS.items()],
        "can_comment": can_comment,
        "refusal_reason": reason,
        "form": CommentForm(process=process, target=target) if can_comment else None,
        "total_count": total,
        "top_level_count": paginator.count,
        "thread_url": targets.thread_url(target),
    }


def replies_context(*, parent, target, user, page=1):
    """One page of the direct replies to `parent` (oldest first), for the replies partial."""
    reason = refusal_reason("comments.add_comment", user, target)
    process = targets.process_for(target)
    replies = _display_queryset().filter(parent=parent).order_by("created_at", "pk")
    paginator = Paginator(replies, REPLIES_PAGE_SIZE)
    page_obj = paginator.get_page(page)
    return {
        **form_settings(target=target, process=process),
        "parent": parent,
        "target": target,
        "target_title": targets.title_for(target),
        "target_url": targets.target_url(target),
        "replies": decorate(page_obj.object_list, user=user, can_comment=reason is None),
        "page_obj": page_obj,
        "can_comment": reason is None,
        "process": process,
    }


def _targets_prefetch():
    return GenericPrefetch("target", [entry.queryset() for entry in content.registered(Capability.COMMENTABLE)])


def user_comments(*, user):
    return (
        Comment.objects.filter(author=user)
        .select_related("parent")
        .prefetch_related(_targets_prefetch())
        .order_by("-created_at", "-pk")
    )


def export_comments(user):
    """Data export section "comments": every comment the user wrote (deleted ones without text)."""
    return [
        {
            "id": comment.pk,
            "created_at": comment.created_at.isoformat(),
            "target": targets.key_for(comment.content_type.model_class()) if comment.content_type_id else None,
            "target_id": comment.object_id,
            "parent_id": comment.parent_id,
            "opinion": comment.opinion,
            "body": comment.body,
            "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            "deleted_at": comment.deleted_at.isoformat() if comment.deleted_at else None,
            "upvotes": comment.upvotes,
            "downvotes": comment.downvotes,
        }
        for comment in Comment.objects.filter(author=user).select_related("content_type").order_by("created_at")
    ]


def export_comment_votes(user):
    """Data export section "comment_votes": the person's up- and down-votes on comments."""
    return [
        {"comment_id": vote.comment_id, "value": vote.value, "created_at": vote.created_at.isoformat()}
        for vote in CommentVote.objects.filter(user=user).order_by("created_at", "pk")
    ]


def activity_comments(user, *, limit=20):
    """Public profile activity: recent visible comments on published processes, linked to the comment."""
    comments = user_comments(user=user).filter(
        deleted_at__isnull=True, hidden_at__isnull=True, process__is_published=True
    )[:limit]
    items = []
    public = AnonymousUser()
    for comment in comments:
        target = comment.target
        if target is None or not content.is_visible(public, target):
            continue
        items.append(
            {
                "date": comment.created_at,
                "label": _("Commented on"),
                "title": targets.title_for(target),
                "url": f"{targets.target_url(target)}#comment-{comment.pk}",
            }
        )
    return items
