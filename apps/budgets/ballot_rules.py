"""The four ballot rules, as plain checks on a list of choices (no database access).

Every channel asks the same two questions: the online basket (`refusal_to_add` while it is being filled, then
`completeness_errors` at confirmation), assisted ballots and paper sheets (`completeness_errors`). A budget without
amounts ignores costs.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Budget

Kind = Budget.BallotKind


@dataclass(frozen=True)
class Choice:
    project_id: int
    cost: Decimal = Decimal(0)
    points: int = 1
    rank: int | None = None


@dataclass(frozen=True)
class Summary:
    """What the meter shows."""

    count: int
    spent: Decimal
    remaining: Decimal | None  # money left (budgets with amounts)
    points_used: int
    points_left: int | None  # cumulative
    choices_left: int | None  # approval / ranked / knapsack with a maximum
    percent_used: int  # 0-100, of the money, points or choices (whichever the rule counts)


def amount(value, budget):
    """'12 500 €' in the active language (no decimals when there are none)."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    text = number_format(value, decimal_pos=places, force_grouping=True)
    return f"{text} {'€' if budget.currency == 'EUR' else budget.currency}"


def summary(budget, choices):
    count = len(choices)
    spent = sum((Decimal(c.cost) for c in choices), Decimal(0))
    points_used = sum(c.points for c in choices)
    remaining = budget.total_amount - spent if budget.has_amounts else None
    points_left = budget.points_total - points_used if budget.ballot_kind == Kind.CUMULATIVE else None
    choices_left = budget.max_projects - count if budget.max_projects is not None else None
    if budget.ballot_kind == Kind.KNAPSACK and budget.total_amount:
        percent = spent * 100 / budget.total_amount
    elif budget.ballot_kind == Kind.CUMULATIVE and budget.points_total:
        percent = Decimal(points_used * 100) / budget.points_total
    elif budget.max_projects:
        percent = Decimal(count * 100) / budget.max_projects
    else:
        percent = Decimal(0)
    return Summary(
        count=count,
        spent=spent,
        remaining=remaining,
        points_used=points_used,
        points_left=points_left,
        choices_left=choices_left,
        percent_used=max(0, min(100, int(percent))),
    )


def _max_projects_message(budget):
    return ngettext(
        "You can choose at most %(count)d project.", "You can choose at most %(count)d projects.", budget.max_projects
    ) % {"count": budget.max_projects}


def refusal_to_add(budget, choices, new):
    """Why `new` cannot join `choices` while the basket is being filled, or None. Checks only what adding can
    break (the maximum, the money, the points); minimums wait for the confirmation."""
    if any(c.project_id == new.project_id for c in choices):
        return _("This project is already in your ballot.")
    if budget.max_projects is not None and len(choices) >= budget.max_projects:
        return _max_projects_message(budget)
    if budget.ballot_kind == Kind.KNAPSACK:
        left = budget.total_amount - sum((Decimal(c.cost) for c in choices), Decimal(0))
        if Decimal(new.cost) > left:
            return _("This project costs %(cost)s and only %(left)s are left in your budget.") % {
                "cost": amount(new.cost, budget),
                "left": amount(left, budget),
            }
    if budget.ballot_kind == Kind.CUMULATIVE:
        return _points_refusal(budget, [c for c in choices], new.points)
    return None


def _points_refusal(budget, others, points):
    """Why giving `points` to one project (beside `others`) breaks the cumulative rule, or None."""
    if points < 1:
        return _("Give at least one point.")
    if budget.max_points_per_project and points > budget.max_points_per_project:
        return ngettext(
            "A project can take at most %(count)d point.",
            "A project can take at most %(count)d points.",
            budget.max_points_per_project,
        ) % {"count": budget.max_points_per_project}
    left = budget.points_total - sum(c.points for c in others)
    if points > left:
        return ngettext("You have only %(count)d point left.", "You have only %(count)d points left.", max(left, 0)) % {
            "count": max(left, 0)
        }
    return None


def refusal_to_set_points(budget, choices, project_id, points):
    """Why `project_id` cannot take `points` (cumulative ballots), or None."""
    if budget.ballot_kind != Kind.CUMULATIVE:
        return _("This ballot does not use points.")
    return _points_refusal(budget, [c for c in choices if c.project_id != project_id], points)


def completeness_errors(budget, choices):
    """Why `choices` is not a complete, valid ballot for `budget` ([] when it is)."""
    errors = []
    ids = [c.project_id for c in choices]
    if len(ids) != len(set(ids)):
        errors.append(_("A project appears twice in the ballot."))
    count = len(choices)
    if count == 0:
        errors.append(_("Your ballot is empty: choose at least one project."))
    if budget.min_projects and count < budget.min_projects:
        errors.append(
            ngettext("Choose at least %(count)d project.", "Choose at least %(count)d projects.", budget.min_projects)
            % {"count": budget.min_projects}
        )
    if budget.max_projects is not None and count > budget.max_projects:
        errors.append(_max_projects_message(budget))
    if budget.ballot_kind == Kind.KNAPSACK:
        spent = sum((Decimal(c.cost) for c in choices), Decimal(0))
        if spent > budget.total_amount:
            errors.append(
                _("Your choice costs %(spent)s, more than the budget of %(total)s.")
                % {"spent": amount(spent, budget), "total": amount(budget.total_amount, budget)}
            )
        if budget.min_spend_percent:
            minimum = budget.total_amount * budget.min_spend_percent / 100
            if spent < minimum:
                errors.append(
                    _(
                        "Your choice must spend at least %(minimum)s (%(percent)d %% of the budget); "
                        "it spends %(spent)s."
                    )
                    % {
                        "minimum": amount(minimum, budget),
                        "percent": budget.min_spend_percent,
                        "spent": amount(spent, budget),
                    }
                )
    if budget.ballot_kind == Kind.CUMULATIVE:
        if any(c.points < 1 for c in choices):
            errors.append(_("Give at least one point to each chosen project."))
        if budget.max_points_per_project and any(c.points > budget.max_points_per_project for c in choices):
            errors.append(
                ngettext(
                    "A project can take at most %(count)d point.",
                    "A project can take at most %(count)d points.",
                    budget.max_points_per_project,
                )
                % {"count": budget.max_points_per_project}
            )
        used = sum(c.points for c in choices)
        if used > budget.points_total:
            errors.append(
                _("You gave %(used)d points; you have %(total)d.") % {"used": used, "total": budget.points_total}
            )
    elif any(c.points != 1 for c in choices):
        errors.append(_("This ballot does not use points."))
    if budget.ballot_kind == Kind.RANKED:
        ranks = [c.rank for c in choices]
        if any(r is None for r in ranks) or sorted(ranks) != list(range(1, count + 1)):
            errors.append(_("Rank the chosen projects 1, 2, 3… without gaps or repeats."))
    elif any(c.rank is not None for c in choices):
        errors.append(_("This ballot does not rank projects."))
    return errors
