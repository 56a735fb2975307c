"""Writes of the organisers on budgets and projects (the voters' writes are in services.py).

- budget_create / budget_update: a budget's settings; its ballot's rules are fixed once ballots exist;
- project_create / project_update: projects made or edited by administrators (cost, external id, images);
- projects_from_proposals: projects made in one action from the review's accepted proposals;
- project_status_set: the ONLY writer of Project.status (pipeline.PIPELINE), audited and notified;
- project_move: to another budget of the process.

Unselecting or moving a project while the vote is open is a **reclassification** (CONSUL's "reclassified votes"):
the ballots and baskets holding it lose it in the same transaction, their ballots locked, their voters are told,
and the audit entry says how many ballots were fixed. Once the vote has closed, ballots are frozen: a project on
confirmed ballots can then be neither unselected nor moved.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Q
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from apps.core.i18n import default_language_fieldname, localized_fieldnames
from apps.core.pagecache import bump_for
from apps.core.permissions import ensure_allowed
from apps.core.sanitize import assign_fields, clean_html
from apps.core.services import audit_record
from apps.notifications import services as notification_services
from apps.proposals.models import Proposal
from apps.proposals.uploads import IMAGE_FORMATS, reencode_image, sniff
from apps.spaces.models import Process
from apps.spaces.phases import Feature

from .models import Ballot, BallotItem, BasketItem, Budget, Project, ProjectImage, ResultPublication
from .pipeline import AUDIT_ACTIONS, OUTCOME_STATUSES, PIPELINE, UNSELECT

MANAGE = "budgets.manage_budgets"
MAX_IMAGE_BYTES = 8 * 1024 * 1024

# The fields of a budget that make its ballot: fixed once a ballot exists (a confirmed ballot must stay valid).
BALLOT_RULE_FIELDS = (
    "total_amount",
    "currency",
    "ballot_kind",
    "min_projects",
    "max_projects",
    "min_spend_percent",
    "points_total",
    "max_points_per_project",
    "ballot_is_final",
    "district",
    "district_postal_codes",
)
# How the winners are chosen: free to change until the results are published (the ballots do not depend on it).
COUNTING_FIELDS = ("counting_rule", "min_score", "counting_completion")
BUDGET_FIELDS = (
    *localized_fieldnames("title", "description"),
    "population",
    "position",
    *BALLOT_RULE_FIELDS,
    *COUNTING_FIELDS,
)
PROJECT_FIELDS = (
    *localized_fieldnames("title", "description"),
    "cost",
    "category",
    "address",
    "latitude",
    "longitude",
    "external_id",
    "position",
)


def _cost_fixed_message():
    return _("This project is on voters' ballots: its cost cannot change during the vote.")


RICH_TEXT_FIELDS = frozenset(localized_fieldnames("description"))


def vote_is_open(process):
    return process.feature_enabled(Feature.VOTE)


def _apply(obj, data, fields):
    return assign_fields(obj, data, fields, rich_text=RICH_TEXT_FIELDS)


# --- Budgets -----------------------------------------------------------------------------------------------


def _ensure_rules_unchanged(budget, changed):
    locked = [name for name in changed if name in BALLOT_RULE_FIELDS]
    if locked and budget.pk and Ballot.objects.filter(budget_id=budget.pk).exists():
        message = _("Ballots have been cast in this budget: its ballot's rules can no longer change.")
        raise ValidationError(dict.fromkeys(locked, message))


def _save_budget(budget, *, actor, action, changed):
    if not getattr(budget, default_language_fieldname("title")):
        raise ValidationError({default_language_fieldname("title"): _("Give the budget a title.")})
    budget.full_clean()
    budget.save()
    audit_record(actor=actor, action=action, target=budget, data={"changed": sorted(changed)})
    bump_for(budget)
    return budget


@transaction.atomic
def budget_create(*, actor, process, data):
    ensure_allowed(MANAGE, user=actor, obj=process)
    budget = Budget(process=process)
    changed = _apply(budget, data, BUDGET_FIELDS)
    return _save_budget(budget, actor=actor, action="budgets.budget_create", changed=changed)


@transaction.atomic
def budget_update(*, actor, budget, data):
    budget = Budget.objects.select_for_update(no_key=True, of=("self",)).select_related("process").get(pk=budget.pk)
    ensure_allowed(MANAGE, user=actor, obj=budget)
    changed = _apply(budget, data, BUDGET_FIELDS)
    _ensure_rules_unchanged(budget, changed)
    return _save_budget(budget, actor=actor, action="budgets.budget_update", changed=changed)


@transaction.atomic
def budget_admin_save(*, budget, actor, is_new):
    """Saves from the Django admin: the same checks as budget_create/budget_update."""
    ensure_allowed(MANAGE, user=actor, obj=budget.process)
    changed = []
    if not is_new:
        stored = Budget.objects.select_for_update(no_key=True).get(pk=budget.pk)
        changed = [name for name in BUDGET_FIELDS if getattr(stored, name) != getattr(budget, name)]
        _ensure_rules_unchanged(budget, changed)
    for name in localized_fieldnames("description"):
        setattr(budget, name, clean_html(getattr(budget, name) or ""))
    action = "budgets.budget_create" if is_new else "budgets.budget_update"
    return _save_budget(budget, actor=actor, action=action, changed=changed)


# --- Projects ----------------------------------------------------------------------------------------------


def clean_project_image(uploaded_file):
    """A checked, re-encoded image (JPEG, PNG or WebP, without metadata); otherwise a ValidationError."""
    if uploaded_file.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("This image is too large (%(size)s). The maximum is %(max)s.")
            % {"size": filesizeformat(uploaded_file.size), "max": filesizeformat(MAX_IMAGE_BYTES)},
            code="file_too_large",
        )
    kind, image_format = sniff(uploaded_file)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(_("Upload an image (JPG, PNG or WebP)."), code="file_type")
    full, _thumbnail, _content_type = reencode_image(uploaded_file, image_format)
    return full


def _next_position(budget):
    return (Project.objects.filter(budget=budget).aggregate(n=Max("position"))["n"] or 0) + 1


def _add_images(project, images):
    """`images`: (uploaded file, alternative text) pairs, added after the project's images."""
    start = (project.images.aggregate(n=Max("position"))["n"] or 0) + 1
    added = []
    for offset, (uploaded, alt_text) in enumerate(images):
        try:
            image = clean_project_image(uploaded)
        except ValidationError as error:
            raise ValidationError({"images": error.messages}) from error
        row = ProjectImage(
            project=project, image=image, alt_text=(alt_text or "").strip()[:200], position=start + offset
        )
        row.full_clean()
        row.save()
        added.append(row)
    return added


