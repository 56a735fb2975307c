"""The voting desk of the back-office: assisted voting and paper ballots (routes and their rules in
assisted_urls.py). Thin views: a form for the shape, one service call, a message; they work without JavaScript."""

from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.decorators import check_rule
from apps.core.http import form_errors_from
from apps.core.permissions import is_allowed
from apps.spaces.models import Process

from . import assisted_services as assisted
from . import paper_services as paper
from .assisted_forms import BallotForm, PaperSheetForm, PersonForm
from .models import Ballot, Budget, CensusEntry, Channel, PaperEntry, Participation, voting_settings_for

# The person checked at the desk travels to the next step signed (never as an id the browser could change).
PERSON_SALT = "budgets.assisted.person"
PERSON_MAX_AGE = 30 * 60
RECEIPTS_SESSION_KEY = "budgets_assisted_receipts"


def process_from_url(request, slug, **kwargs):
    return get_object_or_404(Process, slug=slug)


def budget_from_url(request, slug, budget_id, **kwargs):
    return get_object_or_404(Budget.objects.select_related("process"), pk=budget_id, process__slug=slug)


def _person_token(budget, census_entry, user, data):
    birth_date = data.get("birth_date")
    return signing.dumps(
        {
            "b": budget.pk,
            "e": census_entry.pk if census_entry else None,
            "u": user.pk if user else None,
            "d": birth_date.isoformat() if birth_date else None,
            "p": data.get("postal_code") or "",
            "h": bool(data.get("declaration")),
        },
        salt=PERSON_SALT,
    )


def _person_from_token(request, budget):
    try:
        data = signing.loads(request.POST.get("person", ""), salt=PERSON_SALT, max_age=PERSON_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_("This check is too old: check the person again.")) from None
    if data.get("b") != budget.pk:
        raise ValidationError(_("This check was made for another budget: check the person again."))
    census_entry = CensusEntry.objects.filter(pk=data["e"], process=budget.process).first() if data.get("e") else None
    user = get_user_model().objects.filter(pk=data["u"]).first() if data.get("u") else None
    return {
        "census_entry": census_entry,
        "user": user,
        "birth_date": date.fromisoformat(data["d"]) if data.get("d") else None,
        "postal_code": data.get("p", ""),
        "declaration": bool(data.get("h")),
    }


def _channel_counts(process):
    rows = Participation.objects.filter(budget__process=process).values("budget_id", "channel").annotate(n=Count("pk"))
    counts = {}
    for row in rows:
        counts.setdefault(row["budget_id"], {})[row["channel"]] = row["n"]
    return counts


def desk(request, slug):
    """The process's voting desk: each budget with its links (check a person, type paper sheets, reconcile,
    print the ballot) and how many people voted through each channel."""
    process = get_object_or_404(Process, slug=slug)
    counts = _channel_counts(process)
    budgets = []
    for budget in Budget.objects.filter(process=process).order_by("position", "pk"):
        by_channel = counts.get(budget.pk, {})
        budgets.append(
            {
                "budget": budget,
                "channels": [
                    (label, by_channel.get(value, 0)) for value, label in Channel.choices if value != Channel.IMPORTED
                ],
                "sheets": paper.paper_sheet_counts(budget),
            }
        )
    context = {
        "process": process,
        "budgets": budgets,
        "can_assist": is_allowed("budgets.assist_vote", request.user, process),
        "can_enter_paper": is_allowed("budgets.enter_paper_ballots", request.user, process),
        "double_entry": voting_settings_for(process).paper_double_entry,
    }
    return render(request, "budgets/assisted/desk.html", context)


