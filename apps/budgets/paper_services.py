"""Paper ballots: each sheet is typed by two agents (double entry), and only agreeing or reconciled entries count.

The life of one sheet (its number is written on it, unique in the budget):
1. the first agent types it: a PENDING entry (with double entry off, this one entry makes the ballot at once);
2. a second, different agent types it again:
   - the two entries agree: one confirmed paper Ballot (no voter, `paper_sheet` set) with its items; both entries
     MATCHED and linked to it;
   - they disagree: both MISMATCH, and nothing counts yet;
3. a mismatched sheet is reconciled by a third person (or an administrator of the process) who reads the sheet and
   types what it says: the ballot is made, both entries RECONCILED and linked to it.

**Void sheets** (unreadable, or breaking the ballot's rule: too many crosses, over the budget...) are kept, never
turned into a ballot: their entries are typed with `is_void`, and a sheet whose entries are final (MATCHED or
RECONCILED) without a ballot is a void sheet. `paper_sheet_counts` counts them apart from the ballots.

Nothing here touches the register: the person who voted on paper was marked at the table
(`assisted_services.paper_voter_mark`), and the sheet is never linked to them (the secret of the vote).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.permissions import ensure_allowed, is_allowed
from apps.core.services import audit_record

from .assisted_services import ballot_projects, choices_from, ensure_complete, items_for
from .models import Ballot, BallotItem, Budget, Channel, PaperEntry, voting_settings_for

FINAL = (PaperEntry.State.MATCHED, PaperEntry.State.RECONCILED)
SHEET_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9 ._-]*")
SHEET_MAX_LENGTH = PaperEntry._meta.get_field("sheet").max_length


def normalise_sheet(sheet):
    sheet = " ".join(str(sheet or "").split()).upper()
    if not sheet:
        raise ValidationError({"sheet": _("Write the number of the sheet.")})
    if not SHEET_PATTERN.fullmatch(sheet):
        raise ValidationError({"sheet": _("A sheet number holds letters, digits, spaces, dots and dashes.")})
    if len(sheet) > SHEET_MAX_LENGTH:
        raise ValidationError({"sheet": _("A sheet number has at most %(n)d characters.") % {"n": SHEET_MAX_LENGTH}})
    return sheet


def stored_choices(choices):
    """The entry's JSON: {"<project id>": {"points": n, "rank": r}} (comparable between two entries)."""
    return {str(c.project_id): {"points": c.points or 1, "rank": c.rank} for c in choices}


def typed_from_stored(stored):
    return [(int(pk), value.get("points") or 1, value.get("rank")) for pk, value in (stored or {}).items()]


def _same(first, second):
    if first.is_void or second.is_void:
        return first.is_void and second.is_void
    return stored_choices_key(first.choices) == stored_choices_key(second.choices)


def stored_choices_key(stored):
    return sorted((str(pk), value.get("points") or 1, value.get("rank")) for pk, value in (stored or {}).items())


def _valid_choices(budget, choices, is_void):
    """The choices checked against the ballot's rule; a void sheet has none."""
    if is_void:
        return []
    choices = choices_from(budget=budget, typed=[(c.project_id, c.points, c.rank) for c in choices])
    try:
        ensure_complete(budget=budget, choices=choices)
    except ValidationError as error:
        # The agent corrects the typing, or marks the sheet void when that is what the sheet says.
        raise ValidationError(
            [*error.messages, _("Check your typing; if the sheet itself breaks the rule, mark it void.")]
        ) from None
    return choices


def _lock_budget(budget):
    # One sheet's entries are decided one at a time: the budget's row serialises the paper entry of the budget
    # (a few agents at most), so two first entries typed at once cannot both stay pending.
    return Budget.objects.select_for_update().get(pk=budget.pk)


def _make_ballot(*, budget, sheet, choices, recorded_by):
    ballot = Ballot(
        budget=budget,
        voter=None,
        channel=Channel.PAPER,
        confirmed_at=timezone.now(),
        recorded_by=recorded_by,
        paper_sheet=sheet,
    )
    ballot.full_clean()
    ballot.save()
    BallotItem.objects.bulk_create(items_for(ballot, choices))
    return ballot


def _audit(agent, action, budget, sheet, **data):
    # The sheet and what happened to it; never the choices.
    audit_record(actor=agent, action=action, target=budget, data={"sheet": sheet, **data}, process=budget.process)


def _refuse_if_final(entries, sheet):
    if any(entry.state in FINAL for entry in entries):
        raise ValidationError({"sheet": _("Sheet %(sheet)s has already been entered and counted.") % {"sheet": sheet}})


