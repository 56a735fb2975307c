"""Proposals' panel on the back-office home (found by the back-office's autodiscovery)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from apps.backoffice.exports import CHUNK_SIZE, register_export, yes_no
from apps.backoffice.imports import Column, parse_decimal, register_import
from apps.backoffice.panels import counts_per_process, register_panel
from apps.core.permissions import ensure_allowed, is_allowed
from apps.spaces.models import ProcessRole
from apps.taxonomy.models import Category, Theme

from .models import Proposal, Review, ReviewAssignment
from .pipeline import MERGEABLE, PIPELINE
from .review_selectors import assigned_counts, held_answer_counts
from .review_services import VERDICT_STATUS, review_for, review_publish_answer, review_save
from .services import proposal_paper_create, proposal_status_set


def _published_counts(process_ids):
    return counts_per_process(Proposal.objects.filter(process_id__in=process_ids, status=Proposal.Status.PUBLISHED))


def _published_link(user, process):
    if is_allowed("spaces.change_process", user, process):
        query = urlencode({"process__id__exact": process.pk, "status": Proposal.Status.PUBLISHED})
        return f"{reverse('admin:proposals_proposal_changelist')}?{query}"
    return reverse("proposals:list", kwargs={"slug": process.slug})


register_panel(
    "proposals.published",
    title=_("Proposals published in your processes"),
    description=_("To read, answer and evaluate."),
    roles={ProcessRole.Role.EVALUATOR},
    counts=_published_counts,
    link=_published_link,
)


def _mergeable_counts(process_ids):
    return counts_per_process(Proposal.objects.filter(process_id__in=process_ids, status__in=MERGEABLE))


register_panel(
    "proposals.merge",
    title=_("Merge duplicate proposals"),
    description=_("Combine proposals that say the same thing: supports, authors and followers follow."),
    roles=set(),  # process administrators only (they see every panel of their processes)
    counts=_mergeable_counts,
    link=lambda user, process: reverse("merge:merge", kwargs={"slug": process.slug}),
)


# --- Exports and imports (issue 8 §5): the columns and rows are the proposals app's; the back-office streams them.


def _category_names(process):
    """{pk: name} of the process's categories and themes, one query each (not one per row)."""
    return (
        {category.pk: str(category) for category in Category.objects.filter(process=process)},
        {theme.pk: str(theme) for theme in Theme.objects.filter(process=process)},
    )


ANSWER_COLUMNS = tuple(f"answer_{code}" for code in settings.MODELTRANSLATION_LANGUAGES)

PROPOSAL_COLUMNS = (
    "reference",
    "title",
    "status",
    "category",
    "theme",
    "author",
    "official",
    "origin",
    "entered_by",
    "supports",
    "comments",
    "created_at",
    "published_at",
    "evaluators",
    "verdict",
    "cost",
    *ANSWER_COLUMNS,
    "answer_state",
    "published_answer",
    "answered_at",
    "hidden",
    "hidden_reason",
)


def _evaluator_names(process):
    """{proposal_id: "Name, Name"} for the whole process in one query (assignments are few next to rows)."""
    names = {}
    rows = (
        ReviewAssignment.objects.filter(proposal__process=process)
        .order_by("proposal_id", "pk")
        .values_list("proposal_id", "evaluator__display_name", "evaluator__nickname")
    )
    for proposal_id, display_name, nickname in rows.iterator(chunk_size=CHUNK_SIZE):
        names.setdefault(proposal_id, []).append(display_name or nickname)
    return {proposal_id: ", ".join(people) for proposal_id, people in names.items()}


def proposals_exported_to(user, process):
    """Every non-draft proposal of the process for its administrators (citizens' drafts stay private); only
    the proposals assigned to them for evaluators."""
    queryset = Proposal.objects.filter(process=process).exclude(status=Proposal.Status.DRAFT)
    if not is_allowed("backoffice.export_comments", user, process):
        queryset = queryset.filter(review_assignments__evaluator=user)
    return queryset


