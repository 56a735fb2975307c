"""Reads of the feasibility review: the evaluator's queue, the assignment list, held answers, the review board.

Each returns an annotated queryset or a few aggregate queries: the number of queries does not grow with the
number of proposals (tests/proposals/test_review_queries.py)."""

from django.db.models import Count, DateField, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import InternalNote, Proposal, ProposalSettings, Review, ReviewAssignment, ReviewCriterion

OPEN = (Proposal.Status.PUBLISHED, Proposal.Status.EVALUATING)


def _process_due_date():
    return Subquery(
        ProposalSettings.objects.filter(process_id=OuterRef("process_id")).values("review_due_date")[:1],
        output_field=DateField(),
    )


def _with_review(queryset):
    return queryset.select_related("process", "category", "review").annotate(process_due=_process_due_date())


def evaluator_queue(*, user, status=None, category=None, overdue=False, process=None):
    """The proposals assigned to `user`, each with its due date (the assignment's, else the process's)."""
    mine = ReviewAssignment.objects.filter(proposal_id=OuterRef("pk"), evaluator=user)
    queryset = (
        _with_review(Proposal.objects.filter(review_assignments__evaluator=user))
        .annotate(
            assignment_due=Subquery(mine.values("due_date")[:1], output_field=DateField()),
        )
        .annotate(due=Coalesce(F("assignment_due"), F("process_due"), output_field=DateField()))
    )
    if process is not None:
        queryset = queryset.filter(process=process)
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(Q(category=category) | Q(category__parent=category))
    if overdue:
        queryset = overdue_only(queryset)
    return queryset.order_by(F("due").asc(nulls_last=True), "pk")


def overdue_only(queryset, *, today=None):
    """Still open (no published answer) and past its due date."""
    today = today or timezone.localdate()
    return queryset.filter(status__in=OPEN, due__lt=today).exclude(review__answer_state=Review.AnswerState.PUBLISHED)


def assignment_list(*, process, status=None, category=None, evaluator=None, unassigned=False, q=""):
    """The process's proposals open to review, with their evaluators (one prefetch)."""
    queryset = (
        Proposal.objects.filter(process=process, status__in=OPEN)
        .select_related("process", "category", "review")
        .prefetch_related(
            Prefetch(
                "review_assignments",
                queryset=ReviewAssignment.objects.select_related("evaluator").order_by("pk"),
            )
        )
    )
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(Q(category=category) | Q(category__parent=category))
    if evaluator:
        queryset = queryset.filter(review_assignments__evaluator=evaluator)
    if unassigned:
        queryset = queryset.filter(review_assignments__isnull=True)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(reference__iexact=q))
    return queryset.order_by("-published_at", "pk")


def held_answers(*, process):
    """Reviews handed over and waiting for a process administrator to publish them."""
    return (
        Proposal.objects.filter(process=process, review__answer_state=Review.AnswerState.HELD)
        .select_related("process", "review", "review__reviewed_by")
        .order_by("pk")
    )


def held_answer_counts(process_ids):
    rows = (
        Review.objects.filter(proposal__process_id__in=process_ids, answer_state=Review.AnswerState.HELD)
        .values("proposal__process_id")
        .annotate(n=Count("pk"))
    )
    return {row["proposal__process_id"]: row["n"] for row in rows}


def assigned_counts(process_ids, user):
    """{process_id: open proposals assigned to `user`} (the evaluator's home panel)."""
    rows = (
        ReviewAssignment.objects.filter(evaluator=user, proposal__process_id__in=process_ids, proposal__status__in=OPEN)
        .exclude(proposal__review__answer_state__in=(Review.AnswerState.HELD, Review.AnswerState.PUBLISHED))
        .values("proposal__process_id")
        .annotate(n=Count("pk"))
    )
    return {row["proposal__process_id"]: row["n"] for row in rows}


def review_detail(*, proposal):
    """What the review page shows besides the form: criteria, assignments and the notes thread."""
    notes = (
        InternalNote.objects.filter(proposal=proposal, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=InternalNote.objects.select_related("author")))
    )
    return {
        "criteria": list(ReviewCriterion.objects.filter(process_id=proposal.process_id)),
        "assignments": list(ReviewAssignment.objects.filter(proposal=proposal).select_related("evaluator")),
        "notes": list(notes),
    }


def review_board(*, process, today=None):
    """Counts by status and by evaluator, what is overdue, and the accepted cost against the budget.

    Four queries, whatever the number of proposals."""
    today = today or timezone.localdate()
    labels = dict(Proposal.Status.choices)
    by_status = {
        row["status"]: row["n"]
        for row in Proposal.objects.filter(process=process).public().values("status").annotate(n=Count("pk"))
    }
    statuses = [
        {"status": status, "label": labels[status], "count": by_status.get(status, 0)}
        for status in Proposal.Status.values
        if status != Proposal.Status.DRAFT
    ]
    process_due = ProposalSettings.objects.filter(process=process).values_list("review_due_date", flat=True).first()
    answered = Q(proposal__review__answer_state=Review.AnswerState.PUBLISHED) | ~Q(proposal__status__in=OPEN)
    late = Q(due_date__lt=today)
    if process_due and process_due < today:
        late |= Q(due_date__isnull=True)
    overdue_assignment = (
        Q(proposal__status__in=OPEN) & ~Q(proposal__review__answer_state=Review.AnswerState.PUBLISHED) & late
    )
    evaluators = list(
        ReviewAssignment.objects.filter(proposal__process=process)
        .values("evaluator_id", "evaluator__display_name", "evaluator__nickname")
        .annotate(
            assigned=Count("pk"),
            answered=Count("pk", filter=answered),
            held=Count("pk", filter=Q(proposal__review__answer_state=Review.AnswerState.HELD)),
            overdue=Count("pk", filter=overdue_assignment),
        )
        .order_by("evaluator__display_name", "evaluator_id")
    )
    for row in evaluators:
        row["name"] = row["evaluator__display_name"] or row["evaluator__nickname"]
    overdue = overdue_only(
        _with_review(Proposal.objects.filter(process=process)).annotate(
            assignment_due=Subquery(
                ReviewAssignment.objects.filter(proposal_id=OuterRef("pk"), due_date__isnull=False)
                .order_by("due_date")
                .values("due_date")[:1],
                output_field=DateField(),
            ),
            due=Coalesce(F("assignment_due"), F("process_due"), output_field=DateField()),
        ),
        today=today,
    ).order_by("due", "pk")
    accepted = Review.objects.filter(proposal__process=process, proposal__status=Proposal.Status.ACCEPTED).aggregate(
        total=Sum("estimated_cost"), n=Count("pk")
    )
    envelope = process.budget_envelope
    total = accepted["total"] or 0
    return {
        "statuses": statuses,
        "evaluators": evaluators,
        "overdue": list(overdue[:50]),
        "overdue_count": overdue.count(),
        "accepted_cost": total,
        "accepted_count": accepted["n"],
        "budget_envelope": envelope,
        "over_budget": bool(envelope is not None and total > envelope),
        "budget_share": (round(100 * total / envelope) if envelope else None),
        "unassigned": Proposal.objects.filter(
            process=process, status__in=OPEN, review_assignments__isnull=True
        ).count(),
    }
