"""After the vote, for everybody: the participation figures, the receipt check and the published files to recount.

Each page works without JavaScript; the bars are CSS classes (no style attribute under the CSP)."""

from django.shortcuts import render

from apps.core.permissions import refusal_reason

from ..participation_selectors import participation_stats
from .common import visible_budget, visible_process


def participation(request, slug, budget_id=None):
    """The participation in a process (or one of its budgets), once the vote is closed; before, when it will be."""
    if budget_id is None:
        process, budget = visible_process(request, slug), None
    else:
        process, budget = visible_budget(request, slug, budget_id)
    refusal = refusal_reason("budgets.view_participation", request.user, process)
    context = {"process": process, "budget": budget, "refusal": refusal, "stats": None}
    if refusal is None:
        context["stats"] = participation_stats(budget=budget) if budget else participation_stats(process=process)
    return render(request, "budgets/transparency/participation.html", context)