def _ensure_title(project):
    name = default_language_fieldname("title")
    if not (getattr(project, name) or "").strip():
        raise ValidationError({name: _("Give the project a title.")})


def _on_ballots(project):
    return BallotItem.objects.filter(project=project).exists() or BasketItem.objects.filter(project=project).exists()


def cost_is_fixed(project):
    """During the vote, the cost of a project already on ballots or baskets cannot change."""
    return vote_is_open(project.budget.process) and _on_ballots(project)


@transaction.atomic
def project_create(*, actor, budget, data, images=()):
    """A project made directly by an administrator: a candidate, to be selected for the vote."""
    ensure_allowed(MANAGE, user=actor, obj=budget)
    project = Project(budget=budget, status=PIPELINE.initial[0], position=_next_position(budget))
    _apply(project, data, PROJECT_FIELDS)
    if data.get("image"):
        project.image = clean_project_image(data["image"])
    if not project.position:
        project.position = _next_position(budget)
    _ensure_title(project)
    project.full_clean()
    project.save()
    _add_images(project, images)
    audit_record(actor=actor, action="budgets.project_create", target=project, data={"budget": budget.pk})
    bump_for(project)
    return project


@transaction.atomic
def project_update(*, actor, project, data, images=()):
    """Edit a project (its budget changes through project_move, its status through project_status_set). While
    the vote is open, the cost of a project already on ballots is fixed (the ballots were filled with it)."""
    project = (
        Project.objects.select_for_update(no_key=True, of=("self",))
        .select_related("budget__process")
        .get(pk=project.pk)
    )
    ensure_allowed(MANAGE, user=actor, obj=project.budget)
    before_cost = project.cost
    changed = _apply(project, data, PROJECT_FIELDS)
    if data.get("image"):
        project.image = clean_project_image(data["image"])
        changed.append("image")
    if project.cost != before_cost and cost_is_fixed(project):
        raise ValidationError({"cost": _cost_fixed_message()})
    _ensure_title(project)
    project.full_clean()
    project.save()
    if _add_images(project, images):
        changed.append("images")
    audit_record(actor=actor, action="budgets.project_update", target=project, data={"changed": sorted(changed)})
    bump_for(project)
    return project


