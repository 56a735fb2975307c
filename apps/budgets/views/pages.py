"""Reading the vote: choose a budget, the project list with the basket, one project's page."""

from django.shortcuts import redirect, render

from apps.core.pagination import CappedPaginator, KeyedPages
from apps.core.permissions import refusal_reason
from apps.proposals.selectors import proposal_visible_to

from .. import selectors, vote_selectors
from ..models import Project
from ..vote_selectors import ProjectSort
from . import cards
from .common import visible_budget, visible_process, visible_project, vote_context

PAGE_SIZE = 50


def budget_list(request, slug):
    """The budgets of a process; with a single budget, straight to its projects."""
    process = visible_process(request, slug)
    budgets = list(selectors.budget_visible_to(request.user, process).order_by("position", "pk"))
    if len(budgets) == 1:
        return redirect("budgets:budget_detail", slug=process.slug, budget_id=budgets[0].pk)
    ballots = vote_selectors.ballots_by_budget(voter=request.user, budgets=budgets)
    rows = []
    for budget in budgets:
        budget.process = process
        rows.append(
            {
                "budget": budget,
                "ballot": ballots.get(budget.pk),
                "vote_refusal": refusal_reason("budgets.vote_budget", request.user, budget),
            }
        )
    context = {"process": process, "rows": rows, "kinds": budgets and budgets[0].BallotKind}
    return render(request, "budgets/budget_list.html", context)


def _category_from(request, categories):
    raw = request.GET.get("category", "")
    return next((category for category in categories if str(category.pk) == raw), None)


def budget_detail(request, slug, budget_id):
    process, budget = visible_budget(request, slug, budget_id)
    sort = request.GET.get("order")
    if sort not in ProjectSort.values:
        sort = ProjectSort.RANDOM
    categories = vote_selectors.categories_of_budget(budget)
    category = _category_from(request, categories)
    text = request.GET.get("q", "")[:100]
    seed = vote_selectors.visitor_seed(user=request.user, session_key=request.session.session_key or "")
    first_page = category is None and not text.strip() and request.GET.get("page", "1") == "1"
    if first_page and selectors.sees_projects_on_ballot(request.user, process):
        # The page as most voters open it: one prepared query.
        paginator, page_obj = vote_selectors.first_project_page(budget=budget, sort=sort, seed=seed, per_page=PAGE_SIZE)
    else:
        visible = selectors.project_visible_to(request.user, process)
        projects = visible.filter(budget=budget, status__in=Project.PUBLIC_STATUSES)
        projects = vote_selectors.filter_projects(projects, category=category, text=text)
        ordered = vote_selectors.order_projects(projects.select_related("category__parent"), sort=sort, seed=seed)
        if text.strip():
            # A frequent word's matches are counted up to the cap ("1,000+"), not all read; the pages still follow.
            paginator = CappedPaginator(KeyedPages(ordered), PAGE_SIZE, page=request.GET.get("page"))
            page_obj = paginator.get_page()
        else:
            paginator, page_obj = vote_selectors.project_page(
                ordered, number=request.GET.get("page"), per_page=PAGE_SIZE
            )
    if isinstance(paginator, CappedPaginator):
        page_range = paginator.page_links(page_obj.number)
    else:
        page_range = list(paginator.get_elided_page_range(page_obj.number))
    project_list = page_obj.object_list
    for project in project_list:
        project.budget = budget
    cards.attach_cards(project_list, process=process, budget=budget)
    context = vote_context(request, process, budget)
    context.update(
        {
            "projects": project_list,
            "page_obj": page_obj,
            "paginator": paginator,
            "page_range": page_range,
            "sort": sort,
            "sort_choices": [
                (key, label)
                for key, label in ProjectSort.choices
                if budget.has_amounts or key not in (ProjectSort.COST_ASC, ProjectSort.COST_DESC)
            ],
            "categories": categories,
            "category": category,
            "text": text,
            "filtered": bool(category or text.strip()),
        }
    )
    return render(request, "budgets/budget_detail.html", context)


def project_detail(request, slug, budget_id, pk):
    process, budget = visible_budget(request, slug, budget_id)
    project = visible_project(request, budget, pk)
    context = vote_context(request, process, budget)
    context.update(
        {
            "project": project,
            "images": list(project.images.all()),
            # The proposals this project comes from, those the visitor may open.
            "proposals": list(
                proposal_visible_to(request.user, process).filter(projects=project).select_related("process")
            ),
            "target": project,
            "map_point": (
                {"lat": float(project.latitude), "lng": float(project.longitude), "title": project.title}
                if project.latitude is not None and project.longitude is not None
                else None
            ),
        }
    )
    return render(request, "budgets/project_detail.html", context)