def paper_entry_add(*, agent, budget, sheet, choices, is_void=False):
    """One agent's typing of one sheet. Returns the entry; its state says what happened (PENDING: waits for a
    colleague; MATCHED: the ballot counts, or the void sheet is recorded; MISMATCH: waits for reconciliation)."""
    ensure_allowed("budgets.enter_paper_ballots", user=agent, obj=budget)
    sheet = normalise_sheet(sheet)
    choices = _valid_choices(budget, choices, is_void)
    double_entry = voting_settings_for(budget.process).paper_double_entry
    try:
        with transaction.atomic():
            _lock_budget(budget)
            entries = list(PaperEntry.objects.select_for_update().filter(budget=budget, sheet=sheet).order_by("pk"))
            _refuse_if_final(entries, sheet)
            if any(entry.entered_by_id == agent.pk for entry in entries):
                raise ValidationError(
                    {
                        "sheet": _("You have already typed sheet %(sheet)s: a colleague types it the second time.")
                        % {"sheet": sheet}
                    }
                )
            if any(entry.state == PaperEntry.State.MISMATCH for entry in entries):
                raise ValidationError(
                    {
                        "sheet": _("The two entries of sheet %(sheet)s disagree: it waits for reconciliation.")
                        % {"sheet": sheet}
                    }
                )
            entry = PaperEntry(
                budget=budget,
                sheet=sheet,
                entered_by=agent,
                choices={} if is_void else stored_choices(choices),
                is_void=is_void,
            )
            entry.full_clean(validate_constraints=False)
            first = entries[0] if entries else None
            if first is None and double_entry:
                entry.save()
                _audit(agent, "budgets.paper_entry_first", budget, sheet, void=is_void)
                return entry
            if first is not None and not _same(first, entry):
                entry.state = PaperEntry.State.MISMATCH
                entry.save()
                first.state = PaperEntry.State.MISMATCH
                first.save(update_fields=["state"])
                _audit(agent, "budgets.paper_entry_mismatch", budget, sheet)
                return entry
            ballot = None if is_void else _make_ballot(budget=budget, sheet=sheet, choices=choices, recorded_by=agent)
            entry.state = PaperEntry.State.MATCHED
            entry.ballot = ballot
            entry.save()
            if first is not None:
                first.state = PaperEntry.State.MATCHED
                first.ballot = ballot
                first.save(update_fields=["state", "ballot"])
            _audit(
                agent, "budgets.paper_entry_matched", budget, sheet, void=is_void, ballot=getattr(ballot, "pk", None)
            )
            return entry
    except IntegrityError:
        # Another agent finished this sheet at the same moment (sheet or agent constraints).
        raise ValidationError(
            {"sheet": _("Sheet %(sheet)s has just been entered by someone else; reload the page.") % {"sheet": sheet}}
        ) from None


def may_reconcile(agent, budget, entries):
    """A third person, or an administrator of the process (who may have typed one of the entries)."""
    if is_allowed("spaces.change_process", agent, budget.process):
        return True
    return all(entry.entered_by_id != agent.pk for entry in entries)


def paper_entry_reconcile(*, agent, budget, sheet, choices, is_void=False):
    """Settle a mismatched sheet with what it really says (read on the sheet itself): makes the ballot (none for a
    void sheet) and marks its entries RECONCILED. Returns the ballot, or None for a void sheet."""
    ensure_allowed("budgets.enter_paper_ballots", user=agent, obj=budget)
    sheet = normalise_sheet(sheet)
    choices = _valid_choices(budget, choices, is_void)
    try:
        with transaction.atomic():
            _lock_budget(budget)
            entries = list(PaperEntry.objects.select_for_update().filter(budget=budget, sheet=sheet).order_by("pk"))
            if not entries:
                raise ValidationError({"sheet": _("Nobody has typed sheet %(sheet)s yet.") % {"sheet": sheet}})
            _refuse_if_final(entries, sheet)
            if not any(entry.state == PaperEntry.State.MISMATCH for entry in entries):
                raise ValidationError(
                    {
                        "sheet": _("The entries of sheet %(sheet)s do not disagree: nothing to reconcile.")
                        % {"sheet": sheet}
                    }
                )
            if not may_reconcile(agent, budget, entries):
                raise PermissionDenied(
                    _("You typed one of the entries of this sheet: a third person or an administrator reconciles it.")
                )
            ballot = None if is_void else _make_ballot(budget=budget, sheet=sheet, choices=choices, recorded_by=agent)
            PaperEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
                state=PaperEntry.State.RECONCILED, ballot=ballot
            )
            _audit(
                agent, "budgets.paper_entry_reconciled", budget, sheet, void=is_void, ballot=getattr(ballot, "pk", None)
            )
            return ballot
    except IntegrityError:
        raise ValidationError(
            {"sheet": _("Sheet %(sheet)s has just been entered by someone else; reload the page.") % {"sheet": sheet}}
        ) from None


