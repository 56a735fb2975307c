"""Writes of the feasibility review (issue 8): assignments, the review itself, internal notes, and the
publication of answers, which moves the proposal through `services.proposal_status_set` (the one status writer).

Every write asks its named rule again (views ask the same), validates with full_clean() and writes one audit
entry with the values before and after.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.permissions import ensure_allowed, is_allowed
from apps.core.services import audit_record
from apps.spaces.models import ProcessRole

from .models import CriterionAssessment, InternalNote, Proposal, Review, ReviewAssignment, ReviewCriterion
from .services import proposal_status_set

# The fields of the review form that the audit log follows (public answers per language).
REVIEW_FIELDS = ("verdict", "estimated_cost", "cost_explanation", "duration_months")


def answer_fields():
    return [f"public_answer_{code}" for code in settings.MODELTRANSLATION_LANGUAGES]


def _plain(value):
    return "" if value is None else str(value)


def evaluator_ids(process):
    """Who may be assigned in this process: its evaluators and administrators."""
    return set(
        ProcessRole.objects.filter(
            process=process, role__in=(ProcessRole.Role.EVALUATOR, ProcessRole.Role.ADMIN)
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def review_assign(*, proposals, evaluators, actor, due_date=None):
    """Assign each proposal to each evaluator (already assigned pairs are left as they are, only the due date
    is updated when one is given). Published proposals move to "under evaluation". Returns the number of new
    assignments. One audit entry per proposal, with its evaluators before and after."""
    proposals = list(proposals)
    evaluators = list(evaluators)
    if not proposals:
        raise ValidationError({"proposals": _("Choose at least one proposal.")})
    if not evaluators:
        raise ValidationError({"evaluators": _("Choose at least one evaluator.")})
    created = 0
    allowed_by_process = {}
    for stale in proposals:
        proposal = Proposal.objects.select_for_update(of=("self",)).select_related("process").get(pk=stale.pk)
        process = proposal.process
        ensure_allowed("proposals.assign_proposals", user=actor, obj=process)
        if process.pk not in allowed_by_process:
            allowed_by_process[process.pk] = evaluator_ids(process)
        strangers = [e for e in evaluators if e.pk not in allowed_by_process[process.pk]]
        if strangers:
            raise ValidationError(
                {"evaluators": _("%(name)s is not an evaluator of this process.") % {"name": strangers[0]}}
            )
        if proposal.status not in Proposal.REVIEWABLE:
            raise ValidationError(
                {
                    "proposals": _("%(title)s cannot be assigned: it is %(status)s.")
                    % {"title": proposal.title, "status": proposal.get_status_display().lower()}
                }
            )
        existing = {a.evaluator_id: a for a in ReviewAssignment.objects.filter(proposal=proposal)}
        before = sorted(existing)
        for evaluator in evaluators:
            assignment = existing.get(evaluator.pk)
            if assignment is None:
                assignment = ReviewAssignment(
                    proposal=proposal, evaluator=evaluator, assigned_by=actor, due_date=due_date
                )
                assignment.full_clean()
                assignment.save()
                created += 1
            elif due_date and assignment.due_date != due_date:
                assignment.due_date = due_date
                assignment.save(update_fields=["due_date", "updated_at"])
        after = sorted(set(before) | {e.pk for e in evaluators})
        audit_record(
            actor=actor,
            action="proposals.review_assign",
            target=proposal,
            data={
                "before": {"evaluators": before},
                "after": {"evaluators": after, "due_date": _plain(due_date)},
                "reference": proposal.reference or "",
            },
        )
        if proposal.status == Proposal.Status.PUBLISHED:
            proposal_status_set(proposal=proposal, to=Proposal.Status.EVALUATING, actor=actor)
    return created


@transaction.atomic
def review_unassign(*, proposal, evaluator, actor):
    ensure_allowed("proposals.assign_proposals", user=actor, obj=proposal.process)
    before = sorted(ReviewAssignment.objects.filter(proposal=proposal).values_list("evaluator_id", flat=True))
    ReviewAssignment.objects.filter(proposal=proposal, evaluator=evaluator).delete()
    after = [pk for pk in before if pk != evaluator.pk]
    audit_record(
        actor=actor,
        action="proposals.review_unassign",
        target=proposal,
        data={"before": {"evaluators": before}, "after": {"evaluators": after}},
    )


def review_for(proposal):
    """The proposal's review (unsaved and empty when nobody has written it yet)."""
    try:
        return proposal.review
    except Review.DoesNotExist:
        return Review(proposal=proposal)


