"""Small helpers of the vote's templates: amounts in the budget's currency, and whether a process votes now."""

from django import template

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
