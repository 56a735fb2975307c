"""The feasibility review screens of the back-office (issue 8). Each URL is built with its named rule in
review_urls.py; the views only check the form, call one service and answer. They work without JavaScript."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.http import form_errors_from
from apps.core.pagination import CappedPaginator
from apps.core.permissions import is_allowed
from apps.spaces.models import Process
from apps.taxonomy.models import Category

from .. import review_selectors as selectors
from .. import review_services as services
from ..models import InternalNote, Proposal, ReviewAssignment
from ..review_forms import AssignFilterForm, AssignForm, NoteForm, PublishForm, QueueFilterForm, ReviewForm

PAGE_SIZE = 50


def process_from_url(request, slug, **kwargs):
    return get_object_or_404(Process, slug=slug)


def proposal_from_url(request, pk, **kwargs):
    # Drafts are their author's alone, even for staff.
    return get_object_or_404(Proposal.objects.exclude(status=Proposal.Status.DRAFT).select_related("process"), pk=pk)


def _page(request, queryset):
    # A capped count (core.pagination): a queue of many thousand proposals says "page / N+" rather than counting them.
    return CappedPaginator(queryset, PAGE_SIZE, page=request.GET.get("page")).get_page()


def review_queue(request):
    """The evaluator's queue: what is assigned to them, with filters (status, category, overdue)."""
    assigned_processes = ReviewAssignment.objects.filter(evaluator=request.user).values("proposal__process_id")
    categories = (
        Category.objects.filter(process_id__in=assigned_processes)
        .select_related("process", "parent")
        .order_by("process_id", "position", "pk")
    )
    form = QueueFilterForm(request.GET or None, categories=categories)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.evaluator_queue(
        user=request.user,
        status=filters.get("status") or None,
        category=filters.get("category"),
        overdue=bool(filters.get("overdue")),
    )
    page = _page(request, queryset)
    return render(request, "proposals/review/queue.html", {"form": form, "page": page, "today": _today()})


def _today():
    from django.utils import timezone

    return timezone.localdate()


def review_assign(request, slug):
    """A process administrator's filtered list: tick proposals (one or many), choose evaluators, assign."""
    process = get_object_or_404(Process, slug=slug)
    filter_form = AssignFilterForm(request.GET or None, process=process)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    listed = selectors.assignment_list(
        process=process,
        status=filters.get("status") or None,
        category=filters.get("category"),
        unassigned=bool(filters.get("unassigned")),
        q=(filters.get("q") or "").strip(),
    )
    evaluators = services.assignable_evaluators(process)
    form = AssignForm(
        request.POST or None,
        proposals=Proposal.objects.filter(process=process, status__in=Proposal.REVIEWABLE),
        evaluators=evaluators,
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.review_assign(
                proposals=form.cleaned_data["proposals"].select_related("process"),
                evaluators=form.cleaned_data["evaluators"],
                actor=request.user,
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            form_errors_from(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext("%(n)d assignment made.", "%(n)d assignments made.", created) % {"n": created},
            )
            return redirect(request.get_full_path())
    page = _page(request, listed)
    selected = {str(pk) for pk in request.POST.getlist("proposals")}
    return render(
        request,
        "proposals/review/assign.html",
        {"process": process, "filter_form": filter_form, "form": form, "page": page, "selected": selected},
    )


def review_detail(request, pk):
    """One proposal's review: the criteria grid, verdict, cost, answer; and the staff-only notes."""
    proposal = proposal_from_url(request, pk)
    review = services.review_for(proposal)
    extra = selectors.review_detail(proposal=proposal)
    can_change = is_allowed("proposals.review_proposal", request.user, proposal)
    can_publish = services.can_publish_answer(request.user, proposal)
    form = ReviewForm(request.POST or None, criteria=extra["criteria"], review=review)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("This proposal is no longer open to review: it has been answered or withdrawn."))
        submit = request.POST.get("submit", services.Submit.DRAFT)
        if submit not in (services.Submit.DRAFT, services.Submit.HOLD, services.Submit.PUBLISH):
            submit = services.Submit.DRAFT
        if form.is_valid():
            try:
                services.review_save(
                    proposal=proposal,
                    actor=request.user,
                    data=form.review_data(),
                    assessments=form.assessments(),
                    submit=submit,
                )
            except ValidationError as error:
                form_errors_from(error, form)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    {
                        services.Submit.DRAFT: _("The review has been saved."),
                        services.Submit.HOLD: _("The review has been saved; its answer waits for publication."),
                        services.Submit.PUBLISH: _("The review has been saved and its answer published."),
                    }[submit],
                )
                return redirect("review:detail", pk=proposal.pk)
    context = {
        "proposal": proposal,
        "review": review,
        "form": form,
        "note_form": NoteForm(),
        "can_change": can_change,
        "can_publish": can_publish,
        "can_note": is_allowed("proposals.add_internal_note", request.user, proposal),
        "can_see_board": is_allowed("proposals.view_review_board", request.user, proposal.process),
        **extra,
    }
    return render(request, "proposals/review/detail.html", context, status=400 if form.errors else 200)


def review_note_add(request, pk):
    proposal = proposal_from_url(request, pk)
    if request.method != "POST":
        return redirect("review:detail", pk=proposal.pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = InternalNote.objects.filter(pk=form.cleaned_data["parent"], proposal=proposal).first()
        try:
            services.internal_note_add(
                proposal=proposal, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your note has been added."))
    else:
        messages.error(request, _("Write the note."))
    return redirect(f"{proposal_url(proposal)}#notes")


def proposal_url(proposal):
    from django.urls import reverse

    return reverse("review:detail", kwargs={"pk": proposal.pk})


def review_answers(request, slug):
    """Answers waiting for publication, published in bulk by a process administrator."""
    process = get_object_or_404(Process, slug=slug)
    held = selectors.held_answers(process=process)
    form = PublishForm(request.POST or None, proposals=held)
    if request.method == "POST" and form.is_valid():
        published, refused = services.answers_publish(
            process=process, actor=request.user, proposal_ids=[p.pk for p in form.cleaned_data["proposals"]]
        )
        if published:
            messages.success(
                request,
                ngettext("%(n)d answer published.", "%(n)d answers published.", published) % {"n": published},
            )
        for proposal, reason in refused:
            messages.error(request, f"{proposal.title}: {reason}")
        return redirect("review:answers", slug=process.slug)
    return render(request, "proposals/review/answers.html", {"process": process, "form": form, "held": held})


def review_board(request, slug):
    process = get_object_or_404(Process, slug=slug)
    board = selectors.review_board(process=process)
    return render(request, "proposals/review/board.html", {"process": process, "board": board})
