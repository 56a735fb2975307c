"""What the proposals app contributes to a participant's data export and public activity."""

from django.utils.translation import gettext as _

from . import selectors
from .models import ProposalAttachment


def _archive_path(attachment, field="file"):
    name = attachment.original_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip(".-")[:80] or "file"
    if field == "thumbnail":
        safe = f"thumbnail-{safe}"
    return f"attachments/{attachment.pk}-{safe}"


def _attachments_of(user):
    return (
        ProposalAttachment.objects.filter(proposal__author=user).select_related("proposal").order_by("proposal", "pk")
    )


def attachments_export(user):
    """Data export section "attachments": every file the person attached, with where to find it in the zip."""
    return [
        {
            "proposal_id": attachment.proposal_id,
            "proposal_reference": attachment.proposal.reference,
            "kind": attachment.kind,
            "title": attachment.title,
            "original_name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "created_at": attachment.created_at.isoformat(),
            "file": _archive_path(attachment) if attachment.file else None,
        }
        for attachment in _attachments_of(user)
    ]


def attachment_files(user):
    """The attachments themselves, for the export's zip (thumbnails are left out: they are copies)."""
    for attachment in _attachments_of(user):
        if attachment.file:
            yield _archive_path(attachment), attachment.file


def proposals_export(user):
    return [
        {
            "reference": proposal.reference,
            "process": proposal.process.slug,
            "title": proposal.title,
            "body": proposal.body,
            "status": proposal.status,
            "official": proposal.is_official,
            "category": str(proposal.category) if proposal.category_id else None,
            "theme": str(proposal.theme) if proposal.theme_id else None,
            "address": proposal.address,
            "latitude": str(proposal.latitude) if proposal.latitude is not None else None,
            "longitude": str(proposal.longitude) if proposal.longitude is not None else None,
            "created_at": proposal.created_at.isoformat(),
            "published_at": proposal.published_at.isoformat() if proposal.published_at else None,
            "withdrawn_at": proposal.withdrawn_at.isoformat() if proposal.withdrawn_at else None,
            "supports": proposal.support_count,
            "comments": proposal.comment_count,
        }
        for proposal in selectors.proposals_for_export(user=user)
    ]


def proposal_activity(user):
    return [
        {
            "date": proposal.published_at,
            "label": _("Published a proposal"),
            "title": proposal.title,
            "url": proposal.get_absolute_url(),
        }
        for proposal in selectors.published_proposals_of(user=user)[:20]
    ]