# --- Reads for the screens ------------------------------------------------------------------------------------------


@dataclass
class SheetCounts:
    pending: int = 0
    mismatched: int = 0
    ballots: int = 0
    void: int = 0


def paper_sheet_counts(budget):
    """Sheets per state in a budget (one query): waiting for the second entry, to reconcile, counted, void."""
    rows = (
        PaperEntry.objects.filter(budget=budget)
        .values("sheet")
        .annotate(
            final=Count("pk", filter=Q(state__in=FINAL)),
            mismatched=Count("pk", filter=Q(state=PaperEntry.State.MISMATCH)),
            with_ballot=Count("pk", filter=Q(ballot__isnull=False)),
        )
    )
    counts = SheetCounts()
    for row in rows:
        if row["final"]:
            if row["with_ballot"]:
                counts.ballots += 1
            else:
                counts.void += 1
        elif row["mismatched"]:
            counts.mismatched += 1
        else:
            counts.pending += 1
    return counts


def sheets_waiting_for(budget, agent):
    """The sheets typed once by a colleague, which this agent may type the second time: [(sheet, colleague)], oldest
    first (the pile handed over from the first entry)."""
    entries = (
        PaperEntry.objects.filter(budget=budget, state=PaperEntry.State.PENDING)
        .exclude(entered_by=agent)
        .select_related("entered_by")
        .order_by("created_at", "pk")
    )
    return [(entry.sheet, entry.entered_by) for entry in entries]


def mismatched_sheets(budget):
    """{sheet: [entries]} of the sheets waiting for reconciliation, oldest first."""
    sheets = {}
    entries = (
        PaperEntry.objects.filter(budget=budget, state=PaperEntry.State.MISMATCH)
        .select_related("entered_by")
        .order_by("created_at", "pk")
    )
    for entry in entries:
        sheets.setdefault(entry.sheet, []).append(entry)
    return sheets


def sheet_comparison(budget, entries):
    """Rows for the side-by-side screen: each project of the ballot with what each entry says, and whether they
    differ."""
    rows = []
    for project in ballot_projects(budget):
        values = [(entry.choices or {}).get(str(project.pk)) for entry in entries]
        shown = [None if value is None else (value.get("rank") or value.get("points") or 1) for value in values]
        rows.append({"project": project, "values": shown, "differs": len({str(v) for v in shown}) > 1})
    return rows


def _money(amount, currency):
    from django.utils.formats import number_format

    return f"{number_format(amount, decimal_pos=0, force_grouping=True)} {currency}"


def ballot_instructions(budget):
    """The ballot's rule in words, for the paper sheet."""
    kinds = Budget.BallotKind
    lines = []
    if budget.ballot_kind in (kinds.APPROVAL, kinds.KNAPSACK):
        if budget.min_projects and budget.max_projects:
            lines.append(
                _("Tick between %(min)d and %(max)d projects.")
                % {"min": budget.min_projects, "max": budget.max_projects}
            )
        elif budget.max_projects:
            lines.append(_("Tick at most %(max)d projects.") % {"max": budget.max_projects})
        elif budget.min_projects:
            lines.append(_("Tick at least %(min)d projects.") % {"min": budget.min_projects})
        else:
            lines.append(_("Tick the projects you support."))
        if budget.ballot_kind == kinds.KNAPSACK:
            lines.append(
                _("The total cost of the projects you tick must not exceed %(total)s.")
                % {"total": _money(budget.total_amount, budget.currency)}
            )
            if budget.min_spend_percent:
                lines.append(
                    _("It must reach at least %(percent)d %% of the budget (%(amount)s).")
                    % {
                        "percent": budget.min_spend_percent,
                        "amount": _money(budget.total_amount * budget.min_spend_percent / 100, budget.currency),
                    }
                )
    elif budget.ballot_kind == kinds.CUMULATIVE:
        lines.append(
            _("Share %(points)d points between the projects: write the points in the boxes.")
            % {"points": budget.points_total or 0}
        )
        if budget.max_points_per_project:
            lines.append(_("At most %(max)d points on one project.") % {"max": budget.max_points_per_project})
    elif budget.ballot_kind == kinds.RANKED:
        lines.append(
            _("Number up to %(max)d projects in your order of preference: 1 for your favourite, then 2, 3…")
            % {"max": budget.max_projects or 0}
        )
    lines.append(_("A sheet that breaks these rules, or that cannot be read, is void."))
    return lines
