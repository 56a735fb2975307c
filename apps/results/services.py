"""Writes of results tracking, by the process's administrators (`results.manage_results`, asked again here).

- status_save / status_delete: the statuses of a process and their default progress;
- results_settings_update: how a parent's progress rolls up (every parent is rolled up again);
- result_create / result_update / result_delete: results made or edited by hand (with images);
- results_from_winners: one result per winning project of the process (or of one budget), in one action, linked back
  to the project and its proposals; the project's followers and the proposals' authors follow the result;
- results_bulk_update: a status (and its default progress) or dates for many results at once;
- timeline_entry_add: a dated step of the works, with photos; the result's followers are told;
- result_import_row: one row of the CSV/XLSX import (apps/results/backoffice.py), through the same rules.

Picking a status sets the progress to the status's default unless a progress is given; a result with sub-results
takes its progress from them (progress.rolled_up, per ResultsSettings.rollup) and its parent is rolled up again
after every change of a child. Each service runs in one transaction and writes its audit entry.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.budgets.models import Project
from apps.budgets.project_services import clean_project_image, project_author_ids
from apps.core.i18n import default_language_fieldname, localized_fieldnames
from apps.core.pagecache import bump_for
from apps.core.permissions import ensure_allowed
from apps.core.sanitize import assign_fields
from apps.core.services import audit_record
from apps.machine_translation.services import translations_request
from apps.notifications import services as notification_services

from .models import (
    Result,
    ResultImage,
    ResultStatus,
    Rollup,
    TimelineEntry,
    TimelineImage,
    results_settings_for,
)
from .progress import rolled_up

MANAGE = "results.manage_results"

RESULT_FIELDS = (
    *localized_fieldnames("title", "description"),
    "start_date",
    "end_date",
    "cost",
    "amount_spent",
    "category",
    "district",
    "address",
    "latitude",
    "longitude",
    "external_id",
    "position",
)
STATUS_FIELDS = (*localized_fieldnames("name", "description"), "key", "progress", "position")
ENTRY_FIELDS = (*localized_fieldnames("title", "description"), "date")
RICH_TEXT_FIELDS = frozenset(localized_fieldnames("description"))


def _apply(obj, data, fields, rich_text=RICH_TEXT_FIELDS):
    return assign_fields(obj, data, fields, rich_text=rich_text)


def _ensure_filled(obj, name, message):
    column = default_language_fieldname(name)
    if not (getattr(obj, column) or "").strip():
        raise ValidationError({column: message})


def _save(obj):
    """full_clean and save; a unique constraint raced past full_clean becomes the same sentence."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(_("This could not be saved: another change was made at the same time.")) from error


# --- Statuses ----------------------------------------------------------------------------------------------------


@transaction.atomic
def status_save(*, actor, process, data, status=None):
    """Create (status=None) or edit a status of `process`."""
    ensure_allowed(MANAGE, user=actor, obj=process)
    is_new = status is None
    if is_new:
        status = ResultStatus(process=process)
        if data.get("position") in (None, ""):
            top = ResultStatus.objects.filter(process=process).aggregate(n=Max("position"))["n"]
            data = {**data, "position": (top or 0) + 1}
    elif status.process_id != process.pk:
        raise ValidationError(_("This status does not belong to the process."))
    changed = _apply(status, data, STATUS_FIELDS, rich_text=frozenset())
    _ensure_filled(status, "name", _("Give the status a name."))
    if ResultStatus.objects.filter(process=process, key=status.key).exclude(pk=status.pk).exists():
        raise ValidationError({"key": _("Another status of this process has this key.")})
    _save(status)
    audit_record(
        actor=actor,
        action="results.status_create" if is_new else "results.status_update",
        target=status,
        data={"changed": sorted(changed), "progress": status.progress},
        process=process,
    )
    bump_for(status)
    return status


@transaction.atomic
def status_delete(*, actor, status):
    """Delete a status; its results keep their progress and have no status any more."""
    process = status.process
    ensure_allowed(MANAGE, user=actor, obj=process)
    used = Result.objects.filter(status=status).count()
    audit_record(
        actor=actor, action="results.status_delete", target=status, data={"key": status.key, "results": used},
        process=process,
    )
    bump_for(status)
    status.delete()
    return used


# --- Settings and roll-up ----------------------------------------------------------------------------------------