@transaction.atomic
def project_admin_save(*, project, actor, is_new):
    """Saves from the Django admin: a new project starts as a candidate; afterwards the status and the budget
    change only through project_status_set and project_move (the admin shows them read-only)."""
    ensure_allowed(MANAGE, user=actor, obj=project.budget)
    if is_new:
        PIPELINE.check_initial(project.status)
    else:
        stored = Project.objects.select_for_update(no_key=True).get(pk=project.pk)
        if stored.status != project.status:
            PIPELINE.check(stored.status, project.status)
            raise ValidationError({"status": _("Select or unselect projects from the back-office.")})
        if stored.budget_id != project.budget_id:
            raise ValidationError({"budget": _("Move projects to another budget from the back-office.")})
        if stored.cost != project.cost and cost_is_fixed(project):
            raise ValidationError({"cost": _cost_fixed_message()})
    for name in localized_fieldnames("description"):
        setattr(project, name, clean_html(getattr(project, name) or ""))
    _ensure_title(project)
    project.full_clean()
    project.save()
    action = "budgets.project_create" if is_new else "budgets.project_update"
    audit_record(actor=actor, action=action, target=project, data={"budget": project.budget_id})
    bump_for(project)
    return project


def project_author_ids(project):
    """The authors (and co-authors) of the proposals a project comes from."""
    proposals = Proposal.objects.filter(projects=project)
    ids = set(proposals.values_list("author_id", flat=True))
    ids |= set(proposals.exclude(coauthors=None).values_list("coauthors", flat=True))
    return ids


def _copy_follows(project, proposals, author_ids):
    if notification_services.is_followable(project):
        notification_services.follows_copy(sources=proposals, target=project, extra_users=author_ids)


def _body_as_rich_text(text):
    """A proposal's plain text, as the paragraphs of a project's rich-text description."""
    return linebreaks(escape(text or ""))


@dataclass
class Conversion:
    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


