"""The project cards of the vote page, rendered once per project and language, then kept in the cache.

A card (its frame, image, category, title, cost, the description's first lines) is the same for every visitor; what
differs per voter (the buttons: in my ballot or not, may vote, the CSRF token) is rendered into its slot by the page,
every time. The card's cache key is made of everything the template shows (card_key: the title and description in
the active language, the cost, the status, the image, the category's name, the budget's currency, the process's
slug in the links...) and of the template's source, so a change of any of them is a new key: a card never shows an
old title or cost, however the project was changed, and nothing has to be invalidated (apps/core/fragments.py).
"""

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from apps.core.fragments import attach_fragments, fragment_key, templates_digest
from apps.core.i18n import localized_fieldnames

CARD_TEMPLATE = "budgets/partials/_project_card.html"
# Where the voter's buttons go, and the image's address (storage that signs its addresses makes them expire: it is
# asked on each visit). Escaped user text cannot hold either ("<" is "&lt;" there).
ACTIONS_SLOT = mark_safe("<!--pb:project-actions-->")
IMAGE_URL_SLOT = mark_safe("<!--pb:image-url-->")
# The translated texts are keyed by their columns in every language (the language shown and its fallbacks are among
# them), read as plain attributes: the translated accessors cost more than the rest of the key together.
PROJECT_TEXTS = tuple(localized_fieldnames("title", "description"))
CATEGORY_NAMES = tuple(localized_fieldnames("name"))


def _columns(obj, names):
    return tuple(getattr(obj, name) for name in names)


def _category_names(project):
    """What `{{ project.category }}` shows ("parent › name" or "name"), as columns."""
    if not project.category_id:
        return ()
    category = project.category
    parent = _columns(category.parent, CATEGORY_NAMES) if category.parent_id else ()
    return (*parent, *_columns(category, CATEGORY_NAMES))


def card_key(project, *, process, budget, language):
    """Everything _project_card.html shows (keep them in step), hashed."""
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
        project.image.name or "",
        _category_names(project),
        _columns(project, PROJECT_TEXTS),
    )
    return fragment_key("budgets:card", project.pk, parts)


def attach_cards(projects, *, process, budget):
    """Set `project.card_head` and `project.card_tail` (HTML: the card before and after the voter's buttons) on each
    project (apps/core/fragments.py). The projects come with their category (and its parent) loaded."""
    language = get_language()
    attach_fragments(
        projects,
        attribute="card_html",
        key_of=lambda project: card_key(project, process=process, budget=budget, language=language),
        render=lambda project: render_to_string(
            CARD_TEMPLATE,
            {"project": project, "process": process, "budget": budget, "actions": ACTIONS_SLOT,
             "image_url": IMAGE_URL_SLOT},  # fmt: skip
        ),
    )
    for project in projects:
        head, slot, tail = project.card_html.partition(ACTIONS_SLOT)
        if not slot:
            raise ValueError(f"{CARD_TEMPLATE} has no place for the buttons")
        if project.image:  # in the key: the card has the slot then
            head = head.replace(IMAGE_URL_SLOT, conditional_escape(project.image.url))
        # Parts of our own template's output, escaped when it was rendered.
        project.card_head, project.card_tail = mark_safe(head), mark_safe(tail)  # noqa: S308
    return projects