def _rollup(parent_id, *, mode=None):
    """Recompute a parent result's progress from its children (row locked); True when it changed."""
    if parent_id is None:
        return False
    parent = Result.objects.select_for_update(of=("self",)).select_related("process").filter(pk=parent_id).first()
    if parent is None:
        return False
    rows = list(Result.objects.filter(parent_id=parent_id).values_list("progress", "cost"))
    if not rows:
        return False
    mode = mode or results_settings_for(parent.process).rollup
    value = rolled_up(rows, mode)
    if parent.progress == value:
        return False
    parent.progress = value
    parent.save(update_fields=["progress", "updated_at"])
    return True


@transaction.atomic
def results_settings_update(*, actor, process, rollup):
    ensure_allowed(MANAGE, user=actor, obj=process)
    if rollup not in Rollup.values:
        raise ValidationError({"rollup": _("Choose how the progress rolls up.")})
    settings = results_settings_for(process)
    before = settings.rollup
    settings.rollup = rollup
    settings.full_clean()
    settings.save()
    parent_ids = set(
        Result.objects.filter(process=process, parent__isnull=False).values_list("parent_id", flat=True)
    )
    for parent_id in sorted(parent_ids):
        _rollup(parent_id, mode=rollup)
    audit_record(
        actor=actor, action="results.settings_update", target=process, data={"before": before, "after": rollup}
    )
    bump_for(process)
    return settings


# --- Results -----------------------------------------------------------------------------------------------------


def _apply_status(result, data, *, has_children):
    """The status, and the progress: the one given, else the new status's default; a parent's comes from its
    children. Returns True when the status changed."""
    status_changed = False
    if "status" in data:
        status = data["status"]
        status_changed = (status.pk if status else None) != result.status_id
        result.status = status
    progress = data.get("progress")
    if has_children:
        return status_changed
    if progress is not None and progress != "":
        result.progress = Decimal(progress)
    elif status_changed and result.status is not None and result.status.progress is not None:
        result.progress = Decimal(result.status.progress)
    return status_changed


def _apply_parent(result, data):
    if "parent" not in data:
        return None
    parent = data["parent"]
    before = result.parent_id
    result.parent = parent
    return before


def _next_position(process, parent_id=None):
    top = Result.objects.filter(process=process, parent_id=parent_id).aggregate(n=Max("position"))["n"]
    return (top or 0) + 1


def _add_images(result, images):
    """`images`: (uploaded file, alternative text) pairs, checked by content and re-encoded, after the others."""
    start = (result.images.aggregate(n=Max("position"))["n"] or 0) + 1
    for offset, (uploaded, alt_text) in enumerate(images):
        try:
            image = clean_project_image(uploaded)
        except ValidationError as error:
            raise ValidationError({"images": error.messages}) from error
        row = ResultImage(result=result, image=image, alt_text=(alt_text or "").strip()[:200], position=start + offset)
        row.full_clean()
        row.save()
    return len(images)


def _status_words(result):
    """"Works – 60 %": what a follower reads about a result's new status."""
    name = result.status.name if result.status_id else _("No status")
    return _("%(status)s – %(progress)s %%") % {"status": name, "progress": f"{result.progress:.0f}"}


def _notify_status(result, actor):
    notification_services.notify_status_changed(
        target=result, actor=actor, answer=_status_words(result), status_changed=False
    )


@transaction.atomic
def result_create(*, actor, process, data, images=()):
    """A result made by an administrator."""
    ensure_allowed(MANAGE, user=actor, obj=process)
    result = Result(process=process)
    _apply(result, data, RESULT_FIELDS)
    _apply_parent(result, data)
    _apply_status(result, data, has_children=False)
    if not result.position:
        result.position = _next_position(process, result.parent_id)
    _ensure_filled(result, "title", _("Give the result a title."))
    _save(result)
    _add_images(result, images)
    _rollup(result.parent_id)
    audit_record(
        actor=actor,
        action="results.result_create",
        target=result,
        data={"parent": result.parent_id, "status": result.status_id, "progress": str(result.progress)},
    )
    translations_request(obj=result)
    bump_for(result)
    return result


