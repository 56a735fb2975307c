from django import template

from apps.comments import selectors
from apps.comments.mentions import render_body

register = template.Library()


@register.filter
def comment_body(comment):
    """The comment's text, escaped, with line breaks and links to the @mentioned profiles.

    Uses the prefetched `mentions` (selectors prefetch them for a whole page in one query); a text without "@"
    mentions no one.
    """
    return render_body(comment.body, comment.mentions.all() if "@" in (comment.body or "") else ())


@register.simple_tag(takes_context=True)
def comment_thread(context, target):
    """The first page of `target`'s thread for templates/comments/partials/_section.html (a content page includes
    it without its app knowing this one): `{% comment_thread proposal as comments %}`.
    The page comes from `?comments_page=`."""
    request = context["request"]
    return selectors.thread_context(
        target=target, user=request.user, request=request, page=request.GET.get("comments_page", 1)
    )
