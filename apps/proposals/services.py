"""Writes for proposals: the wizard's draft, publication, editing, withdrawal, deletion, official proposals."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.abuse import ensure_within_rate
from apps.core.files import random_name
from apps.core.pagecache import bump_content
from apps.core.permissions import ensure_allowed
from apps.core.services import audit_entries_about, audit_forget, audit_record
from apps.machine_translation.services import translations_request
from apps.notifications import services as notification_services

from .attachments import attachment_add
from .models import ATTACHMENT_PREFIX, Proposal, ProposalAttachment
from .pipeline import AUDIT_ACTIONS, MERGEABLE, MOVE_RULES, PIPELINE

IDEA_FIELDS = ("title", "body")
DETAIL_FIELDS = ("category", "theme", "address", "latitude", "longitude")
EDITABLE_FIELDS = IDEA_FIELDS + DETAIL_FIELDS
LAST_STEP = 4


def normalise_body(text):
    """Plain text: unified line endings, no trailing spaces, at most one blank line in a row."""
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return "\n".join(out).strip()


def _apply(proposal, data, fields):
    for field in fields:
        if field not in data:
            continue
        value = data[field]
        if field == "title":
            value = " ".join((value or "").split())
        elif field == "body":
            value = normalise_body(value)
        elif field == "address":
            value = (value or "").strip()
        setattr(proposal, field, value)


def _ensure_draft_author(proposal, user):
    if proposal.status != Proposal.Status.DRAFT or proposal.author_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Only the author can continue this draft."))


def reference_for(proposal):
    return f"PB-{proposal.published_at.year}-{proposal.pk:04d}"


def _finish_publication(proposal, *, actor):
    """Reference code and follow, once the proposal has a pk and a publication date."""
    if not proposal.reference:
        proposal.reference = reference_for(proposal)
        proposal.save(update_fields=["reference", "updated_at"])
    notification_services.follow_add(user=proposal.author, target=proposal)
    translations_request(obj=proposal)


@transaction.atomic
def proposal_draft_create(*, process, author, data, theme=None):
    """Step 1 of the wizard: a draft with a title and a description (and the theme, when the resident started
    from a theme's page: "Propose an idea in this theme")."""
    ensure_allowed("proposals.add_proposal", user=author, obj=process)
    ensure_within_rate(
        key=f"proposals:create:{author.pk}",
        rate=settings.PROPOSAL_CREATE_RATE_LIMIT,
        message=_("You have started many proposals in a short time. Please try again later."),
    )
    proposal = Proposal(process=process, author=author, status=Proposal.Status.DRAFT, wizard_step=2)
    _apply(proposal, data, IDEA_FIELDS)
    if theme is not None and theme.process_id == process.pk:
        proposal.theme = theme
    proposal.full_clean()
    proposal.save()
    audit_record(actor=author, action="proposals.draft_create", target=proposal, data={"process": process.pk})
    return proposal


def _ensure_category_or_theme(proposal, message=None):
    if proposal.category_id or proposal.theme_id:
        return
    process = proposal.process
    errors = Proposal.category_or_theme_errors(
        has_categories=process.categories.exists(),
        has_themes=process.themes.exists(),
        category=None,
        theme=None,
        message=message,
    )
    if errors:
        raise ValidationError(errors)


def _attach(*, proposal, user, attachment, title):
    """Add the uploaded file in the caller's transaction: when it is refused, nothing of the step is saved."""
    if attachment is None:
        return None
    try:
        return attachment_add(proposal=proposal, uploaded_file=attachment, user=user, title=title or "")
    except ValidationError as error:
        raise ValidationError({"attachment": error.messages}) from error
    except PermissionDenied as error:
        raise ValidationError({"attachment": str(error)}) from error


@transaction.atomic
def proposal_draft_update(*, proposal, user, data, step, attachment=None, attachment_title=""):
    """Save a wizard step of a draft (with the step's optional file) and remember how far the author got."""
    _ensure_draft_author(proposal, user)
    fields = IDEA_FIELDS if step == 1 else DETAIL_FIELDS if step == 3 else ()
    _apply(proposal, data, fields)
    if step == 3:
        _ensure_category_or_theme(proposal)
    proposal.wizard_step = min(max(proposal.wizard_step, step + 1), LAST_STEP)
    proposal.full_clean()
    proposal.save()
    _attach(proposal=proposal, user=user, attachment=attachment, title=attachment_title)
    return proposal


@transaction.atomic
def proposal_status_set(*, proposal, to, actor, answer=None):
    """The ONLY way to change a proposal's status (and its answer), as Oscar's `set_status`.

    Locks the row, refuses any move that Proposal.TRANSITIONS does not list (with a sentence saying so), asks the
    move's rule with the actor (pipeline.MOVE_RULES) and, with an answer, `proposals.answer_proposal`; then
    validates, saves, writes an audit entry with the status before and after, and tells the followers and the
    author (notify_status_changed). `answer` alone (same status) updates the organisers' answer.
    """
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("process").get(pk=proposal.pk)
    before = proposal.status
    if to not in Proposal.Status.values:
        raise ValidationError({"status": _("Unknown status: %(status)s.") % {"status": to}})
    to = Proposal.Status(to)
    if to != before or answer is None:
        PIPELINE.check(before, to)
        rule = MOVE_RULES.get((before, to))
        if rule:
            ensure_allowed(rule, user=actor, obj=proposal)
    if answer is not None:
        ensure_allowed("proposals.answer_proposal", user=actor, obj=proposal)
        proposal.answer = answer.strip()
        proposal.answered_at = timezone.now()
    now = timezone.now()
    if to == Proposal.Status.PUBLISHED and before != to:
        _ensure_category_or_theme(proposal, _("Choose a category or a theme before publishing."))
        proposal.published_at = now
        proposal.wizard_step = LAST_STEP
    if to == Proposal.Status.WITHDRAWN and before != to:
        proposal.withdrawn_at = now
    proposal.status = to
    proposal.full_clean()
    proposal.save()
    if to == Proposal.Status.PUBLISHED and before != to:
        _finish_publication(proposal, actor=actor)
    data = {"before": before, "after": to}
    if proposal.reference:
        data["reference"] = proposal.reference
    if answer is not None:
        data["answer"] = proposal.answer
    action = AUDIT_ACTIONS.get(to, "proposals.status_set") if before != to else "proposals.answer"
    audit_record(actor=actor, action=action, target=proposal, data=data)
    bump_content(proposal)  # its page and the process's lists, for anonymous visitors (apps/core/pagecache.py)
    notification_services.notify_status_changed(
        target=proposal,
        actor=actor,
        answer=proposal.answer if answer is not None else "",
        status_changed=before != to,
    )
    return proposal


@transaction.atomic
def proposal_publish(*, proposal, user):
    """Step 4: publish the draft (limits and phase checked again), give it a reference, follow it."""
    # Lock the author first (as supports do): two drafts published at once cannot both pass the per-user limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("process").get(pk=proposal.pk)
    _ensure_draft_author(proposal, user)
    ensure_allowed("proposals.add_proposal", user=user, obj=proposal.process)
    return proposal_status_set(proposal=proposal, to=Proposal.Status.PUBLISHED, actor=user)


@transaction.atomic
def proposal_update(*, proposal, user, data, attachment=None, attachment_title=""):
    """Edit a published proposal (and add a file): the author within the editing window and before any support;
    admins always. A refused file leaves the proposal as it was."""
    ensure_allowed("proposals.change_proposal", user=user, obj=proposal)
    before = {field: str(getattr(proposal, field)) for field in EDITABLE_FIELDS}
    _apply(proposal, data, EDITABLE_FIELDS)
    _ensure_category_or_theme(proposal)
    proposal.full_clean()
    proposal.save()
    _attach(proposal=proposal, user=user, attachment=attachment, title=attachment_title)
    changed = [field for field in EDITABLE_FIELDS if str(getattr(proposal, field)) != before[field]]
    audit_record(actor=user, action="proposals.update", target=proposal, data={"changed": changed})
    if {"title", "body"} & set(changed):
        translations_request(obj=proposal)
    bump_content(proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal, user):
    """The author withdraws a published proposal: it stays visible, marked Withdrawn."""
    ensure_allowed("proposals.withdraw_proposal", user=user, obj=proposal)
    return proposal_status_set(proposal=proposal, to=Proposal.Status.WITHDRAWN, actor=user)


@transaction.atomic
def proposal_draft_delete(*, proposal, user):
    """Only drafts can be deleted, only by their author."""
    ensure_allowed("proposals.delete_proposal", user=user, obj=proposal)
    audit_record(actor=user, action="proposals.draft_delete", target=proposal, data={"title": proposal.title})
    for attachment in proposal.attachments.all():
        attachment.file.delete(save=False)
        if attachment.thumbnail:
            attachment.thumbnail.delete(save=False)
    proposal.delete()


@transaction.atomic
def proposal_set_hidden(proposal, *, hidden_at, reason=""):
    """Moderation's hook (registered with the content contract): hide (`hidden_at` set) or show the proposal.

    Permissions and the audit entry are moderation's, which calls this inside its own service."""
    proposal.hidden_at = hidden_at
    proposal.hidden_reason = reason if hidden_at is not None else ""
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at=proposal.hidden_at, hidden_reason=proposal.hidden_reason)
    return proposal


