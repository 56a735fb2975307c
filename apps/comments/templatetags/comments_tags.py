from django import template

from apps.comments.mentions import render_body

register = template.Library()


@register.filter
def comment_body(comment):
    """The comment's text, escaped, with line breaks and links to the @mentioned profiles.

    Uses the prefetched `mentions` (selectors prefetch them for a whole page in one query).
    """
    return render_body(comment.body, comment.mentions.all())
