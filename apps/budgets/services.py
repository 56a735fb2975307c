"""The online vote: the voter's basket and the confirmation of their ballot.

Every write runs in one transaction that first takes the locks the rules need, then asks `budgets.vote_budget` (so
a phase that closed, an eligibility lost or a paper vote recorded meanwhile is seen), then checks the ballot rule
(apps/budgets/ballot_rules.py):
- the process row FOR SHARE (PostgreSQL): voters do not wait for each other, but `vote_close` (FOR UPDATE) waits
  for the ballots being confirmed, and every confirmation after it sees the vote closed;
- the voter's ballot row FOR UPDATE: double clicks, two tabs and two devices of one voter run one after the other;
- the voter's row FOR UPDATE when the process lets each voter choose one budget only (two budgets at once).
The unique constraints (one ballot per voter per budget, one register entry per person) hold even if a lock is
missing.

The view hands over the budget it loaded (with its process and feature settings): the process row and its phases are
read again after the process lock (what `vote_close` changes), the eligibility after the locks, the basket after the
ballot's lock; the budget's own ballot rules cannot change once a ballot exists. Each basket write returns the
voter's ballot with `current_items` (the basket as the write left it, projects loaded, in the page's order) and
`touched_project` (the project it added, changed or removed), its `budget` holding the process as read under the
lock, so the view answers without reading them again.
"""

import copy
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.background import enqueue
from apps.core.permissions import ensure_allowed
from apps.core.prepared import PreparedQuery, RawRead
from apps.core.services import audit_record
from apps.spaces.models import Process, process_extensions
from apps.spaces.phases import Feature

from . import ballot_rules, eligibility
from .models import (
    Ballot,
    BallotItem,
    BasketItem,
    Budget,
    Channel,
    Participation,
    Project,
    VoterScope,
    new_receipt_code,
    voting_settings_for,
)
from .selectors import basket_items, choices_of, voter_ballot
from .vote_selectors import attach_phases

VOTE = "budgets.vote_budget"


_PROCESS_SQL = f'SELECT * FROM "{Process._meta.db_table}" WHERE "id" = %s'
_PROCESS = {lock: RawRead(Process, _PROCESS_SQL + lock) for lock in ("", " FOR SHARE")}


def _process_locked_for_share(budget):
    """The budget's process as it is now: its row taken FOR SHARE (PostgreSQL; SQLite serialises writers on the
    whole database) and read in the same statement, then its phases read after the lock. The feature settings the
    caller already loaded with the process are kept (no lock orders their changes)."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    found = _PROCESS[lock].first([budget.process_id])
    if found is None:
        raise Process.DoesNotExist
    process = attach_phases(found)
    if Budget._meta.get_field("process").is_cached(budget):
        loaded = budget.process._state.fields_cache
        for accessor in process_extensions():
            if loaded.get(accessor) is not None:
                process._state.fields_cache[accessor] = loaded[accessor]
    return process


def _locked_ballot(*, voter, budget, create):
    ballot = voter_ballot(voter=voter, budget=budget, lock=True)
    if ballot is None and create:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(budget=budget, voter=voter, channel=Channel.ONLINE)
        except IntegrityError:  # the voter's other tab created it first: take theirs (the ballot row only)
            ballot = Ballot.objects.select_for_update(of=("self",)).order_by().get(budget=budget, voter=voter)
    return ballot


def _begin(*, voter, budget, create=True):
    """Lock, re-read and check: the start of every write of the voter's ballot. Returns (budget, ballot): a copy of
    `budget` holding the process as read under the lock."""
    process = _process_locked_for_share(budget)
    budget = copy.copy(budget)
    budget.process = process
    if voting_settings_for(process).voter_scope == VoterScope.ONE_BUDGET:
        User.objects.select_for_update().filter(pk=voter.pk).order_by().first()
    eligibility.forget(voter)
    eligibility.prefetch(voter, budget)
    ensure_allowed(VOTE, user=voter, obj=budget)
    ballot = _locked_ballot(voter=voter, budget=budget, create=create)
    if ballot is not None and ballot.confirmed_at and budget.ballot_is_final:
        raise ValidationError(_("Your ballot is confirmed and final: it can no longer be changed."))
    return budget, ballot


def _answer(ballot, items, project, budget):
    ballot.budget = budget  # with the process as read under the lock
    ballot.current_items = items
    ballot.touched_project = project
    return ballot


_PROJECT_ON_BALLOT = PreparedQuery(
    lambda pk, budget_id: Project.objects.filter(pk=pk, budget_id=budget_id, status=Project.Status.SELECTED)
)


def _project_on_ballot(*, budget, project_id):
    try:
        pk = int(project_id)
    except (TypeError, ValueError):
        pk = None
    project = _PROJECT_ON_BALLOT.first(pk=pk, budget_id=budget.pk) if pk else None
    if project is None:
        raise ValidationError(_("This project is not on the ballot of this budget."))
    return project


def _basket_items(ballot):
    return basket_items(ballot)  # after the ballot's lock


def _as_points(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Give a whole number of points.")) from None


@transaction.atomic
def basket_add(*, voter, budget, project_id, points=1):
    """Put a project in the voter's basket, if it fits (the maximum, the money left, the points left)."""
    budget, ballot = _begin(voter=voter, budget=budget)
    project = _project_on_ballot(budget=budget, project_id=project_id)
    items = _basket_items(ballot)
    cumulative = budget.ballot_kind == Budget.BallotKind.CUMULATIVE
    points = _as_points(points) if cumulative else 1
    rank = len(items) + 1 if budget.ballot_kind == Budget.BallotKind.RANKED else None
    new = ballot_rules.Choice(project_id=project.pk, cost=project.cost, points=points, rank=rank)
    reason = ballot_rules.refusal_to_add(budget, choices_of(items), new)
    if reason:
        raise ValidationError(reason)
    item = BasketItem(ballot=ballot, project=project, points=points, rank=rank)
    # The ballot (locked) and the project (read above) exist: no query to check their keys again.
    item.full_clean(exclude=["ballot", "project"], validate_unique=False, validate_constraints=False)
    item.save()
    return _answer(ballot, [*items, item], project, budget)