@transaction.atomic
def proposal_admin_save(*, proposal, actor, is_new):
    """Saves from the Django admin (official proposals): dates and reference set here, not in save().

    A new proposal starts in one of the pipeline's initial statuses; afterwards the status only moves through
    proposal_status_set, so a changed status is refused here (the admin shows it read-only).
    """
    moving_to = None
    if is_new:
        PIPELINE.check_initial(proposal.status)
    else:
        stored = Proposal.objects.filter(pk=proposal.pk).values_list("status", flat=True).first()
        if stored is not None and stored != proposal.status:
            PIPELINE.check(stored, proposal.status)
            # An allowed move still goes through the one status service (its rule, audit and notifications).
            moving_to, proposal.status = proposal.status, stored
    now = timezone.now()
    if proposal.status != Proposal.Status.DRAFT and proposal.published_at is None:
        proposal.published_at = now
    proposal.full_clean()
    proposal.save()
    if proposal.status != Proposal.Status.DRAFT:
        _finish_publication(proposal, actor=actor)
    audit_record(
        actor=actor,
        action="proposals.admin_create" if is_new else "proposals.admin_update",
        target=proposal,
        data={"status": proposal.status, "official": proposal.is_official},
    )
    bump_content(proposal)
    if moving_to is not None:
        proposal = proposal_status_set(proposal=proposal, to=moving_to, actor=actor)
    return proposal