@transaction.atomic
def result_update(*, actor, result, data, images=(), notify=True):
    """Edit a result; a new status gives its default progress unless a progress is given; the parent (old and new)
    is rolled up again; the followers are told of a new status."""
    result = Result.objects.select_for_update(of=("self",)).select_related("process", "status").get(pk=result.pk)
    ensure_allowed(MANAGE, user=actor, obj=result.process)
    before_progress = result.progress
    changed = _apply(result, data, RESULT_FIELDS)
    old_parent = _apply_parent(result, data)
    has_children = Result.objects.filter(parent_id=result.pk).exists()
    status_changed = _apply_status(result, data, has_children=has_children)
    _ensure_filled(result, "title", _("Give the result a title."))
    _save(result)
    if _add_images(result, images):
        changed.append("images")
    if status_changed:
        changed.append("status")
    if result.progress != before_progress:
        changed.append("progress")
    if old_parent is not None and old_parent != result.parent_id:
        changed.append("parent")
        _rollup(old_parent)
    _rollup(result.parent_id)
    audit_record(
        actor=actor,
        action="results.result_update",
        target=result,
        data={"changed": sorted(set(changed)), "status": result.status_id, "progress": str(result.progress)},
    )
    bump_for(result)
    if notify and status_changed:
        _notify_status(result, actor)
    translations_request(obj=result)  # the task asks the provider only for a text it has not translated yet
    return result


def _has_comments(result_ids):
    from django.contrib.contenttypes.models import ContentType

    from apps.comments.models import Comment

    content_type = ContentType.objects.get_for_model(Result)
    return Comment.objects.filter(content_type=content_type, object_id__in=result_ids).exists()


@transaction.atomic
def result_delete(*, actor, result):
    """Delete a result (and its sub-results, timeline and images); its parent is rolled up again. Refused once
    residents have commented on it (or on a sub-result): their words stay where they wrote them."""
    ensure_allowed(MANAGE, user=actor, obj=result.process)
    ids = [result.pk, *Result.objects.filter(parent_id=result.pk).values_list("pk", flat=True)]
    if _has_comments(ids):
        raise ValidationError(_("Residents have commented on this result: it cannot be deleted."))
    parent_id = result.parent_id
    audit_record(
        actor=actor, action="results.result_delete", target=result, data={"id": result.pk, "parent": parent_id},
        process=result.process,
    )
    bump_for(result)
    result.delete()
    if parent_id and Result.objects.filter(parent_id=parent_id).exists():
        _rollup(parent_id)


@dataclass
class Conversion:
    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def _first_status(process):
    return ResultStatus.objects.filter(process=process).order_by("position", "pk").first()


@transaction.atomic
def results_from_winners(*, actor, process, budget=None, status=None):
    """One result per winning project of `process` (of `budget` only, if given) that has none yet: its title and
    description in every language, cost, category, place, and the budget's district; linked to the project and the
    proposals it comes from. The project's followers and the proposals' authors follow the result. The status is
    `status`, else the process's first one (and its default progress)."""
    ensure_allowed(MANAGE, user=actor, obj=process)
    if budget is not None and budget.process_id != process.pk:
        raise ValidationError({"budget": _("This budget does not belong to the process.")})
    if status is not None and status.process_id != process.pk:
        raise ValidationError({"status": _("This status does not belong to the process.")})
    status = status or _first_status(process)
    winners = Project.objects.select_for_update(of=("self",)).filter(
        budget__process=process, status=Project.Status.WINNER
    )
    if budget is not None:
        winners = winners.filter(budget=budget)
    winners = list(winners.select_related("budget").order_by("budget__position", "budget_id", "position", "pk"))
    if not winners:
        raise ValidationError(_("This process has no winning project yet: publish the results of its vote first."))
    linked = set(Result.projects.through.objects.filter(project__in=winners).values_list("project_id", flat=True))
    taken_ids = set(
        Result.objects.filter(process=process).exclude(external_id="").values_list("external_id", flat=True)
    )
    outcome = Conversion()
    position = _next_position(process)
    for project in winners:
        if project.pk in linked:
            outcome.skipped.append(project)
            continue
        result = Result(
            process=process,
            status=status,
            progress=Decimal(status.progress) if status is not None and status.progress is not None else Decimal(0),
            cost=project.cost,
            category=project.category,
            district=project.budget.district,
            address=project.address,
            latitude=project.latitude,
            longitude=project.longitude,
            position=position,
        )
        for name in localized_fieldnames("title", "description"):
            setattr(result, name, getattr(project, name))
        if project.external_id and project.external_id not in taken_ids:
            result.external_id = project.external_id
            taken_ids.add(project.external_id)
        _save(result)
        result.projects.add(project)
        proposals = list(project.proposals.all())
        result.proposals.add(*proposals)
        notification_services.follows_copy(sources=[project], target=result, extra_users=project_author_ids(project))
        position += 1
        outcome.created.append(result)
        audit_record(actor=actor, action="results.result_from_project", target=result, data={"project": project.pk})
        bump_for(result)
    audit_record(
        actor=actor,
        action="results.results_from_winners",
        target=process,
        data={
            "budget": getattr(budget, "pk", None),
            "created": [r.pk for r in outcome.created],
            "skipped": [p.pk for p in outcome.skipped],
        },
    )
    bump_for(process)
    return outcome