def proposal_export_rows(user, process):
    """The proposals with their review, in one streamed query (plus one each for names of categories, themes
    and evaluators, whatever the number of rows)."""
    categories, themes = _category_names(process)
    evaluators = _evaluator_names(process)
    answers = [f"review__public_answer_{code}" for code in settings.MODELTRANSLATION_LANGUAGES]
    rows = (
        proposals_exported_to(user, process)
        .order_by("pk")
        .values(
            "pk",
            "reference",
            "title",
            "status",
            "category_id",
            "theme_id",
            "author__display_name",
            "author__nickname",
            "is_official",
            "origin",
            "entered_by__display_name",
            "entered_by__nickname",
            "support_count",
            "comment_count",
            "created_at",
            "published_at",
            "review__verdict",
            "review__estimated_cost",
            *answers,
            "review__answer_state",
            "answer",
            "answered_at",
            "hidden_at",
            "hidden_reason",
        )
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "reference": row["reference"],
            "title": row["title"],
            "status": row["status"],
            "category": categories.get(row["category_id"], ""),
            "theme": themes.get(row["theme_id"], ""),
            "author": row["author__display_name"] or row["author__nickname"],
            "official": yes_no(row["is_official"]),
            "origin": row["origin"],
            "entered_by": row["entered_by__display_name"] or row["entered_by__nickname"] or "",
            "supports": row["support_count"],
            "comments": row["comment_count"],
            "created_at": row["created_at"],
            "published_at": row["published_at"],
            "evaluators": evaluators.get(row["pk"], ""),
            "verdict": row["review__verdict"] or "",
            "cost": row["review__estimated_cost"],
            **{column: row[field] or "" for column, field in zip(ANSWER_COLUMNS, answers, strict=True)},
            "answer_state": row["review__answer_state"] or "",
            "published_answer": row["answer"],
            "answered_at": row["answered_at"],
            # Staff exports keep hidden content, marked (public lists leave it out).
            "hidden": yes_no(row["hidden_at"]),
            "hidden_reason": row["hidden_reason"],
        }


register_export(
    "proposals",
    model=Proposal,
    title=_("Proposals"),
    description=_(
        "Status, review (evaluators, verdict, cost, answers), supports and comments of every published proposal; "
        "evaluators get the proposals assigned to them."
    ),
    columns=PROPOSAL_COLUMNS,
    rows=proposal_export_rows,
)


# Reviews and statuses, from a file such as the proposals export edited in a spreadsheet.


def _choice_from(text, choices, field, current):
    if not text:
        return current
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in (value, str(label).lower()):
            return choices(value)
    raise ValidationError(
        {
            field: _("Unknown %(field)s “%(value)s”; write one of: %(values)s.")
            % {"field": field, "value": text, "values": ", ".join(choices.values)}
        }
    )


# The status that publishing a verdict's answer gives (see review_services.VERDICT_STATUS).
ANSWERED = (Proposal.Status.ACCEPTED, Proposal.Status.REJECTED)


def answer_clean_row(row, *, user, process):
    """The proposal named by its reference, and what changes (None when the row changes nothing)."""
    reference = row.get("reference", "")
    if not reference:
        raise ValidationError({"reference": _("The reference is empty.")})
    proposal = Proposal.objects.filter(process=process, reference=reference).first()
    if proposal is None:
        raise ValidationError({"reference": _("No proposal %(reference)s in this process.") % {"reference": reference}})
    review = review_for(proposal)
    changes = {}
    verdict = _choice_from(row.get("verdict", ""), Review.Verdict, "verdict", review.verdict)
    if verdict != review.verdict:
        changes["verdict"] = verdict
    if "cost" in row:
        cost = parse_decimal(row["cost"], field="cost")
        if cost != review.estimated_cost:
            changes["estimated_cost"] = cost
    for column in ANSWER_COLUMNS:
        if column in row and row[column] != (getattr(review, f"public_{column}") or "").strip():
            changes[f"public_{column}"] = row[column]
    status = _choice_from(row.get("status", ""), Proposal.Status, "status", proposal.status)
    if changes:
        ensure_allowed("proposals.review_proposal", user=user, obj=proposal)
    if status != proposal.status:
        if status in ANSWERED:
            wanted = VERDICT_STATUS.get(changes.get("verdict", review.verdict))
            if wanted != status:
                raise ValidationError(
                    {
                        "status": _(
                            "A proposal becomes %(status)s when its answer is published with the verdict "
                            "that leads there; write that verdict in the verdict column."
                        )
                        % {"status": Proposal.Status(status).label}
                    }
                )
            ensure_allowed("proposals.publish_answer", user=user, obj=proposal)
        else:
            source = Proposal.Status.EVALUATING if changes and proposal.status == Proposal.Status.PUBLISHED else None
            PIPELINE.check(source or proposal.status, status)
    elif not changes:
        return None
    # The status column asks for a move only when it differs from the stored status (an edited export keeps it).
    return {"proposal": proposal, "review": changes, "status": status if status != proposal.status else None}


def answer_apply_row(change, *, user, process):
    if change is None:
        return False
    proposal = change["proposal"]
    if change["review"]:
        # The review service: its rules (cost when feasible, answer when not), audit entry, and the move to
        # "under evaluation".
        review_save(proposal=proposal, actor=user, data=change["review"])
    proposal.refresh_from_db()
    if change["status"] and change["status"] != proposal.status:
        if change["status"] in ANSWERED:
            # Publishing the answer moves the status through proposal_status_set (rules, audit, notifications).
            review_publish_answer(proposal=proposal, actor=user)
        else:
            proposal_status_set(proposal=proposal, to=change["status"], actor=user)
    return True


