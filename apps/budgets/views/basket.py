"""The basket's buttons: add, remove, points, rank. Each is one service call.

Without JavaScript: a plain POST, a message, and back to the page (`next`). With htmx: the response is the part
of the page the button asked for (`HX-Target`: a project's buttons or the basket panel), plus the meter and the
basket panel swapped out of band, so the meter moves at once; a refusal is shown next to the project.

The answer reuses what the service read under its locks (the basket, the project it touched) and renders the
partials alone: none of the site-wide context processors run for them (the partials need the request, the user and
the CSRF token only).
"""

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.http import is_htmx, safe_next
from apps.core.permissions import ensure_allowed, needs_sign_in

from .. import selectors, services
from ..forms import Direction, PointsForm, ProjectForm, RankForm
from ..models import Project
from .common import visible_budget, vote_context

PANEL_TARGET = "basket-panel"
ACTIONS_TARGET = re.compile(r"^project-actions-(\d{1,10})$")
UPDATE_TEMPLATE = "budgets/partials/_basket_update.html"


def _first_error(form):
    for errors in form.errors.values():
        return errors[0]
    return _("Choose a project from the list.")


def _refusal_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You are not allowed to do this.")


def _project(request, budget, project_id, known=None):
    if project_id is None:
        return None
    project = (known or {}).get(project_id)
    if project is not None and project.status in Project.PUBLIC_STATUSES and budget.process.is_published:
        return project  # read by the service in this request: a project of this budget anybody may see
    project = (
        selectors.project_visible_to(request.user, budget.process)
        .filter(budget=budget, pk=project_id)
        .select_related("category__parent")
        .first()
    )
    if project is not None:
        project.budget = budget
    return project


def _shown_ids(request):
    """The projects whose buttons are on the page that sent the request (htmx includes them)."""
    ids = set()
    for raw in request.POST.getlist("shown")[:500]:
        if raw.isdigit() and len(raw) <= 10:
            ids.add(int(raw))
    return ids


def _answer(request, process, budget, *, project_id, error="", notice="", ballot=None):
    """`ballot`: what the service returned (its current basket and the project it touched), after a write."""
    if not is_htmx(request):
        if error:
            if needs_sign_in("budgets.vote_budget", request.user, budget):
                messages.info(request, error)
                return redirect_to_login(safe_next(request, budget.get_absolute_url()), login_url="account_login")
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        return redirect(safe_next(request, budget.get_absolute_url()))

    basket, known = None, {}
    if ballot is not None:
        budget = ballot.budget  # the process and its phases as the service read them under its lock
        process = budget.process
        basket = selectors.basket_after_write(budget=budget, ballot=ballot)
        known = {item.project_id: item.project for item in basket.items}
        if ballot.touched_project is not None:
            known[ballot.touched_project.pk] = ballot.touched_project
    # After a write, the service asked the vote rule under its locks a moment ago.
    context = vote_context(request, process, budget, basket=basket, just_allowed=ballot is not None)
    target = request.headers.get("HX-Target", "")
    match = ACTIONS_TARGET.match(target)
    card_ids = _shown_ids(request) & ({project_id} if project_id else set())
    if match:
        target_id = int(match.group(1))
        context["main"] = "actions"
        context["main_project"] = _project(request, budget, target_id, known)
        context["main_project_id"] = target_id
        card_ids.discard(target_id)
        if error:
            project_id = target_id  # the refusal shows next to the project whose button was pressed
    else:
        context["main"] = "panel"
    context.update(
        {
            "panel_mode": "review" if request.POST.get("panel") == "review" else "side",
            "vote_error": error,
            "vote_error_project": project_id,
            "vote_notice": notice,
            "oob_projects": [p for p in (_project(request, budget, pk, known) for pk in sorted(card_ids)) if p],
            # What the partials take from the context processors.
            "request": request,
            "user": request.user,
            "csrf_token": get_token(request),
        }
    )
    return HttpResponse(render_to_string(UPDATE_TEMPLATE, context))


def _run(request, slug, budget_id, form_class, action):
    """Shape the input, call the service, answer. `action(budget, data)` returns (notice, ballot)."""
    process, budget = visible_budget(request, slug, budget_id, phases=False)
    form = form_class(request.POST)
    if not form.is_valid():
        project_id = form.cleaned_data.get("project") if hasattr(form, "cleaned_data") else None
        return _answer(request, process, budget, project_id=project_id, error=_first_error(form))
    project_id = form.cleaned_data["project"]
    try:
        notice, ballot = action(budget, form.cleaned_data)
    except (PermissionDenied, ValidationError) as refusal:
        return _answer(request, process, budget, project_id=project_id, error=_refusal_text(refusal))
    return _answer(request, process, budget, project_id=project_id, notice=notice, ballot=ballot)


@require_POST
def basket_add(request, slug, budget_id):
    def add(budget, data):
        ballot = services.basket_add(voter=request.user, budget=budget, project_id=data["project"])
        return _("The project is in your basket."), ballot

    return _run(request, slug, budget_id, ProjectForm, add)


@require_POST
def basket_remove(request, slug, budget_id):
    def remove(budget, data):
        ballot = services.basket_remove(voter=request.user, budget=budget, project_id=data["project"])
        return _("The project has left your basket."), ballot

    return _run(request, slug, budget_id, ProjectForm, remove)


@require_POST
def basket_points(request, slug, budget_id):
    def set_points(budget, data):
        ballot = services.basket_set_points(
            voter=request.user, budget=budget, project_id=data["project"], points=data["points"]
        )
        return _("The points are saved."), ballot

    return _run(request, slug, budget_id, PointsForm, set_points)


@require_POST
def basket_rank(request, slug, budget_id):
    def move(budget, data):
        ensure_allowed("budgets.vote_budget", user=request.user, obj=budget)
        offset = -1 if data["direction"] == Direction.UP else 1
        ballot = services.basket_move(voter=request.user, budget=budget, project_id=data["project"], offset=offset)
        return _("The order is saved."), ballot

    return _run(request, slug, budget_id, RankForm, move)