BULK_FIELDS = ("status", "start_date", "end_date")


@transaction.atomic
def results_bulk_update(*, actor, process, results, data):
    """Give many results of `process` a status (and its default progress) and/or dates at once. `data` holds only
    what changes ({"status": ..., "start_date": ..., "end_date": ...}). All or nothing: a result whose new dates do
    not fit is named, and nothing is saved."""
    ensure_allowed(MANAGE, user=actor, obj=process)
    data = {key: value for key, value in data.items() if key in BULK_FIELDS}
    if not data:
        raise ValidationError(_("Choose what to change: a status, a start date or an end date."))
    ids = sorted({getattr(r, "pk", r) for r in results})
    if not ids:
        raise ValidationError(_("Tick at least one result."))
    rows = list(
        Result.objects.select_for_update(of=("self",)).filter(pk__in=ids, process=process).select_related("status")
    )
    if len(rows) != len(ids):
        raise ValidationError(_("Some of these results do not belong to the process."))
    if data.get("status") is not None and data["status"].process_id != process.pk:
        raise ValidationError({"status": _("This status does not belong to the process.")})
    parents = set(Result.objects.filter(parent_id__in=ids).values_list("parent_id", flat=True))
    errors, notified = [], []
    for result in rows:
        for name in ("start_date", "end_date"):
            if name in data:
                setattr(result, name, data[name])
        status_changed = _apply_status(
            result, {"status": data["status"]} if "status" in data else {}, has_children=result.pk in parents
        )
        try:
            result.full_clean()
        except ValidationError as error:
            errors.append(f"{result.title}: {' '.join(error.messages)}")
            continue
        result.save()
        if status_changed:
            notified.append(result)
    if errors:
        raise ValidationError(errors)
    for parent_id in sorted({r.parent_id for r in rows if r.parent_id}):
        _rollup(parent_id)
    audit_record(
        actor=actor,
        action="results.results_bulk_update",
        target=process,
        data={
            "results": ids,
            "status": data["status"].pk if data.get("status") else None,
            "start_date": str(data["start_date"]) if data.get("start_date") else None,
            "end_date": str(data["end_date"]) if data.get("end_date") else None,
        },
    )
    bump_for(process)
    for result in notified:
        _notify_status(result, actor)
    return rows


# --- Timeline ----------------------------------------------------------------------------------------------------


@transaction.atomic
def timeline_entry_add(*, actor, result, data, images=()):
    """A dated step of the works (title and description in each language, photos checked by content and
    re-encoded); the result's followers are told."""
    ensure_allowed(MANAGE, user=actor, obj=result.process)
    entry = TimelineEntry(result=result, created_by=actor if actor.is_authenticated else None)
    _apply(entry, data, ENTRY_FIELDS)
    if entry.date is None:
        entry.date = timezone.localdate()
    _ensure_filled(entry, "title", _("Give the entry a title."))
    _save(entry)
    for position, (uploaded, alt_text) in enumerate(images, start=1):
        try:
            image = clean_project_image(uploaded)
        except ValidationError as error:
            raise ValidationError({"images": error.messages}) from error
        photo = TimelineImage(entry=entry, image=image, alt_text=(alt_text or "").strip()[:200], position=position)
        photo.full_clean()
        photo.save()
    audit_record(
        actor=actor,
        action="results.timeline_entry_add",
        target=result,
        data={"entry": entry.pk, "date": str(entry.date), "photos": len(images)},
    )
    bump_for(result)
    notification_services.notify_status_changed(
        target=result, actor=actor, answer=f"{entry.date:%d/%m/%Y} · {entry.title}", status_changed=False
    )
    return entry


@transaction.atomic
def timeline_entry_delete(*, actor, entry):
    result = entry.result
    ensure_allowed(MANAGE, user=actor, obj=result.process)
    audit_record(actor=actor, action="results.timeline_entry_delete", target=result, data={"entry": entry.pk})
    bump_for(result)
    entry.delete()


# --- Import (one row; the back-office reads the file and applies its all-or-nothing policy) -------------------------


def result_import_row(value, *, user, process):
    """Apply one checked row of the import (backoffice.py: results_clean_row): create a result (no id, no known
    external id) or update one. True when something was written."""
    result = value.pop("result", None)
    if result is None:
        result_create(actor=user, process=process, data=value)
        return True
    result_update(actor=user, result=result, data=value)
    return True