register_import(
    "answers",
    title=_("Reviews, costs and answers"),
    description=_(
        "Update the verdicts, estimated costs, public answers and statuses of proposals, found by their reference. "
        "A status of accepted or rejected publishes the answer, and its author and followers are notified."
    ),
    columns=(
        Column("reference", required=True, help=_("The proposal's reference, e.g. PB-2026-0042.")),
        Column("status", help=_("The new status, as the export writes it (empty: unchanged).")),
        Column("verdict", help=_("feasible, not_feasible or needs_information (empty: unchanged).")),
        Column("cost", help=_("The estimated cost in euros, e.g. 12500 or 12 500,50.")),
        *(Column(column, help=_("The public answer in this language.")) for column in ANSWER_COLUMNS),
    ),
    clean_row=answer_clean_row,
    apply_row=answer_apply_row,
)


# Proposals collected on paper at workshops and in libraries.


def _find_named(items, text, field):
    wanted = " ".join(text.split()).lower()
    for item in items:
        names = {str(item).lower()} | {
            (getattr(item, f"{attr}_{code}", "") or "").lower()
            for attr in ("name", "title")
            for code in settings.MODELTRANSLATION_LANGUAGES
        }
        if wanted in names:
            return item
    raise ValidationError({field: _("No %(field)s “%(name)s” in this process.") % {"field": field, "name": text}})


def paper_clean_row(row, *, user, process):
    data = {
        "title": row.get("title", ""),
        "body": row.get("body", ""),
        "paper_author_name": row.get("author_name", "")[:150],
        "paper_author_email": row.get("author_email", ""),
        "category": None,
        "theme": None,
    }
    if row.get("category"):
        data["category"] = _find_named(Category.objects.filter(process=process), row["category"], "category")
    if row.get("theme"):
        data["theme"] = _find_named(Theme.objects.filter(process=process), row["theme"], "theme")
    # Everything the service will check, without writing: the same model validation and category rule.
    ensure_allowed("proposals.enter_paper_proposal", user=user, obj=process)
    proposal = Proposal(process=process, author=user, status=Proposal.Status.PUBLISHED, published_at=timezone.now())
    for field, value in data.items():
        setattr(proposal, field, value)
    proposal.title = " ".join(proposal.title.split())
    errors = Proposal.category_or_theme_errors(
        has_categories=process.categories.exists(),
        has_themes=process.themes.exists(),
        category=proposal.category,
        theme=proposal.theme,
    )
    proposal.full_clean(exclude=["reference"])
    if errors:
        raise ValidationError(errors)
    return data


def paper_apply_row(data, *, user, process):
    proposal_paper_create(process=process, actor=user, data=data)
    return True


register_import(
    "paper",
    title=_("Proposals collected on paper"),
    description=_(
        "Ideas written on paper at workshops and in libraries: each row is published as a proposal, entered by you."
    ),
    columns=(
        Column("title", required=True, help=_("At least 15 characters.")),
        Column("body", required=True, help=_("The description.")),
        Column("category", help=_("The name of one of the process's categories (required if it has some).")),
        Column("theme", help=_("The title of one of the process's themes.")),
        Column("author_name", help=_("The name written on the form (kept for the organisers, never shown).")),
        Column("author_email", help=_("The e-mail written on the form, if any.")),
    ),
    clean_row=paper_clean_row,
    apply_row=paper_apply_row,
)


# --- Feasibility review (issue 8 §1): the evaluator's queue, answers to publish, proposals to assign.


def _queue_link(user, process):
    return f"{reverse('review:queue')}"


register_panel(
    "proposals.review_assigned",
    title=_("Proposals assigned to you for review"),
    description=_("Fill the criteria grid, give a verdict and draft the answer."),
    roles={ProcessRole.Role.EVALUATOR},
    counts=assigned_counts,
    link=_queue_link,
    per_user=True,
)


def _answers_link(user, process):
    if is_allowed("proposals.publish_answers", user, process):
        return reverse("review:answers", kwargs={"slug": process.slug})
    return None


register_panel(
    "proposals.answers_held",
    title=_("Answers waiting to be published"),
    description=_("Read them, then publish them in bulk: authors and followers are notified."),
    roles=set(),
    counts=held_answer_counts,
    link=_answers_link,
)


def _unassigned_counts(process_ids):
    rows = (
        Proposal.objects.filter(
            process_id__in=process_ids,
            status__in=Proposal.REVIEWABLE,
            review_assignments__isnull=True,
        )
        .values("process_id")
        .annotate(n=Count("pk"))
    )
    return {row["process_id"]: row["n"] for row in rows}


def _assign_link(user, process):
    if is_allowed("proposals.assign_proposals", user, process):
        return reverse("review:assign", kwargs={"slug": process.slug})
    return None


register_panel(
    "proposals.unassigned",
    title=_("Proposals to assign to an evaluator"),
    description=_("The review board shows where every review stands."),
    roles=set(),
    counts=_unassigned_counts,
    link=_assign_link,
)
