from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "apps.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from apps.accounts.export import register_eraser, register_exporter, register_file_exporter
        from apps.accounts.selectors import register_activity_source
        from apps.core.figures import register_key_figure
        from apps.core.files import register_private_files

        from .attachments import attachment_file_access
        from .exports import attachment_files, attachments_export, proposal_activity, proposals_export
        from .models import ATTACHMENT_PREFIX
        from .selectors import site_proposal_count
        from .services import proposals_erase_author

        register_exporter("proposals", proposals_export)
        register_exporter("attachments", attachments_export)
        register_file_exporter("attachments", attachment_files)
        register_eraser("proposals", proposals_erase_author)
        register_activity_source(proposal_activity)
        register_key_figure(_("proposals"), site_proposal_count)
        register_private_files(ATTACHMENT_PREFIX, attachment_file_access)