def check(request, slug):
    """Check a person against the census; if they may vote, record their ballot here or mark them as voting on
    paper."""
    process = get_object_or_404(Process, slug=slug)
    initial = {}
    if request.GET.get("budget"):
        initial["budget"] = request.GET["budget"]
    form = PersonForm(request.POST or None, process=process, initial=initial)
    context = {"process": process, "form": form, "settings": voting_settings_for(process)}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        budget = data["budget"]
        refused = check_rule(request, "budgets.assist_vote", budget)
        if refused is not None:
            return refused
        result = assisted.person_check(
            budget=budget,
            method=data["method"],
            document_number=data["document_number"],
            birth_date=data["birth_date"],
            email=data["email"],
            postal_code=data["postal_code"],
            declaration=data["declaration"],
        )
        context["result"] = result
        if result.may_vote:
            context["person"] = _person_token(budget, result.census_entry, result.user, data)
            context["ballot_form"] = BallotForm(budget=budget, projects=assisted.ballot_projects(budget))
            context["budget"] = budget
    return render(request, "budgets/assisted/check.html", context)


def record(request, slug, budget_id):
    """Record the ballot of the person checked a moment ago (POST only)."""
    budget = budget_from_url(request, slug, budget_id)
    if request.method != "POST":
        return redirect(f"{reverse('assisted:check', kwargs={'slug': slug})}?budget={budget.pk}")
    form = BallotForm(request.POST, budget=budget, projects=assisted.ballot_projects(budget))
    person = None
    if form.is_valid():
        try:
            person = _person_from_token(request, budget)
            choices = assisted.choices_from(budget=budget, typed=form.typed())
            ballot = assisted.ballot_record_assisted(assistant=request.user, budget=budget, choices=choices, **person)
        except ValidationError as error:
            form_errors_from(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            receipts = request.session.get(RECEIPTS_SESSION_KEY, [])[-19:]
            request.session[RECEIPTS_SESSION_KEY] = [*receipts, ballot.pk]
            messages.success(request, _("The ballot has been recorded. Hand the verification code to the person."))
            return redirect("assisted:receipt", slug=slug, budget_id=budget.pk, ballot_id=ballot.pk)
    context = {
        "process": budget.process,
        "budget": budget,
        "ballot_form": form,
        "person": request.POST.get("person", ""),
        "result": None,
    }
    return render(request, "budgets/assisted/record.html", context)


def paper_mark(request, slug, budget_id):
    """Mark the person checked a moment ago as voting on paper (POST only)."""
    budget = budget_from_url(request, slug, budget_id)
    back = f"{reverse('assisted:check', kwargs={'slug': slug})}?budget={budget.pk}"
    if request.method != "POST":
        return redirect(back)
    try:
        person = _person_from_token(request, budget)
        assisted.paper_voter_mark(assistant=request.user, budget=budget, **person)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The person is in the register as voting on paper: hand them a paper ballot."))
    return redirect(back)


def receipt(request, slug, budget_id, ballot_id):
    """The verification code of a ballot just recorded, to print or copy for the person (shown to the assistant
    who recorded it, in this session only)."""
    budget = budget_from_url(request, slug, budget_id)
    if ballot_id not in request.session.get(RECEIPTS_SESSION_KEY, []):
        raise Http404
    ballot = get_object_or_404(Ballot, pk=ballot_id, budget=budget, channel=Channel.ASSISTED, recorded_by=request.user)
    return render(
        request, "budgets/assisted/receipt.html", {"process": budget.process, "budget": budget, "ballot": ballot}
    )


def paper_entry(request, slug, budget_id):
    """Type one paper sheet (first or second entry)."""
    budget = budget_from_url(request, slug, budget_id)
    projects = list(assisted.ballot_projects(budget))
    # A sheet of the colleague's pile, picked in the list of the sheets waiting for this agent (?sheet=).
    initial = {"sheet": request.GET.get("sheet", "")[:40]}
    form = PaperSheetForm(request.POST or None, budget=budget, projects=projects, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            choices = [] if form.cleaned_data["is_void"] else assisted.choices_from(budget=budget, typed=form.typed())
            entry = paper.paper_entry_add(
                agent=request.user,
                budget=budget,
                sheet=form.cleaned_data["sheet"],
                choices=choices,
                is_void=form.cleaned_data["is_void"],
            )
        except ValidationError as error:
            form_errors_from(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            _entry_message(request, entry)
            return redirect("assisted:paper_entry", slug=slug, budget_id=budget.pk)
    context = {
        "process": budget.process,
        "budget": budget,
        "form": form,
        "counts": paper.paper_sheet_counts(budget),
        "instructions": paper.ballot_instructions(budget),
        "double_entry": voting_settings_for(budget.process).paper_double_entry,
        "waiting_for_me": paper.sheets_waiting_for(budget, request.user),
        "my_entries": PaperEntry.objects.filter(budget=budget, entered_by=request.user).order_by("-created_at", "-pk")[
            :10
        ],
    }
    return render(request, "budgets/assisted/paper_entry.html", context)


def _entry_message(request, entry):
    sheet = {"sheet": entry.sheet}
    if entry.state == PaperEntry.State.PENDING:
        messages.info(request, _("Sheet %(sheet)s typed once: a colleague types it again.") % sheet)
    elif entry.state == PaperEntry.State.MISMATCH:
        messages.warning(
            request, _("The two entries of sheet %(sheet)s disagree: it waits for reconciliation.") % sheet
        )
    elif entry.is_void:
        messages.success(request, _("Sheet %(sheet)s is recorded as void.") % sheet)
    else:
        messages.success(request, _("Sheet %(sheet)s is entered: its ballot counts.") % sheet)


def paper_mismatches(request, slug, budget_id):
    """The sheets whose two entries disagree."""
    budget = budget_from_url(request, slug, budget_id)
    sheets = paper.mismatched_sheets(budget)
    return render(
        request,
        "budgets/assisted/paper_mismatches.html",
        {"process": budget.process, "budget": budget, "sheets": sorted(sheets.items())},
    )


def paper_reconcile(request, slug, budget_id, sheet):
    """Both entries side by side, and the form to type what the sheet really says."""
    budget = budget_from_url(request, slug, budget_id)
    entries = list(
        PaperEntry.objects.filter(budget=budget, sheet=sheet, state=PaperEntry.State.MISMATCH)
        .select_related("entered_by")
        .order_by("pk")
    )
    if not entries:
        raise Http404
    projects = list(assisted.ballot_projects(budget))
    form = PaperSheetForm(
        request.POST or None, budget=budget, projects=projects, reconcile=True, initial={"sheet": sheet}
    )
    if request.method == "POST" and form.is_valid():
        try:
            choices = [] if form.cleaned_data["is_void"] else assisted.choices_from(budget=budget, typed=form.typed())
            ballot = paper.paper_entry_reconcile(
                agent=request.user, budget=budget, sheet=sheet, choices=choices, is_void=form.cleaned_data["is_void"]
            )
        except ValidationError as error:
            form_errors_from(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if ballot is None:
                messages.success(request, _("Sheet %(sheet)s is reconciled as void.") % {"sheet": sheet})
            else:
                messages.success(request, _("Sheet %(sheet)s is reconciled: its ballot counts.") % {"sheet": sheet})
            return redirect("assisted:paper_mismatches", slug=slug, budget_id=budget.pk)
    context = {
        "process": budget.process,
        "budget": budget,
        "sheet": sheet,
        "entries": entries,
        "rows": paper.sheet_comparison(budget, entries),
        "form": form,
        "may_reconcile": paper.may_reconcile(request.user, budget, entries),
    }
    return render(request, "budgets/assisted/paper_reconcile.html", context)


def paper_print(request, slug, budget_id):
    """The paper ballot to print (the browser prints it, or saves it as PDF)."""
    budget = budget_from_url(request, slug, budget_id)
    try:
        copies = max(1, min(int(request.GET.get("copies", 1)), 200))
    except ValueError:
        copies = 1
    try:
        first = max(0, int(request.GET.get("from", 0)))
    except ValueError:
        first = 0
    numbers = [str(first + index) for index in range(copies)] if first else [""] * copies
    context = {
        "process": budget.process,
        "budget": budget,
        "projects": assisted.ballot_projects(budget),
        "instructions": paper.ballot_instructions(budget),
        "numbers": numbers,
        "first": first or "",
    }
    return render(request, "budgets/assisted/paper_print.html", context)
