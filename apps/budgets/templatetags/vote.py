"""Small helpers of the vote's templates: amounts in the budget's currency, and whether a process votes now."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from apps.spaces.phases import Feature

from .. import ballot_rules, results_selectors, selectors

register = template.Library()


@register.filter
def money(value, budget):
    """'12 500 €' in the active language (no decimals when there are none)."""
    if value is None:
        return ""
    return ballot_rules.amount(value, budget)


@register.simple_tag
def vote_entry(process):
    """The budgets of a process whose vote is open now (empty otherwise): the process page shows a Vote button."""
    if not process.feature_enabled(Feature.VOTE):
        return []
    return list(selectors.budgets_of(process=process)[:2])


@register.simple_tag
def results_entry(process):
    """The budgets of a process whose results are published, when its phase shows results (empty otherwise, with no
    query): the process page links to their results."""
    if not process.feature_enabled(Feature.SHOW_RESULTS):
        return []
    return results_selectors.budgets_with_results(process)


@register.filter
def points_for(points_by_project, project_id):
    """The points the voter gave to a project (cumulative ballots)."""
    return (points_by_project or {}).get(project_id, 1)


# The vote page's cards (32 a page) each show _project_actions.html: the same box for every project in the same
# state (in the ballot or not, its points, whether it is on the ballot), but for the project's id and title. It is
# rendered once per state and page with stand-ins for those two, which are then replaced by the project's own
# (the title escaped as the template escapes it): the same HTML as one render per card, for a tenth of the work.
# What the box shows of a project must be one of the stand-in's attributes (tests/budgets/test_project_actions.py
# compares both ways on every kind of ballot).
ACTIONS_TEMPLATE = "budgets/partials/_project_actions.html"
STAND_IN_PK = 918_273_645_019_283  # never an id, and not a substring of any output
STAND_IN_TITLE = "\x1fstand-in title\x1f"
STAMPS = True  # tests render every box on its own to compare


class _StandIn:
    __slots__ = ("is_selected", "pk", "title")

    def __init__(self, is_selected):
        self.pk = STAND_IN_PK
        self.title = STAND_IN_TITLE
        self.is_selected = is_selected


@register.simple_tag(takes_context=True)
def project_actions(context, project):
    """The vote buttons of one card of the list (the context is the vote page's)."""
    template = context.template.engine.get_template(ACTIONS_TEMPLATE)
    in_basket = project.pk in context.get("in_basket", ())
    points = (context.get("points_by_project") or {}).get(project.pk)
    refused_here = bool(context.get("vote_error")) and context.get("vote_error_project") == project.pk
    # The page's address or the process's slug could hold the stand-in's digits (typed on purpose): no stamp then.
    echoed = f"{context.get('here', '')} {context.get('vote_urls', '')}"
    if not STAMPS or refused_here or str(STAND_IN_PK) in echoed:
        with context.push(project=project):
            return template.render(context)
    key = (in_basket, points, bool(project.is_selected))
    stamps = context.render_context.get(project_actions)
    if stamps is None:
        stamps = context.render_context[project_actions] = {}
    stamp = stamps.get(key)
    if stamp is None:
        stand_in = _StandIn(key[2])
        values = {
            "project": stand_in,
            "in_basket": {STAND_IN_PK} if in_basket else set(),
            "points_by_project": {STAND_IN_PK: points} if points is not None else {},
        }
        with context.push(**values):
            stamp = stamps[key] = str(template.render(context))
    html = stamp.replace(str(STAND_IN_PK), str(project.pk)).replace(STAND_IN_TITLE, conditional_escape(project.title))
    return mark_safe(html)  # noqa: S308 - our template's output, the title escaped as the template does


@register.simple_tag(takes_context=True)
def project_card(context, project):
    """A card of the list: the card every visitor sees (cached, in two parts: views/cards.py) around this voter's
    buttons (project_actions), in one tag."""
    # Our own templates' output, escaped when they were rendered.
    return mark_safe(project.card_head + project_actions(context, project) + project.card_tail)  # noqa: S308