PAPER_FIELDS = ("title", "body", "category", "theme", "paper_author_name", "paper_author_email")


@transaction.atomic
def proposal_paper_create(*, process, actor, data):
    """A proposal collected on paper, typed in by an agent: published at once through the staff path of the
    pipeline (proposal_admin_save: initial status, reference, audit), with the agent as author and `entered_by`."""
    ensure_allowed("proposals.enter_paper_proposal", user=actor, obj=process)
    proposal = Proposal(
        process=process,
        author=actor,
        entered_by=actor,
        origin=Proposal.Origin.PAPER,
        status=Proposal.Status.PUBLISHED,
        wizard_step=LAST_STEP,
    )
    _apply(proposal, data, IDEA_FIELDS)
    for field in PAPER_FIELDS[2:]:
        if field in data:
            setattr(proposal, field, data[field] or ("" if field.startswith("paper_") else None))
    _ensure_category_or_theme(proposal)
    return proposal_admin_save(proposal=proposal, actor=actor, is_new=True)


def _delete_files_on_commit(files):
    """Remove files once the rows that name them are really gone (a rollback keeps both)."""
    names = [(f.storage, f.name) for f in files if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def _copy_under_new_name(field_file):
    """Copy a stored file to a fresh random name; return the new name (the old file is deleted on commit)."""
    extension = field_file.name.rsplit(".", 1)[-1] if "." in field_file.name else ""
    with field_file.storage.open(field_file.name, "rb") as handle:
        return field_file.storage.save(random_name(ATTACHMENT_PREFIX, extension), handle)


@transaction.atomic
def proposals_erase_author(user):
    """Account deletion (eraser "proposals"): drafts go with their files; published and withdrawn proposals stay,
    attributed to "Deleted participant", with their files under new names and no original file name.

    Also forgets the drafts' titles and the file names in the audit log and the admin's log.
    """
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    drafts = list(Proposal.objects.filter(author=user, status=Proposal.Status.DRAFT))
    if drafts:
        audit_forget(entries=audit_entries_about(objects=drafts), keys=tuple(_all_keys(drafts)))
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal), object_id__in=[str(d.pk) for d in drafts]
        ).update(object_repr="")
        attachments = ProposalAttachment.objects.filter(proposal__in=drafts)
        _delete_files_on_commit([f for a in attachments for f in (a.file, a.thumbnail)])
        Proposal.objects.filter(pk__in=[d.pk for d in drafts]).delete()

    kept = list(Proposal.objects.filter(author=user).exclude(status=Proposal.Status.DRAFT))
    old_files = []
    renamed = []
    for attachment in ProposalAttachment.objects.filter(proposal__in=kept):
        for field in ("file", "thumbnail"):
            field_file = getattr(attachment, field)
            if field_file and field_file.storage.exists(field_file.name):
                old_files.append(field_file)
                setattr(attachment, field, _copy_under_new_name(field_file))
        extension = attachment.file.name.rsplit(".", 1)[-1] if "." in attachment.file.name else ""
        attachment.original_name = f"{attachment.kind}.{extension}" if extension else attachment.kind
        renamed.append(attachment)
    ProposalAttachment.objects.bulk_update(renamed, ["file", "thumbnail", "original_name"])
    _delete_files_on_commit(old_files)
    if kept:
        audit_forget(entries=audit_entries_about(objects=kept), keys=("name", "original_name"))


