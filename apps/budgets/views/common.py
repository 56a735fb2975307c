"""What the vote screens share: loading a visible budget and project, and the basket's context."""

import functools

from django.conf import settings
from django.http import Http404
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from apps.core.http import safe_next
from apps.core.permissions import is_allowed, refusal_reason
from apps.spaces.models import Process

from .. import ballot_rules, eligibility, selectors, vote_selectors
from ..models import Budget
from ..verification_services import verification_url


def visible_process(request, slug):
    """The process when the visitor may see it (the same rule as the process page); 404 otherwise."""
    try:
        process = vote_selectors.vote_process(slug=slug)
    except Process.DoesNotExist as missing:
        raise Http404 from missing
    if not is_allowed("spaces.view_process", request.user, process):
        raise Http404  # unpublished processes do not exist for the public
    return process


def visible_budget(request, slug, budget_id, *, phases=True):
    """(process, budget) when the visitor may see them; 404 otherwise (another process's budget too). Without
    `phases`, the process's phases are read only if something asks for them (the writes' services read them under
    their lock)."""
    try:
        budget = vote_selectors.vote_budget(slug=slug, budget_id=budget_id, phases=phases)
    except Budget.DoesNotExist as missing:
        raise Http404 from missing
    process = budget.process
    if not is_allowed("spaces.view_process", request.user, process):
        raise Http404  # unpublished processes do not exist for the public
    if not is_allowed("budgets.view_budget", request.user, budget):
        raise Http404
    return process, budget


def visible_project(request, budget, pk):
    project = (
        selectors.project_visible_to(request.user, budget.process)
        .filter(budget=budget, pk=pk)
        .select_related("category__parent")
        .first()
    )
    if project is None:
        raise Http404
    project.budget = budget
    return project


def vote_urls(process, budget):
    """The basket buttons' addresses (every vote request shows some): reversed once per process, language, slug
    and budget (they depend on nothing else), then reused."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return dict(_vote_urls(get_language(), get_script_prefix(), urlconf, process.slug, budget.pk))


@functools.lru_cache(maxsize=512)
def _vote_urls(language, prefix, urlconf, slug, budget_id):
    kwargs = {"slug": slug, "budget_id": budget_id}
    return tuple(
        (name, reverse(f"budgets:basket_{name}", kwargs=kwargs, urlconf=urlconf))
        for name in ("add", "remove", "points", "rank")
    )


def vote_context(request, process, budget, *, basket=None, just_allowed=False):
    """The basket, the meter and whether (and why not) the visitor may vote, for every vote page. `just_allowed`:
    the caller's write has just passed `budgets.vote_budget` under its locks, in this request (the answer to a
    basket button): the rule is not asked again."""
    user = request.user
    if basket is None:
        basket = selectors.basket_for(voter=user, budget=budget)
    if just_allowed:
        vote_refusal = None
    else:
        eligibility.prefetch(user, budget)
        vote_refusal = refusal_reason("budgets.vote_budget", user, budget)
    final = bool(budget.ballot_is_final and basket.is_confirmed)
    # The basket's buttons show only to someone who may vote now and whose ballot is not final.
    can_vote = vote_refusal is None and not final
    items, summary = basket.items, basket.summary
    if not can_vote and basket.is_confirmed:
        # The vote closed (or the ballot is final): what counts is the confirmed ballot, not a pending change.
        items = basket.confirmed_items
        summary = ballot_rules.summary(budget, selectors.choices_of(items))
    return {
        "process": process,
        "budget": budget,
        "basket": basket,
        "panel_items": items,
        "summary": summary,
        "in_basket": {item.project_id for item in items},
        "points_by_project": {item.project_id: item.points for item in items},
        "ballot": basket.ballot,
        "vote_refusal": vote_refusal,
        "can_vote": can_vote,
        "ballot_final": final,
        "kinds": Budget.BallotKind,
        # The basket's buttons post here: reversed once, not for each project's buttons.
        "vote_urls": vote_urls(process, budget),
        # "Check that I can vote", when what stands in the way is fixed there (age, residency, district).
        "verification_url": verification_url(user=user, budget=budget) if vote_refusal else "",
        "completeness_errors": basket.completeness_errors if basket.items else [],
        # Where the basket's buttons come back to without JavaScript: this page, or the page that posted.
        "here": (
            request.get_full_path()
            if request.method == "GET"
            else safe_next(request, budget.get_absolute_url(), use_current_url=True)
        ),
    }
