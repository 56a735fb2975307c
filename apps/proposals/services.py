"""Writes for proposals: the wizard's draft, publication, editing, withdrawal, deletion, official proposals."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.permissions import ensure_allowed
from apps.core.services import audit_record
from apps.notifications import services as notification_services

from .models import Proposal

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


@transaction.atomic
def proposal_draft_create(*, process, author, data):
    """Step 1 of the wizard: a draft with a title and a description."""
    ensure_allowed("proposals.add_proposal", user=author, obj=process)
    proposal = Proposal(process=process, author=author, status=Proposal.Status.DRAFT, wizard_step=2)
    _apply(proposal, data, IDEA_FIELDS)
    proposal.full_clean()
    proposal.save()
    audit_record(actor=author, action="proposals.draft_create", target=proposal, data={"process": process.pk})
    return proposal


@transaction.atomic
def proposal_draft_update(*, proposal, user, data, step):
    """Save a wizard step of a draft and remember how far the author got."""
    _ensure_draft_author(proposal, user)
    fields = IDEA_FIELDS if step == 1 else DETAIL_FIELDS if step == 3 else ()
    _apply(proposal, data, fields)
    proposal.wizard_step = min(max(proposal.wizard_step, step + 1), LAST_STEP)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_publish(*, proposal, user):
    """Step 4: publish the draft (limits and phase checked again), give it a reference, follow it."""
    # Lock the author first (as supports do): two drafts published at once cannot both pass the per-user limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("process").get(pk=proposal.pk)
    _ensure_draft_author(proposal, user)
    ensure_allowed("proposals.add_proposal", user=user, obj=proposal.process)
    if proposal.process.categories.exists() or proposal.process.themes.exists():
        if not proposal.category_id and not proposal.theme_id:
            raise ValidationError({"category": _("Choose a category or a theme before publishing.")})
    proposal.status = Proposal.Status.PUBLISHED
    proposal.published_at = timezone.now()
    proposal.wizard_step = LAST_STEP
    proposal.full_clean()
    proposal.save()
    _finish_publication(proposal, actor=user)
    audit_record(actor=user, action="proposals.publish", target=proposal, data={"reference": proposal.reference})
    return proposal


@transaction.atomic
def proposal_update(*, proposal, user, data):
    """Edit a published proposal: the author within the editing window and before any support; admins always."""
    ensure_allowed("proposals.change_proposal", user=user, obj=proposal)
    before = {field: str(getattr(proposal, field)) for field in EDITABLE_FIELDS}
    _apply(proposal, data, EDITABLE_FIELDS)
    proposal.full_clean()
    proposal.save()
    changed = [field for field in EDITABLE_FIELDS if str(getattr(proposal, field)) != before[field]]
    audit_record(actor=user, action="proposals.update", target=proposal, data={"changed": changed})
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal, user):
    """The author withdraws a published proposal: it stays visible, marked Withdrawn."""
    ensure_allowed("proposals.withdraw_proposal", user=user, obj=proposal)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.withdrawn_at = timezone.now()
    proposal.full_clean()
    proposal.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_record(actor=user, action="proposals.withdraw", target=proposal)
    return proposal


@transaction.atomic
def proposal_delete_draft(*, proposal, user):
    """Only drafts can be deleted, only by their author."""
    ensure_allowed("proposals.delete_proposal", user=user, obj=proposal)
    audit_record(actor=user, action="proposals.draft_delete", target=proposal, data={"title": proposal.title})
    for attachment in proposal.attachments.all():
        attachment.file.delete(save=False)
        if attachment.thumbnail:
            attachment.thumbnail.delete(save=False)
    proposal.delete()


@transaction.atomic
def proposal_admin_save(*, proposal, actor, is_new):
    """Saves from the Django admin (official proposals): dates and reference set here, not in save()."""
    now = timezone.now()
    if proposal.status != Proposal.Status.DRAFT and proposal.published_at is None:
        proposal.published_at = now
    if proposal.status == Proposal.Status.WITHDRAWN and proposal.withdrawn_at is None:
        proposal.withdrawn_at = now
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
    return proposal