@transaction.atomic
def basket_remove(*, voter, budget, project_id):
    """Take a project out of the basket (the ranks below it move up)."""
    budget, ballot = _begin(voter=voter, budget=budget, create=False)
    items = _basket_items(ballot) if ballot else []
    item = next((i for i in items if str(i.project_id) == str(project_id)), None)
    if item is None:
        raise ValidationError(_("This project is not in your ballot."))
    item.delete()
    left = [i for i in items if i.pk != item.pk]
    if budget.ballot_kind == Budget.BallotKind.RANKED:
        _renumber(left)
    return _answer(ballot, left, item.project, budget)


def _renumber(items):
    """Ranks 1..n in the given order, in two passes so the unique (ballot, rank) never sees a duplicate."""
    BasketItem.objects.filter(pk__in=[i.pk for i in items]).update(rank=None)
    for position, item in enumerate(items, start=1):
        item.rank = position
        item.save(update_fields=["rank"])


@transaction.atomic
def basket_set_points(*, voter, budget, project_id, points):
    """Cumulative ballots: give `points` to a project of the basket."""
    budget, ballot = _begin(voter=voter, budget=budget, create=False)
    items = _basket_items(ballot) if ballot else []
    item = next((i for i in items if str(i.project_id) == str(project_id)), None)
    if item is None:
        raise ValidationError(_("This project is not in your ballot."))
    points = _as_points(points)
    reason = ballot_rules.refusal_to_set_points(budget, choices_of(items), item.project_id, points)
    if reason:
        raise ValidationError(reason)
    item.points = points
    item.save(update_fields=["points"])
    return _answer(ballot, items, item.project, budget)


@transaction.atomic
def basket_rank(*, voter, budget, project_ids):
    """Ranked ballots: set the order of the basket (`project_ids`, favourite first, each project of the basket
    exactly once)."""
    budget, ballot = _begin(voter=voter, budget=budget, create=False)
    if budget.ballot_kind != Budget.BallotKind.RANKED:
        raise ValidationError(_("This ballot does not rank projects."))
    items = _basket_items(ballot) if ballot else []
    by_id = {str(i.project_id): i for i in items}
    wanted = [str(pk) for pk in project_ids]
    if len(wanted) != len(set(wanted)):
        raise ValidationError(_("A project appears twice in the ranking."))
    if set(wanted) != set(by_id):
        raise ValidationError(_("The ranking must list exactly the projects of your ballot."))
    ordered = [by_id[pk] for pk in wanted]
    _renumber(ordered)
    return _answer(ballot, ordered, None, budget)


@transaction.atomic
def basket_move(*, voter, budget, project_id, offset):
    """Ranked ballots: move a project up (offset -1) or down (+1) in the order."""
    ensure_allowed(VOTE, user=voter, obj=budget)
    ballot = Ballot.objects.filter(budget=budget, voter=voter).first()
    ids = [i.project_id for i in _basket_items(ballot)] if ballot else []
    try:
        position = ids.index(int(project_id))
    except (TypeError, ValueError):
        raise ValidationError(_("This project is not in your ballot.")) from None
    target = max(0, min(len(ids) - 1, position + int(offset)))
    moved = ids.pop(position)
    ids.insert(target, moved)
    ballot = basket_rank(voter=voter, budget=budget, project_ids=ids)
    ballot.touched_project = next((i.project for i in ballot.current_items if i.project_id == moved), None)
    return ballot


def _shape(items):
    return sorted((i.project_id, i.points, i.rank or 0) for i in items)


