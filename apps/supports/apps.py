from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def export_supports(user):
    """'Download my data' section: the proposals this participant supports (private, not on the public profile)."""
    from .selectors import supports_of

    return [
        {
            "proposal": support.proposal.reference or support.proposal_id,
            "title": support.proposal.title,
            "process": support.process.title,
            "supported_at": support.created_at.isoformat(),
        }
        for support in supports_of(user=user)
    ]


class SupportsConfig(AppConfig):
    name = "apps.supports"
    label = "supports"
    verbose_name = _("Supports")

    def ready(self):
        from apps.accounts.export import register_exporter

        register_exporter("supports", export_supports)