def _all_keys(drafts):
    """Every detail of the drafts' audit entries goes: the rows they describe are gone."""
    keys = set()
    for entry in audit_entries_about(objects=drafts):
        keys.update(entry.data.keys() if isinstance(entry.data, dict) else ())
    return keys


def _supports_move(*, originals, target):
    """Move the originals' supports to `target`, one per person: whoever already supports `target`, or supported
    several originals, keeps a single support (the UNIQUE (user, proposal) constraint holds), and `target`'s
    author none. The supports app owns the rows; they are reached through the reverse relation (this app does
    not import that one)."""
    Support = Proposal._meta.get_field("supports").related_model
    # The target's author never supports it (supports.add_support refuses authors): their support of an original
    # is dropped like a duplicate.
    supporters = set(Support.objects.filter(proposal=target).values_list("user_id", flat=True)) | {target.author_id}
    keep, drop = [], []
    rows = Support.objects.filter(proposal__in=originals).order_by("created_at", "pk").values_list("pk", "user_id")
    for pk, user_id in rows:
        if user_id in supporters:
            drop.append(pk)
        else:
            supporters.add(user_id)
            keep.append(pk)
    Support.objects.filter(pk__in=drop).delete()
    Support.objects.filter(pk__in=keep).update(proposal=target)
    Proposal.objects.filter(pk__in=[p.pk for p in originals]).update(support_count=0)
    before = target.support_count
    target.support_count = Support.objects.filter(proposal=target).count()
    Proposal.objects.filter(pk=target.pk).update(support_count=target.support_count)
    return {"before": before, "after": target.support_count, "moved": len(keep), "duplicates": len(drop)}