def _snapshot(review, assessments):
    data = {field: _plain(getattr(review, field)) for field in (*REVIEW_FIELDS, *answer_fields(), "answer_state")}
    data["criteria"] = {str(a.criterion_id): {"met": a.met, "comment": a.comment} for a in assessments}
    return data


class Submit:
    """What the reviewer asks for when saving: keep a draft, hand it over for publication, or publish now."""

    DRAFT = "draft"
    HOLD = "hold"
    PUBLISH = "publish"


@transaction.atomic
def review_save(*, proposal, actor, data, assessments=None, submit=Submit.DRAFT):
    """Save the review of one proposal: the criteria grid, verdict, cost, duration and public answer.

    `data` holds REVIEW_FIELDS and the public_answer_<lang> fields; `assessments` maps a criterion id to
    {"met": True/False/None, "comment": ""}. `submit` HOLD puts the answer in the queue of answers waiting for
    publication; PUBLISH also publishes it (proposals.publish_answer). A draft with a verdict is already held to
    the verdict's rules (cost when feasible, answer when not feasible), so nothing inconsistent is stored.
    """
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("process").get(pk=proposal.pk)
    ensure_allowed("proposals.review_proposal", user=actor, obj=proposal)
    review = review_for(proposal)
    criteria = {c.pk: c for c in ReviewCriterion.objects.filter(process_id=proposal.process_id)}
    stored = {a.criterion_id: a for a in review.assessments.all()} if review.pk else {}
    before = _snapshot(review, stored.values()) if review.pk else {}
    for field in (*REVIEW_FIELDS, *answer_fields()):
        if field in data:
            value = data[field]
            if isinstance(value, str):
                value = value.strip()
            setattr(
                review,
                field,
                value if value is not None else ("" if field not in ("estimated_cost", "duration_months") else None),
            )
    review.full_clean()  # the verdict's own rules first (cost when feasible, answer when not feasible)
    if submit in (Submit.HOLD, Submit.PUBLISH):
        if not review.verdict:
            raise ValidationError({"verdict": _("Choose a verdict before handing the answer over.")})
        if not review.has_answer() and review.verdict != Review.Verdict.FEASIBLE:
            raise ValidationError({answer_fields()[0]: _("Write the public answer before handing it over.")})
        review.answer_state = Review.AnswerState.HELD
    elif review.answer_state == Review.AnswerState.PUBLISHED:
        # A review reopened after a published "needs more information" answer is a draft again.
        review.answer_state = Review.AnswerState.DRAFT
    review.reviewed_by = actor
    review.full_clean()
    review.save()
    kept = []
    for criterion_id, values in (assessments or {}).items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ValidationError(_("This criterion does not belong to the process."))
        assessment = stored.get(criterion.pk) or CriterionAssessment(review=review, criterion=criterion)
        assessment.met = values.get("met")
        assessment.comment = (values.get("comment") or "").strip()
        assessment.full_clean()
        assessment.save()
        kept.append(assessment)
    kept_ids = {a.criterion_id for a in kept}
    after = _snapshot(review, [*kept, *(a for cid, a in stored.items() if cid not in kept_ids)])
    changed = sorted(key for key in after if before.get(key) != after[key])
    audit_record(
        actor=actor,
        action="proposals.review_save",
        target=proposal,
        data={
            "before": {key: before.get(key) for key in changed},
            "after": {key: after[key] for key in changed},
            "reference": proposal.reference or "",
        },
    )
    if proposal.status == Proposal.Status.PUBLISHED:
        proposal = proposal_status_set(proposal=proposal, to=Proposal.Status.EVALUATING, actor=actor)
    if submit == Submit.PUBLISH:
        review_publish_answer(proposal=proposal, actor=actor)
        review.refresh_from_db()
    return review