@transaction.atomic
def projects_from_proposals(*, process, budget, proposals, actor, select=False):
    """One project per ACCEPTED proposal of `process`, in `budget`: the review's estimated cost, the title and the
    description (in the default language), category, address and location; linked back to the proposal, whose
    author and followers follow the project. Proposals already turned into a project are skipped. With
    `select=True`, the new projects are selected for the vote at once (project_status_set)."""
    if budget.process_id != process.pk:
        raise ValidationError({"budget": _("This budget does not belong to the process.")})
    ensure_allowed(MANAGE, user=actor, obj=budget)
    ids = sorted({getattr(p, "pk", p) for p in proposals})
    if not ids:
        raise ValidationError({"proposals": _("Tick at least one accepted proposal.")})
    # Locked, so that two administrators converting the same proposals at once make one project each.
    rows = list(
        Proposal.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=ids, process=process)
        .select_related("review")
        .order_by("pk")
    )
    refused = [p for p in rows if p.status != Proposal.Status.ACCEPTED]
    if len(rows) != len(ids) or refused:
        names = ", ".join(p.reference or p.title for p in refused) or _("unknown proposals")
        raise ValidationError(
            {
                "proposals": _("Only the process's accepted proposals become projects (not: %(names)s).")
                % {"names": names}
            }
        )
    already = set(Project.proposals.through.objects.filter(proposal_id__in=ids).values_list("proposal_id", flat=True))
    result = Conversion()
    position = _next_position(budget)
    title_field = default_language_fieldname("title")
    description_field = default_language_fieldname("description")
    for proposal in rows:
        if proposal.pk in already:
            result.skipped.append(proposal)
            continue
        review = getattr(proposal, "review", None)
        cost = review.estimated_cost if review is not None and review.estimated_cost is not None else 0
        project = Project(
            budget=budget,
            status=PIPELINE.initial[0],
            cost=cost,
            category=proposal.category,
            address=proposal.address,
            latitude=proposal.latitude,
            longitude=proposal.longitude,
            position=position,
        )
        setattr(project, title_field, proposal.title)
        setattr(project, description_field, _body_as_rich_text(proposal.body))
        project.full_clean()
        project.save()
        project.proposals.add(proposal)
        position += 1
        author_ids = project_author_ids(project)
        _copy_follows(project, [proposal], author_ids)
        audit_record(
            actor=actor,
            action="budgets.project_from_proposal",
            target=project,
            data={"proposal": proposal.pk, "reference": proposal.reference or "", "cost": str(cost)},
        )
        bump_for(project)
        result.created.append(project)
    audit_record(
        actor=actor,
        action="budgets.projects_from_proposals",
        target=budget,
        data={"created": [p.pk for p in result.created], "skipped": [p.pk for p in result.skipped]},
    )
    bump_for(budget)
    if select:
        result.created = [
            project_status_set(project=project, to=Project.Status.SELECTED, actor=actor) for project in result.created
        ]
    return result


# --- Status and reclassification ---------------------------------------------------------------------------


@dataclass
class Reclassification:
    ballots: int = 0  # confirmed ballots that lost the project
    baskets: int = 0  # baskets (ballots being filled or changed) that lost it
    voter_ids: set = field(default_factory=set)

    @property
    def any(self):
        return bool(self.ballots or self.baskets)


def _compact_ranks(model, ballot_id, removed_rank):
    """Ranks stay 1, 2, 3...: those after the removed one move up, in order (the unique rank holds at each step)."""
    if removed_rank is None:
        return
    for item in model.objects.filter(ballot_id=ballot_id, rank__gt=removed_rank).order_by("rank"):
        item.rank -= 1
        item.save(update_fields=["rank"])


# Projects, budgets and proposals are locked FOR NO KEY UPDATE: a voter's confirmation inserting ballot items (whose
# foreign key takes FOR KEY SHARE on the project) is not blocked by it, so it cannot deadlock with a
# reclassification waiting for that voter's ballot.


