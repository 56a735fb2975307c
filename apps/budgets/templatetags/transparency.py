"""The "Recount it yourself" section of a budget's results page:

    {% load transparency %}{% recount_section budget %}

It shows the published files (Pabulib and CSV) with their SHA-256, the exact commands that recount them with
pabutools and with this project's own commands, and what they print for the published winners."""

from django import template

from .. import recount

register = template.Library()


@register.inclusion_tag("budgets/transparency/_recount.html", takes_context=True)
def recount_section(context, budget, publication=None):
    return {
        "request": context.get("request"),
        "process": budget.process,
        "budget": budget,
        "recount": recount.recount_commands(budget, publication),
    }
