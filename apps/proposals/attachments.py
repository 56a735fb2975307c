"""Services for proposal attachments (writes). Validation by content lives in uploads.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from apps.core.content import is_visible
from apps.core.pagecache import bump_content
from apps.core.services import audit_record
from apps.spaces.predicates import is_process_admin

from .models import Proposal, ProposalAttachment, proposal_settings_for
from .uploads import document_file, reencode_image, sniff, validate_upload


def _may_manage_attachments(user, proposal):
    if is_process_admin.test(user, proposal.process):
        return True
    return proposal.author_id == user.pk and proposal.status in (Proposal.Status.DRAFT, Proposal.Status.PUBLISHED)


@transaction.atomic
def attachment_add(*, proposal, uploaded_file, user, title=""):
    if not user.is_authenticated or not _may_manage_attachments(user, proposal):
        raise PermissionDenied(_("Only the author can add attachments to this proposal."))
    settings = proposal_settings_for(proposal.process)
    # Lock the proposal so two parallel uploads cannot both pass the count limit.
    Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if proposal.attachments.count() >= settings.attachments_per_proposal:
        raise ValidationError(
            _("A proposal can have at most %(count)d attachments.") % {"count": settings.attachments_per_proposal},
            code="too_many_files",
        )
    kind = validate_upload(uploaded_file, max_bytes=settings.attachment_max_mb * 1024 * 1024)
    _kind, subtype = sniff(uploaded_file)
    attachment = ProposalAttachment(
        proposal=proposal,
        kind=kind,
        title=title[:150],
        original_name=uploaded_file.name[:255],
    )
    if kind == ProposalAttachment.Kind.IMAGE:
        image, thumbnail, content_type = reencode_image(uploaded_file, subtype)
        attachment.file.save(image.name, image, save=False)
        attachment.thumbnail.save(thumbnail.name, thumbnail, save=False)
        attachment.size = image.size
    else:
        document, content_type = document_file(uploaded_file, subtype)
        attachment.file.save(document.name, document, save=False)
        attachment.size = document.size
    attachment.content_type = content_type
    attachment.full_clean()
    attachment.save()
    audit_record(
        actor=user,
        action="proposals.add_attachment",
        target=proposal,
        data={"attachment": attachment.pk, "kind": kind, "name": attachment.original_name},
    )
    bump_content(proposal)  # the cached pages show its photos (apps/core/pagecache.py)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment, user):
    proposal = attachment.proposal
    if not user.is_authenticated or not _may_manage_attachments(user, proposal):
        raise PermissionDenied(_("Only the author can remove attachments from this proposal."))
    audit_record(
        actor=user, action="proposals.remove_attachment", target=proposal, data={"name": attachment.original_name}
    )
    files = [attachment.file, attachment.thumbnail]
    attachment.delete()
    bump_content(proposal)
    # Remove the files only once the row is really gone.
    transaction.on_commit(lambda: [f.delete(save=False) for f in files if f])


def attachment_file_access(user, name):
    """Private-file resolver (apps.core.files): the file's content type when `user` may see its proposal.

    The proposal's own view rule decides, through the content contract: a draft's files reach only its author, a
    published or withdrawn proposal's files reach everybody who may see the proposal.
    """
    attachment = (
        ProposalAttachment.objects.select_related("proposal__process").filter(Q(file=name) | Q(thumbnail=name)).first()
    )
    if attachment is None or not is_visible(user, attachment.proposal):
        return None
    return attachment.content_type
