"""The results screens: the back-office preview of every rule side by side and the publication (with its
confirmation), and the public results page of a budget with the downloads of its frozen recount files."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.http import form_errors_from
from apps.core.permissions import is_allowed, refusal_reason

from . import recount
from . import results_selectors as selectors
from . import results_services as services
from .backoffice_views import budget_from_url
from .views.common import visible_budget

# --- Back-office -------------------------------------------------------------------------------------------


def results_preview(request, budget_id):
    budget = budget_from_url(request, budget_id)
    publication = selectors.publication_of(budget)
    context = {
        "process": budget.process,
        "budget": budget,
        "publication": publication,
        "preview": selectors.results_preview(budget),
    }
    return render(request, "budgets/backoffice/results_preview.html", context)


class PublishForm(forms.Form):
    option = forms.CharField(max_length=40)
    confirm = forms.BooleanField(error_messages={"required": gettext_lazy("Tick the box to confirm.")})


def results_publish(request, budget_id):
    """GET: the chosen rule's outcome and a confirmation; POST (CSRF, the box ticked): publish, then the preview
    says so and links to the results page."""
    budget = budget_from_url(request, budget_id)
    key = request.POST.get("option") if request.method == "POST" else request.GET.get("option")
    option = selectors.option_for(budget, key or "")
    if option is None:
        raise Http404
    if selectors.publication_of(budget) is not None:
        messages.info(request, _("The results of this budget are already published; they cannot change."))
        return redirect("budgets_backoffice:results_preview", budget_id=budget.pk)
    form = PublishForm(request.POST or None, initial={"option": option.key})
    if request.method == "POST" and form.is_valid():
        try:
            services.results_publish(
                budget=budget,
                rule=option.rule,
                completion=option.completion,
                min_score=option.min_score,
                actor=request.user,
            )
        except ValidationError as error:
            form_errors_from(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The results are published. The projects’ authors are being told."))
            return redirect("budgets_backoffice:results_preview", budget_id=budget.pk)
    item = selectors.option_preview(budget, option)
    context = {"process": budget.process, "budget": budget, "item": item, "form": form}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "budgets/backoffice/results_publish.html", context, status=status)


# --- Public ------------------------------------------------------------------------------------------------


def results(request, slug, budget_id):
    """The published results: shown when the phase shows results and the budget has a publication (a process
    administrator also sees them before the results phase); otherwise a sentence saying why not."""
    process, budget = visible_budget(request, slug, budget_id)
    publication = selectors.publication_of(budget)
    refusal = refusal_reason("budgets.view_results", request.user, budget)
    public = refusal is None
    context = {"process": process, "budget": budget, "results": None, "refusal": refusal, "public": public}
    if publication is not None and (public or is_allowed("budgets.manage_budgets", request.user, budget)):
        results = selectors.results_for(budget, publication)
        context.update(results=results, outcome=publication.outcome)
    return render(request, "budgets/results/results.html", context)


def _file(request, slug, budget_id, *, kind):
    process, budget = visible_budget(request, slug, budget_id)
    publication = selectors.publication_of(budget)
    allowed = is_allowed("budgets.view_results", request.user, budget) or (
        publication is not None and is_allowed("budgets.manage_budgets", request.user, budget)
    )
    if publication is None or not allowed:
        raise Http404
    # The names, types and texts of the published files: apps/budgets/recount.py (the recount commands use them).
    published = recount.published_files(budget, publication)[kind]
    text, filename, content_type = recount.file_text(publication, kind), published.filename, published.content_type
    response = HttpResponse(text.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def results_pabulib(request, slug, budget_id):
    """The anonymised ballots frozen at publication, as Pabulib (their SHA-256 is on the results page)."""
    return _file(request, slug, budget_id, kind="pabulib")


def results_csv(request, slug, budget_id):
    """The same ballots as CSV: one line per ballot."""
    return _file(request, slug, budget_id, kind="csv")
