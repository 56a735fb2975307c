from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "apps.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from apps.accounts.export import register_exporter
        from apps.accounts.selectors import register_activity_source
        from apps.core.figures import register_key_figure

        from .exports import proposal_activity, proposals_export
        from .selectors import site_proposal_count

        register_exporter("proposals", proposals_export)
        register_activity_source(proposal_activity)
        register_key_figure(_("proposals"), site_proposal_count)