RECEIPT_CODE_ATTEMPTS = 5


class _ReceiptCodeRefused(Exception):
    def __init__(self, code, error):
        super().__init__(code)
        self.code, self.error = code, error


def ballot_confirm(*, voter, budget):
    """Confirm the basket as the voter's ballot: the whole rule is checked, the basket is copied into the ballot,
    the voter enters the register (refused if they voted in person or on paper), and a verification code is given
    (kept when a confirmed ballot is changed). The receipt is e-mailed after the commit."""
    for _attempt in range(RECEIPT_CODE_ATTEMPTS):
        try:
            return _ballot_confirm(voter=voter, budget=budget)
        except _ReceiptCodeRefused as refused:
            # The whole confirmation was undone. Another ballot holds the code: again, with another code.
            if not Ballot.objects.filter(receipt_code=refused.code).exists():
                raise refused.error from None
    raise RuntimeError("no free receipt code")


@transaction.atomic
def _ballot_confirm(*, voter, budget):
    budget, ballot = _begin(voter=voter, budget=budget, create=False)
    items = _basket_items(ballot) if ballot else []
    if not items:
        raise ValidationError(_("Your ballot is empty: choose at least one project."))
    if any(i.project.status != Project.Status.SELECTED or i.project.budget_id != budget.pk for i in items):
        raise ValidationError(_("A project of your ballot is no longer on the ballot; remove it and confirm again."))
    errors = ballot_rules.completeness_errors(budget, choices_of(items))
    if errors:
        raise ValidationError(errors)
    was_confirmed = ballot.confirmed_at is not None
    ballot.was_confirmed = was_confirmed  # for the view's message
    if was_confirmed:
        current = list(BallotItem.objects.filter(ballot=ballot))
        if _shape(current) == _shape(items):
            return ballot  # nothing changed: no new entry, no e-mail
        BallotItem.objects.filter(ballot=ballot).delete()  # a ballot never confirmed has no items to replace
    BallotItem.objects.bulk_create(
        BallotItem(ballot=ballot, project_id=i.project_id, points=i.points, rank=i.rank) for i in items
    )
    now = timezone.now()
    if was_confirmed:
        ballot.changes += 1
    else:
        entry = eligibility.census_entry_of(voter, budget.process)
        try:
            # No savepoint of its own: a refusal here undoes the whole confirmation anyway.
            Participation.objects.create(
                budget=budget, user=voter, census_entry=entry, channel=Channel.ONLINE, ballot=ballot
            )
        except IntegrityError:
            raise ValidationError(_("You already voted in this budget, in person or on paper.")) from None
        # ~60 random bits: a code already given is unheard of. The unique column refuses one (no query to look
        # for it first), and the confirmation runs again from the start with another code.
        ballot.receipt_code = new_receipt_code()
    ballot.confirmed_at = now
    try:
        ballot.save(update_fields=["confirmed_at", "receipt_code", "changes", "updated_at"])
    except IntegrityError as error:
        if was_confirmed:
            raise
        raise _ReceiptCodeRefused(ballot.receipt_code, error) from error
    # The audit says that a ballot was cast or changed, never what it holds (the vote is secret).
    audit_record(
        actor=voter,
        action="budgets.ballot_change" if was_confirmed else "budgets.ballot_confirm",
        target=ballot,
        data={"budget": budget.pk, "projects": len(items), "changes": ballot.changes},
        process=budget.process,
    )
    from .tasks import send_ballot_receipt  # tasks import services

    enqueue(send_ballot_receipt, ballot_id=ballot.pk, changed=was_confirmed)
    eligibility.forget(voter)
    return ballot


@transaction.atomic
def vote_close(*, process, actor):
    """End the vote now: the current voting phase ends yesterday… or, when it began today, the next phase is
    pinned. Takes the process row FOR UPDATE, so it waits for the ballots being confirmed and every later
    confirmation sees the vote closed."""
    process = Process.objects.select_for_update().get(pk=process.pk)
    ensure_allowed("budgets.manage_budgets", user=actor, obj=process)
    phase = process.active_phase
    if phase is None or Feature.VOTE not in phase.features:
        raise ValidationError(_("The vote is not open."))
    today = timezone.localdate()
    ordered = process.ordered_phases
    later = [p for p in ordered if p.start_date > phase.start_date]
    if phase.start_date < today and not process.pinned_phase_id:
        phase.end_date = today - timedelta(days=1)
        phase.save(update_fields=["end_date"])
    elif later:
        process.pinned_phase = later[0]
        process.save(update_fields=["pinned_phase", "updated_at"])
    else:
        raise ValidationError(_("Add the phase that follows the vote (results) before closing it today."))
    audit_record(actor=actor, action="budgets.vote_close", target=process, data={"phase": phase.pk}, process=process)
    return process
