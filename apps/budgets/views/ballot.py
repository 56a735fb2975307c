"""Review, confirm, receipt: the end of the voter's path."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from .common import visible_budget, vote_context


def _review(request, process, budget, *, errors=(), status=200):
    context = vote_context(request, process, budget)
    context.update(
        {
            "panel_mode": "review",
            "confirm_errors": list(errors),
        }
    )
    return render(request, "budgets/ballot_review.html", context, status=status)


@login_required
def ballot_review(request, slug, budget_id):
    process, budget = visible_budget(request, slug, budget_id)
    return _review(request, process, budget)


@login_required
@require_POST
def ballot_confirm(request, slug, budget_id):
    process, budget = visible_budget(request, slug, budget_id, phases=False)
    try:
        ballot = services.ballot_confirm(voter=request.user, budget=budget)
    except ValidationError as invalid:
        return _review(request, process, budget, errors=invalid.messages, status=422)
    except PermissionDenied as refusal:
        return _review(
            request, process, budget, errors=[str(refusal) or _("You are not allowed to do this.")], status=403
        )
    if ballot.was_confirmed:  # as the service found it, under the ballot's lock
        messages.success(request, _("Your change is confirmed: your ballot now counts as shown below."))
    else:
        messages.success(request, _("Thank you, your ballot is confirmed."))
    return redirect("budgets:ballot_receipt", slug=process.slug, budget_id=budget.pk)


@login_required
def ballot_receipt(request, slug, budget_id):
    process, budget = visible_budget(request, slug, budget_id)
    basket = selectors.basket_for(voter=request.user, budget=budget)
    if not basket.is_confirmed:
        messages.info(request, _("You have not confirmed a ballot in this budget yet."))
        return redirect(budget.get_absolute_url())
    context = vote_context(request, process, budget, basket=basket)
    context["confirmed_items"] = basket.confirmed_items
    return render(request, "budgets/ballot_receipt.html", context)
