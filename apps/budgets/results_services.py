"""Publishing a budget's results: once, frozen, audited (issue 10, section 4).

`results_publish` counts the confirmed ballots with the rule the administrator chose in the preview, explains each
project's fate (apps/voting/rules/explain.py), freezes the recount files (the anonymised ballots as Pabulib and as
CSV, with their SHA-256) and moves every project on the ballot to Winner or Not chosen through the pipeline
(project_status_set, which audits each move and tells the project's followers and authors). All in one
transaction, the budget's row locked; a second publication is refused (and the one-to-one is a database
constraint). There is no way to change a publication: a mistake is corrected in the open, by a new process.
"""

import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.pagecache import bump_for
from apps.core.permissions import ensure_allowed
from apps.core.services import audit_record
from apps.voting.rules.explain import explain
from apps.voting.rules.mes import complete_greedily
from apps.voting.rules.profile import exact_number

from . import counting
from .models import Budget, CountingCompletion, CountingRule, Project, ResultPublication
from .project_services import _process_locked_for_share, project_status_set, vote_is_open

PUBLISH = "budgets.publish_results"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def voters_with_a_winner(profile, winners) -> int:
    """How many voters have at least one winning project on their ballot."""
    chosen = set(winners)
    total = 0
    for ballot, n in profile.ballots.items():
        if any(pid in chosen for pid in profile.project_ids(ballot)):
            total += n
    return total


def _min_score_number(min_score):
    if min_score is None:
        return None
    return exact_number(str(min_score)) if isinstance(min_score, Decimal) else exact_number(min_score)


def outcome_document(*, budget, profile, rule, completion, min_score):
    """The published outcome as JSON: the explanation of every project (apps/voting/rules/explain.py), each
    project's primary key beside its key, and how many voters have at least one winner."""
    if completion not in CountingCompletion.values:
        raise ValidationError({"completion": _("Unknown completion: %(completion)s.") % {"completion": completion}})
    mes_outcome = None
    try:
        if rule == CountingRule.MES:
            # Equal Shares is counted once, without its completion, which explain() adds (Add1 may take thousands
            # of rounds on a small election with a large budget).
            mes_outcome = counting.count_budget(
                budget, rule=rule, completion=CountingCompletion.NONE, min_score=min_score, profile=profile
            )
            counted = (
                complete_greedily(profile, mes_outcome) if completion == CountingCompletion.GREEDY else mes_outcome
            )
        else:
            counted = counting.count_budget(
                budget, rule=rule, completion=completion, min_score=min_score, profile=profile
            )
    except counting.CountingError as error:
        raise ValidationError({"rule": str(error)}) from error
    explanation = explain(
        profile, rule, min_score=_min_score_number(min_score), completion=completion, mes_outcome=mes_outcome
    )
    if explanation.winners != counted.winners:  # pragma: no cover - explain counts with the same rules
        raise ValidationError(_("The count could not be explained; nothing was published."))
    document = explanation.as_dict()
    pks = {counting.project_key(p): p.pk for p in Project.objects.filter(budget_id=budget.pk)}
    for row in document["projects"]:
        row["pk"] = pks.get(row["id"])
    document["voters_with_winner"] = voters_with_a_winner(profile, explanation.winners)
    document["ballots"] = profile.num_voters
    return document


@transaction.atomic
def results_publish(*, budget, rule, completion=CountingCompletion.NONE, actor, min_score=None):
    """Publish `budget`'s results counted with `rule` (CountingRule), `completion` (Equal Shares only) and
    `min_score` (the greedy rules only). Refused while the vote is open and when results are already published."""
    budget = Budget.objects.select_for_update(of=("self",)).select_related("process").get(pk=budget.pk)
    process = _process_locked_for_share(budget.process_id)
    budget.process = process
    ensure_allowed(PUBLISH, user=actor, obj=budget)
    if vote_is_open(process):
        raise ValidationError(_("The vote is open: results can be published once it has closed."))
    if ResultPublication.objects.filter(budget_id=budget.pk).exists():
        raise ValidationError(_("The results of this budget are already published; they cannot change."))
    if rule not in CountingRule.values:
        raise ValidationError({"rule": _("Unknown counting rule: %(rule)s.") % {"rule": rule}})
    completion = completion or CountingCompletion.NONE
    profile = counting.profile_from_budget(budget)
    document = outcome_document(budget=budget, profile=profile, rule=rule, completion=completion, min_score=min_score)
    pabulib_text = counting.pabulib_text_for_budget(budget)
    csv_text = counting.ballots_csv_text(budget, pabulib_text=pabulib_text)
    publication = ResultPublication(
        budget=budget,
        rule=rule,
        completion=completion,
        min_score=min_score,
        outcome=document,
        pabulib_text=pabulib_text,
        pabulib_sha256=sha256(pabulib_text),
        csv_text=csv_text,
        csv_sha256=sha256(csv_text),
        published_at=timezone.now(),
        published_by=actor,
    )
    publication.full_clean()
    # The projects move first: once the publication exists, the pipeline refuses to move them out of their outcome.
    winners = {row["pk"] for row in document["projects"] if row["selected"]}
    moved = _move_projects(budget=budget, winners=winners, actor=actor)
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError as error:  # a publication committed while we counted (the one-to-one)
        raise ValidationError(_("The results of this budget are already published; they cannot change.")) from error
    audit_record(
        actor=actor,
        action="budgets.results_publish",
        target=budget,
        data={
            "rule": rule,
            "completion": completion,
            "min_score": str(min_score) if min_score is not None else None,
            "winners": document["winners"],
            "spent": document["spent"],
            "ballots": document["ballots"],
            "pabulib_sha256": publication.pabulib_sha256,
            "csv_sha256": publication.csv_sha256,
            "projects_moved": moved,
        },
    )
    bump_for(budget)
    return publication


def _move_projects(*, budget, winners, actor):
    """Every project on the ballot becomes Winner or Not chosen, through the pipeline (audited, notified). A project
    an administrator had already marked otherwise goes back to Selected first."""
    outcome_statuses = (Project.Status.WINNER, Project.Status.NOT_WINNER)
    moved = 0
    projects = Project.objects.filter(budget_id=budget.pk, status__in=Project.PUBLIC_STATUSES).order_by("pk")
    for project in projects:
        target = Project.Status.WINNER if project.pk in winners else Project.Status.NOT_WINNER
        if project.status == target:
            continue
        if project.status in outcome_statuses:
            project = project_status_set(project=project, to=Project.Status.SELECTED, actor=actor)
        project_status_set(project=project, to=target, actor=actor)
        moved += 1
    return moved
