"""After the vote, for everybody: the participation figures, the receipt check and the published files to recount.

Each page works without JavaScript; the bars are CSS classes (no style attribute under the CSP)."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.core import ratelimit
from apps.core.permissions import is_allowed, refusal_reason

from .. import recount, selectors
from ..forms import ReceiptCheckForm
from ..models import ResultPublication
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


# -- the receipt check -------------------------------------------------------------------------------------------


def _published(request, process):
    """The process's budgets, and [(budget, publication)] of those whose results the visitor may see (with the
    frozen texts: the receipt check reads them). Two queries."""
    budgets = list(selectors.budgets_of(process=process))
    publications = {
        publication.budget_id: publication
        for publication in ResultPublication.objects.filter(budget__process=process)
    }
    rows = []
    for budget in budgets:
        budget.process = process
        publication = publications.get(budget.pk)
        if publication is not None and is_allowed("budgets.view_results", request.user, budget):
            rows.append((budget, publication))
    return budgets, rows


def receipt_check(request, slug):
    """A voter types their verification code and sees their ballot's line in the published file: its anonymous
    voter_id, the projects as the file names them and the file's SHA-256; nothing that says who they are.

    The answer is only "this line" or "not in the published files"; attempts are limited per address, so codes
    cannot be tried in bulk (and there are 31^12 of them)."""
    process = visible_process(request, slug)
    budgets, published = _published(request, process)
    form = ReceiptCheckForm(request.POST or None)
    context = {
        "process": process,
        "form": form,
        "published": [budget for budget, _publication in published],
        "waiting": [budget for budget in budgets if all(budget.pk != b.pk for b, _p in published)],
        "when": refusal_reason("budgets.view_participation", request.user, process),
        "found": None,
    }
    status = 200
    if request.method == "POST" and published:
        key = f"receipt-check:{ratelimit.client_ip(request)}"
        if not ratelimit.hit(key=key, rate=settings.RECEIPT_CHECK_RATE_LIMIT):
            form.is_valid()
            form.add_error(None, _("Too many codes checked from your connection: try again in a few minutes."))
            status = 429
        elif form.is_valid():
            code = form.cleaned_data["code"]
            for budget, publication in published:
                line = recount.vote_line(recount.file_text(publication, "pabulib"), code)
                if line is not None:
                    files = recount.published_files(budget, publication)
                    context["found"] = {"budget": budget, "line": line, "file": files["pabulib"]}
                    break
            else:
                form.add_error(
                    "code",
                    _(
                        "No ballot with this code is in the published files of this process. Check the code on "
                        "your receipt; if the results of your budget are not published yet, come back once they are."
                    ),
                )
    return render(request, "budgets/transparency/receipt_check.html", context, status=status)
