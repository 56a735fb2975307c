"""The body of each proposal card of a list, rendered once per proposal and language, then kept in the cache.

A card's body (badges, category, theme, title, the text's first lines, author, date, reference, counts) is the same
for every visitor; what differs per visitor (the support box: supported or not, may support, the CSRF token) is
rendered beside it every time. Anonymous lists come whole from the page cache; this is for the signed-in ones, which
are rendered for each request. As for the vote page's project cards, the key is made of everything the body shows
(card_key) and of the templates' sources (apps/core/fragments.py): a card never shows an old title or count, however
the proposal changed, and nothing has to be invalidated.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from apps.core.fragments import attach_fragments, fragment_key, templates_digest

BODY_TEMPLATE = "proposals/partials/_proposal_card_body.html"
# The body and the partials it includes.
TEMPLATES = (
    BODY_TEMPLATE,
    "proposals/partials/_status_badge.html",
    "proposals/partials/_classification.html",
    "proposals/partials/_author.html",
)


def _category_parts(category):
    if category is None:
        return ("",)
    parent_color = category.parent.color if category.parent_id else ""
    return (category.pk, str(category), category.color, category.icon, parent_color)


def card_key(proposal, *, heading_level, language):
    """Everything _proposal_card_body.html and its partials show (keep them in step), hashed."""
    author = proposal.author
    parts = (
        templates_digest(TEMPLATES),
        language,
        timezone.get_current_timezone_name(),  # the date is shown in it
        heading_level,
        proposal.get_absolute_url(),
        proposal.status,
        proposal.is_official,
        proposal.origin,
        author.is_deleted,
        author.nickname,
        author.public_name,
        *_category_parts(proposal.category),
        proposal.theme.title if proposal.theme_id else "",
        proposal.title,
        proposal.body,
        proposal.published_at.isoformat() if proposal.published_at else "",
        proposal.reference or "",
        proposal.support_count,
        proposal.comment_count,
    )
    return fragment_key("proposals:card", proposal.pk, parts)


def attach_card_bodies(proposals, *, heading_level=2):
    """Set `proposal.card_body` (HTML) on each proposal of a page. The proposals come with their author, category
    (and its parent), theme and process loaded, as the lists' querysets load them."""
    language = get_language()
    return attach_fragments(
        proposals,
        attribute="card_body",
        key_of=lambda proposal: card_key(proposal, heading_level=heading_level, language=language),
        render=lambda proposal: render_to_string(BODY_TEMPLATE, {"proposal": proposal, "heading_level": heading_level}),
    )
