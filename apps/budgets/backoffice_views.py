"""The organisers' budget screens in the back-office: budgets, projects (made directly or from the review's
accepted proposals), selecting and unselecting, moving to another budget, and the live turnout.

Each URL is built with its named rule in backoffice_urls.py; the views only check the form, call one service and
answer. They work without JavaScript. Vote counts are never shown here: the turnout counts ballots, not scores."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.http import FAILED, render_form_page, run_service
from apps.core.permissions import is_allowed
from apps.spaces.models import Process

from . import project_services as services
from . import staff_selectors as selectors
from .backoffice_forms import BudgetForm, MoveForm, ProjectForm, ProjectsFromProposalsForm, StatusForm
from .models import Ballot, Budget, Project


def process_from_url(request, slug, **kwargs):
    return get_object_or_404(Process, slug=slug)


def budget_from_url(request, budget_id, **kwargs):
    return get_object_or_404(Budget.objects.select_related("process"), pk=budget_id)


def project_budget_from_url(request, pk, **kwargs):
    return _project(pk).budget


def _project(pk):
    return get_object_or_404(Project.objects.select_related("budget__process"), pk=pk)




# --- Budgets -----------------------------------------------------------------------------------------------


def budget_list(request, slug):
    process = process_from_url(request, slug)
    context = {
        "process": process,
        "budgets": selectors.budget_rows(process=process),
        "vote_open": services.vote_is_open(process),
        "can_see_turnout": is_allowed("budgets.view_turnout", request.user, process),
    }
    return render(request, "budgets/backoffice/budget_list.html", context)


def budget_create(request, slug):
    process = process_from_url(request, slug)
    form = BudgetForm(request.POST or None, instance=Budget(process=process))
    if request.method == "POST" and form.is_valid():
        budget = run_service(
            form, services.budget_create, actor=request.user, process=process, data=form.service_data()
        )
        if budget is not FAILED:
            messages.success(request, _("The budget has been created."))
            return redirect("budgets_backoffice:projects", budget_id=budget.pk)
    return render_form_page(request, "budgets/backoffice/budget_form.html", {"process": process, "form": form}, form)


def budget_edit(request, budget_id):
    budget = budget_from_url(request, budget_id)
    locked = Ballot.objects.filter(budget=budget).exists()
    form = BudgetForm(request.POST or None, instance=budget, rules_locked=locked)
    if request.method == "POST" and form.is_valid():
        if (
            run_service(form, services.budget_update, actor=request.user, budget=budget, data=form.service_data())
            is not FAILED
        ):
            messages.success(request, _("The budget has been saved."))
            return redirect("budgets_backoffice:budgets", slug=budget.process.slug)
    context = {"process": budget.process, "budget": budget, "form": form}
    return render_form_page(request, "budgets/backoffice/budget_form.html", context, form)


# --- Projects ----------------------------------------------------------------------------------------------


def project_list(request, budget_id):
    budget = budget_from_url(request, budget_id)
    process = budget.process
    context = {
        "process": process,
        "budget": budget,
        "projects": selectors.project_rows(budget=budget),
        "vote_open": services.vote_is_open(process),
        "other_budgets": Budget.objects.filter(process=process).exclude(pk=budget.pk).exists(),
        "Status": Project.Status,
    }
    return render(request, "budgets/backoffice/project_list.html", context)


def project_create(request, budget_id):
    budget = budget_from_url(request, budget_id)
    form = ProjectForm(
        request.POST or None, request.FILES or None, instance=Project(budget=budget), process=budget.process
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            services.project_create,
            actor=request.user,
            budget=budget,
            data=form.service_data(),
            images=form.images(),
        )
        if done is not FAILED:
            messages.success(request, _("The project has been created. Select it for the vote when it is ready."))
            return redirect("budgets_backoffice:projects", budget_id=budget.pk)
    context = {"process": budget.process, "budget": budget, "form": form}
    return render_form_page(request, "budgets/backoffice/project_form.html", context, form)


def project_edit(request, pk):
    project = _project(pk)
    budget = project.budget
    form = ProjectForm(
        request.POST or None,
        request.FILES or None,
        instance=project,
        process=budget.process,
        cost_fixed=services.cost_is_fixed(project),
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            services.project_update,
            actor=request.user,
            project=project,
            data=form.service_data(),
            images=form.images(),
        )
        if done is not FAILED:
            messages.success(request, _("The project has been saved."))
            return redirect("budgets_backoffice:projects", budget_id=budget.pk)
    context = {"process": budget.process, "budget": budget, "project": project, "form": form}
    return render_form_page(request, "budgets/backoffice/project_form.html", context, form)


def project_status(request, pk):
    """Select or unselect a project. Unselecting it while the vote is open asks for a confirmation first: the
    ballots holding it lose it and their voters are told."""
    project = _project(pk)
    budget = project.budget
    form = StatusForm(request.POST or request.GET or None)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("budgets_backoffice:projects", budget_id=budget.pk)
    to = form.cleaned_data["to"]
    reclassifies = (project.status, to) == (Project.Status.SELECTED, Project.Status.CANDIDATE) and (
        services.vote_is_open(budget.process)
    )
    if request.method != "POST" and not reclassifies:
        # Only taking a project off voters' ballots needs a confirmation page; other moves are buttons.
        return redirect("budgets_backoffice:projects", budget_id=budget.pk)
    if request.method != "POST" or (reclassifies and not request.POST.get("confirmed")):
        context = {
            "process": budget.process,
            "budget": budget,
            "project": project,
            "to": to,
            "affected": selectors.ballots_affected(project=project),
            "vote_open": services.vote_is_open(budget.process),
        }
        return render(request, "budgets/backoffice/project_unselect.html", context)
    try:
        before = selectors.ballots_affected(project=project) if reclassifies else None
        project = services.project_status_set(project=project, to=to, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.") % {"title": project.title, "status": project.get_status_display()},
        )
        if before and (before["ballots"] or before["baskets"]):
            messages.info(request, _reclassified_message(before["ballots"], before["baskets"]))
    return redirect("budgets_backoffice:projects", budget_id=budget.pk)


def _reclassified_message(ballots, baskets):
    return ngettext(
        "%(ballots)d ballot and %(baskets)d basket no longer hold it; their voters have been told.",
        "%(ballots)d ballots and %(baskets)d baskets no longer hold it; their voters have been told.",
        ballots + baskets,
    ) % {"ballots": ballots, "baskets": baskets}


def project_move(request, pk):
    project = _project(pk)
    budget = project.budget
    form = MoveForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        moved = run_service(
            form, services.project_move, project=project, budget=form.cleaned_data["budget"], actor=request.user
        )
        if moved is not FAILED:
            _project_moved, fixed = moved
            target = form.cleaned_data["budget"]
            messages.success(
                request, _("“%(title)s” has moved to %(budget)s.") % {"title": project.title, "budget": target.title}
            )
            if fixed.any:
                messages.info(request, _reclassified_message(fixed.ballots, fixed.baskets))
            return redirect("budgets_backoffice:projects", budget_id=budget.pk)
    context = {
        "process": budget.process,
        "budget": budget,
        "project": project,
        "form": form,
        "affected": selectors.ballots_affected(project=project),
        "vote_open": services.vote_is_open(budget.process),
    }
    return render_form_page(request, "budgets/backoffice/project_move.html", context, form)


def projects_from_proposals(request, slug):
    """Tick accepted proposals, choose the budget: one project each (cost from the review), linked back."""
    process = process_from_url(request, slug)
    rows = list(selectors.accepted_proposals(process=process))
    waiting = [proposal for proposal in rows if not proposal.has_project]
    form = ProjectsFromProposalsForm(
        request.POST or None,
        process=process,
        proposals=selectors.accepted_proposals(process=process).filter(has_project=False),
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            services.projects_from_proposals,
            process=process,
            budget=form.cleaned_data["budget"],
            proposals=form.cleaned_data["proposals"],
            actor=request.user,
            select=form.cleaned_data["select"],
        )
        if done is not FAILED:
            messages.success(
                request,
                ngettext("%(n)d project created.", "%(n)d projects created.", len(done.created))
                % {"n": len(done.created)},
            )
            if done.skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(n)d proposal was already a project and has been skipped.",
                        "%(n)d proposals were already projects and have been skipped.",
                        len(done.skipped),
                    )
                    % {"n": len(done.skipped)},
                )
            return redirect("budgets_backoffice:projects", budget_id=form.cleaned_data["budget"].pk)
    selected = {str(pk) for pk in request.POST.getlist("proposals")}
    context = {
        "process": process,
        "form": form,
        "waiting": waiting,
        "done": [proposal for proposal in rows if proposal.has_project],
        "selected": selected,
    }
    return render_form_page(request, "budgets/backoffice/from_proposals.html", context, form)


# --- Turnout -----------------------------------------------------------------------------------------------


def turnout(request, slug):
    """Live turnout: confirmed ballots per budget, channel and day, against the population; never the scores."""
    process = process_from_url(request, slug)
    context = {
        "process": process,
        "turnout": selectors.turnout(process=process),
        "vote_open": services.vote_is_open(process),
    }
    return render(request, "budgets/backoffice/turnout.html", context)
