"""The project cards of the vote page, rendered once per project and language, then kept in the cache.

A card's body (category, title, cost, the description's first lines) is the same for every visitor; what differs per
voter (the buttons: in my ballot or not, may vote, the CSRF token) is rendered around it by the page, every time.
The body's cache key is made of everything the template shows (card_key: the title and description in the active
language, the cost, the status, the category's name, the budget's currency, the process's slug in the links...)
and of the template's source, so a change of any of them is a new key: a card never shows an old title or cost,
however the project was changed, and nothing has to be invalidated. Unused keys expire after CARD_SECONDS.
"""

import functools
import hashlib

from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

CARD_TEMPLATE = "budgets/partials/_project_card_body.html"
CARD_SECONDS = 6 * 3600


@functools.cache
def _template_digest():
    """The card template's source, hashed once per process: a release that changes it renders new cards."""
    source = get_template(CARD_TEMPLATE).template.source
    return hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()[:12]


def card_key(project, *, process, budget, language):
    """Everything _project_card_body.html shows (keep them in step), hashed."""
    parts = (
        _template_digest(),
        language,
        process.slug,
        budget.pk,
        budget.has_amounts,
        budget.currency,
        project.pk,
        project.status,
        project.cost,
        str(project.category) if project.category_id else "",
        project.title,
        project.description,
    )
    digest = hashlib.md5("\x1f".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()
    return f"budgets:card:{project.pk}:{digest}"


def attach_card_bodies(projects, *, process, budget):
    """Set `project.card_body` (HTML) on each project: from the cache in one round trip, the missing ones
    rendered and stored. The projects come with their category (and its parent) loaded."""
    language = get_language()
    keys = {project.pk: card_key(project, process=process, budget=budget, language=language) for project in projects}
    found = cache.get_many(list(keys.values())) if keys else {}
    rendered = {}
    for project in projects:
        key = keys[project.pk]
        body = found.get(key)
        if body is None:
            # No request: nothing of the visitor can slip into what every visitor will be shown.
            body = render_to_string(CARD_TEMPLATE, {"project": project, "process": process, "budget": budget})
            rendered[key] = str(body)
        # Our own template's output, escaped when it was rendered (the cache holds it as a plain string).
        project.card_body = mark_safe(body)  # noqa: S308
    if rendered:
        cache.set_many(rendered, CARD_SECONDS)
    return projects