# The proposal status each verdict leads to once its answer is published ("needs more information" keeps the
# proposal under evaluation; its answer is published as an update).
VERDICT_STATUS = {
    Review.Verdict.FEASIBLE: Proposal.Status.ACCEPTED,
    Review.Verdict.NOT_FEASIBLE: Proposal.Status.REJECTED,
    Review.Verdict.NEEDS_INFORMATION: Proposal.Status.EVALUATING,
}


def _default_answer(review):
    """The answer in the site's language, else the first language that has one (Proposal.answer is one text)."""
    for field in answer_fields():
        text = (getattr(review, field) or "").strip()
        if text:
            return text
    return ""


@transaction.atomic
def review_publish_answer(*, proposal, actor):
    """Publish the review's answer: the proposal moves to the verdict's status through proposal_status_set
    (which records the answer, writes its audit entry and notifies the followers and the author)."""
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("process").get(pk=proposal.pk)
    ensure_allowed("proposals.publish_answer", user=actor, obj=proposal)
    review = Review.objects.select_for_update().filter(proposal=proposal).first()
    if review is None or not review.verdict:
        raise ValidationError(_("This proposal has no verdict yet: there is no answer to publish."))
    if review.answer_state == Review.AnswerState.PUBLISHED:
        raise ValidationError(_("This answer has already been published."))
    review.full_clean()
    if proposal.status == Proposal.Status.PUBLISHED:
        proposal = proposal_status_set(proposal=proposal, to=Proposal.Status.EVALUATING, actor=actor)
    before = review.answer_state
    review.answer_state = Review.AnswerState.PUBLISHED
    review.answer_published_at = timezone.now()
    review.save(update_fields=["answer_state", "answer_published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="proposals.answer_publish",
        target=proposal,
        data={
            "before": {"answer_state": before, "status": proposal.status},
            "after": {"answer_state": review.answer_state, "status": str(VERDICT_STATUS[review.verdict])},
            "verdict": review.verdict,
            "estimated_cost": _plain(review.estimated_cost),
            "reference": proposal.reference or "",
        },
    )
    return proposal_status_set(
        proposal=proposal, to=VERDICT_STATUS[review.verdict], actor=actor, answer=_default_answer(review)
    )


def answers_publish(*, process, actor, proposal_ids=None):
    """Publish the held answers of a process (all, or those listed). Each one in its own transaction, so one
    refusal does not undo the others; returns (published, [(proposal, reason), ...])."""
    ensure_allowed("proposals.publish_answers", user=actor, obj=process)
    held = Proposal.objects.filter(process=process, review__answer_state=Review.AnswerState.HELD)
    if proposal_ids is not None:
        held = held.filter(pk__in=proposal_ids)
    published, refused = 0, []
    for proposal in held.select_related("process").order_by("pk"):
        try:
            review_publish_answer(proposal=proposal, actor=actor)
        except (ValidationError, PermissionDenied) as error:
            refused.append((proposal, " ".join(getattr(error, "messages", [str(error)]))))
        else:
            published += 1
    return published, refused


@transaction.atomic
def internal_note_add(*, proposal, author, body, parent=None):
    """A staff-only note on the review of a proposal, or a reply to one (replies stay one level deep)."""
    ensure_allowed("proposals.add_internal_note", user=author, obj=proposal)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the note.")})
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationError({"parent": _("This note belongs to another proposal.")})
        parent = parent.parent or parent
    note = InternalNote(proposal=proposal, author=author, parent=parent, body=body)
    note.full_clean()
    note.save()
    audit_record(
        actor=author,
        action="proposals.note_add",
        target=proposal,
        data={"before": {}, "after": {"note": note.pk, "parent": parent.pk if parent else None}},
    )
    return note


def can_publish_answer(user, proposal):
    return is_allowed("proposals.publish_answer", user, proposal)


def assignable_evaluators(process):
    return get_user_model().objects.filter(pk__in=evaluator_ids(process)).order_by("display_name", "pk")
