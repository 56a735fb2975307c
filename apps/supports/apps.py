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
        from apps.core.figures import register_key_figure
        from apps.core.personal_data import register_exporter

        from .models import Support

        register_exporter("supports", export_supports)
        register_key_figure(_("supports"), lambda: Support.objects.filter(process__is_published=True).count())
