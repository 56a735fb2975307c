"""What the proposals app contributes to a participant's data export and public activity."""

from django.utils.translation import gettext as _

from . import selectors


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
