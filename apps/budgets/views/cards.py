"""The project cards of the vote page, rendered once per project and language, then kept in the cache.

A card's body (category, title, cost, the description's first lines) is the same for every visitor; what differs per
voter (the buttons: in my ballot or not, may vote, the CSRF token) is rendered around it by the page, every time.
The body's cache key is made of everything the template shows (card_key: the title and description in the active
language, the cost, the status, the category's name, the budget's currency, the process's slug in the links...)
and of the template's source, so a change of any of them is a new key: a card never shows an old title or cost,
however the project was changed, and nothing has to be invalidated (apps/core/fragments.py).
"""

from django.template.loader import render_to_string
from django.utils.translation import get_language

from apps.core.fragments import attach_fragments, fragment_key, templates_digest

CARD_TEMPLATE = "budgets/partials/_project_card_body.html"


def card_key(project, *, process, budget, language):
    """Everything _project_card_body.html shows (keep them in step), hashed."""
    parts = (
        templates_digest((CARD_TEMPLATE,)),
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
    return fragment_key("budgets:card", project.pk, parts)


def attach_card_bodies(projects, *, process, budget):
    """Set `project.card_body` (HTML) on each project (apps/core/fragments.py). The projects come with their
    category (and its parent) loaded."""
    language = get_language()
    return attach_fragments(
        projects,
        attribute="card_body",
        key_of=lambda project: card_key(project, process=process, budget=budget, language=language),
        render=lambda project: render_to_string(
            CARD_TEMPLATE, {"project": project, "process": process, "budget": budget}
        ),
    )
