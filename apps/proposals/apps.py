from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "apps.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from apps.accounts.export import register_exporter
        from apps.accounts.selectors import register_activity_source

        from .exports import proposal_activity, proposals_export

        register_exporter("proposals", proposals_export)
        register_activity_source(proposal_activity)