@transaction.atomic
def proposal_merge(*, actor, process, proposals, target=None, title="", body=""):
    """Merge duplicates: `proposals` (the originals) go into `target`, or into a new official proposal with
    `title` and `body`.

    In one transaction: the supports are combined without counting a person twice; the originals' authors (and
    co-authors) become co-authors of the target; the originals' followers follow it; each original moves to
    Merged through proposal_status_set (its rule, audit entry and notifications) with a link to the target; one
    audit entry on the target lists the originals.
    """
    ensure_allowed("proposals.merge_proposals", user=actor, obj=process)
    ids = sorted({p.pk for p in proposals} - ({target.pk} if target is not None else set()))
    locked = list(Proposal.objects.select_for_update(of=("self",)).filter(pk__in=ids + ([target.pk] if target else [])))
    by_pk = {p.pk: p for p in locked}
    originals = [by_pk[pk] for pk in ids if pk in by_pk]
    needed = 1 if target is not None else 2
    if len(originals) < needed:
        raise ValidationError(
            {"proposals": _("Choose at least two proposals to merge (or one, into an existing proposal).")}
        )
    for proposal in originals + ([by_pk[target.pk]] if target is not None else []):
        if proposal.process_id != process.pk:
            raise ValidationError({"proposals": _("Only proposals of this process can be merged.")})
    for proposal in originals:
        if proposal.status not in MERGEABLE:
            raise ValidationError(
                {
                    "proposals": _("%(title)s cannot be merged: it is %(status)s.")
                    % {"title": proposal.title, "status": proposal.get_status_display().lower()}
                }
            )
    if target is not None:
        target = by_pk[target.pk]
        if target.status in (Proposal.Status.DRAFT, Proposal.Status.WITHDRAWN, Proposal.Status.MERGED):
            raise ValidationError(
                {
                    "target": _("Merge into a published proposal, not one that is %(status)s.")
                    % {"status": target.get_status_display().lower()}
                }
            )
        created = False
    else:
        first = originals[0]
        target = Proposal(
            process=process,
            author=actor,
            is_official=True,
            status=Proposal.Status.PUBLISHED,
            published_at=timezone.now(),
            wizard_step=LAST_STEP,
            category=first.category,
            theme=first.theme,
        )
        _apply(target, {"title": title, "body": body}, IDEA_FIELDS)
        PIPELINE.check_initial(target.status)
        target.full_clean()
        target.save()
        _finish_publication(target, actor=actor)
        created = True

    supports = _supports_move(originals=originals, target=target)
    coauthors_before = sorted(target.coauthors.values_list("pk", flat=True))
    authors = {p.author_id for p in originals}
    authors |= set(Proposal.coauthors.through.objects.filter(proposal__in=originals).values_list("user_id", flat=True))
    authors.discard(target.author_id)
    target.coauthors.add(*authors)
    follows = notification_services.follows_copy(sources=originals, target=target, extra_users=authors)

    Proposal.objects.filter(pk__in=[p.pk for p in originals]).update(merged_into=target)
    for original in originals:
        proposal_status_set(proposal=original, to=Proposal.Status.MERGED, actor=actor)
    audit_record(
        actor=actor,
        action="proposals.merge",
        target=target,
        data={
            "reference": target.reference,
            "created": created,
            "originals": [p.reference or p.pk for p in originals],
            "before": {"supports": supports["before"], "coauthors": coauthors_before},
            "after": {
                "supports": supports["after"],
                "coauthors": sorted(target.coauthors.values_list("pk", flat=True)),
            },
            "new_followers": follows,
        },
    )
    bump_content(target)
    return target