def _process_locked_for_share(process_id):
    """The process, re-read after taking its row FOR SHARE (PostgreSQL), as the ballot services do: vote_close
    (FOR UPDATE) waits for a reclassification under way, and a reclassification after it sees the vote closed."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {Process._meta.db_table} WHERE id = %s FOR SHARE", [process_id])
    return Process.objects.get(pk=process_id)


def _take_off_ballots(*, project, budget, actor):
    """Remove `project` from every ballot and basket of `budget`, ballots locked; refused once the vote closed.

    The ballots are found, locked (in pk order, as one voter's services lock their one ballot), then their items are
    read again: a confirmation that committed while we waited for its ballot's lock is seen and fixed too."""
    process = _process_locked_for_share(budget.process_id)
    holding = Q(project=project, ballot__budget=budget)
    ids = set(BallotItem.objects.filter(holding).values_list("ballot_id", flat=True))
    ids |= set(BasketItem.objects.filter(holding).values_list("ballot_id", flat=True))
    result = Reclassification()
    if not ids:
        return result
    ballots = {b.pk: b for b in Ballot.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    confirmed = list(BallotItem.objects.filter(project=project, ballot_id__in=ballots))
    baskets = list(BasketItem.objects.filter(project=project, ballot_id__in=ballots))
    if confirmed and not vote_is_open(process):
        raise ValidationError(
            _(
                "The vote is not open: its ballots are frozen, so a project on confirmed ballots can no longer be "
                "unselected or moved."
            )
        )
    for model, items in ((BallotItem, confirmed), (BasketItem, baskets)):
        model.objects.filter(pk__in=[item.pk for item in items]).delete()
        for item in items:
            _compact_ranks(model, item.ballot_id, item.rank)
    result.ballots = len({item.ballot_id for item in confirmed})
    result.baskets = len({item.ballot_id for item in baskets})
    result.voter_ids = {ballots[item.ballot_id].voter_id for item in confirmed + baskets} - {None}
    if result.voter_ids:
        notification_services.notify_ballot_reclassified(
            target=project, recipient_ids=result.voter_ids, url_for=budget.get_absolute_url, actor=actor
        )
    return result


@transaction.atomic
def project_status_set(*, project, to, actor):
    """The ONLY way to change a project's status. Locks the row; refuses moves outside Project.TRANSITIONS (with a
    sentence) and the vote's outcome while the vote is open; asks budgets.manage_budgets; saves, audits (before,
    after, and the ballots fixed) and tells the project's followers and the authors of its proposals.

    Unselecting a project during the vote takes it off the ballots and baskets that hold it (a reclassification)."""
    project = (
        Project.objects.select_for_update(no_key=True, of=("self",))
        .select_related("budget__process")
        .get(pk=project.pk)
    )
    before = project.status
    if to not in Project.Status.values:
        raise ValidationError({"status": _("Unknown status: %(status)s.") % {"status": to}})
    to = Project.Status(to)
    PIPELINE.check(before, to)
    ensure_allowed(MANAGE, user=actor, obj=project.budget)
    process = project.budget.process
    if (to in OUTCOME_STATUSES or before in OUTCOME_STATUSES) and vote_is_open(process):
        raise ValidationError({"status": _("The vote is open: winners are known only once it has closed.")})
    if before in OUTCOME_STATUSES and ResultPublication.objects.filter(budget_id=project.budget_id).exists():
        raise ValidationError({"status": _("The results of this budget are published: its winners are final.")})
    project.status = to
    project.full_clean()
    project.save()
    data = {"before": before, "after": to}
    if (before, to) == UNSELECT:
        fixed = _take_off_ballots(project=project, budget=project.budget, actor=actor)
        data.update(ballots=fixed.ballots, baskets=fixed.baskets)
    audit_record(
        actor=actor, action=AUDIT_ACTIONS.get((before, to), "budgets.project_status_set"), target=project, data=data
    )
    bump_for(project)
    notification_services.notify_status_changed(target=project, actor=actor, also_ids=project_author_ids(project))
    return project


@transaction.atomic
def project_move(*, project, budget, actor):
    """Move a project to another budget of its process. During the vote, the ballots and baskets of its former
    budget that hold it lose it (a reclassification); their voters are told."""
    project = (
        Project.objects.select_for_update(no_key=True, of=("self",))
        .select_related("budget__process")
        .get(pk=project.pk)
    )
    source = project.budget
    ensure_allowed(MANAGE, user=actor, obj=source)
    if budget.process_id != source.process_id:
        raise ValidationError({"budget": _("A project can only move to another budget of its process.")})
    if budget.pk == source.pk:
        raise ValidationError({"budget": _("The project is already in this budget.")})
    ensure_allowed(MANAGE, user=actor, obj=budget)
    fixed = _take_off_ballots(project=project, budget=source, actor=actor)
    project.budget = budget
    project.position = _next_position(budget)
    project.full_clean()
    project.save()
    audit_record(
        actor=actor,
        action="budgets.project_move",
        target=project,
        data={"from": source.pk, "to": budget.pk, "ballots": fixed.ballots, "baskets": fixed.baskets},
    )
    bump_for(project)
    return project, fixed
