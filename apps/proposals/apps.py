from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "apps.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from apps.accounts.selectors import register_activity_source
        from apps.core.content import Capability, register_content
        from apps.core.figures import register_key_figure
        from apps.core.files import register_private_files
        from apps.core.personal_data import register_eraser, register_exporter, register_file_exporter

        from .attachments import attachment_file_access
        from .exports import attachment_files, attachments_export, proposal_activity, proposals_export
        from .models import ATTACHMENT_PREFIX, Proposal
        from .pipeline import PIPELINE
        from .selectors import proposal_search, proposal_search_highlight, proposal_visible_to, site_proposal_count
        from .services import proposal_set_hidden, proposals_erase_author

        # The one place that tells comments, follows (and the coming moderation, exports, search, back-office)
        # what a proposal is. See apps/core/content.py.
        register_content(
            Proposal,
            process=lambda proposal: proposal.process,
            url=lambda proposal: proposal.get_absolute_url(),
            title=lambda proposal: proposal.title,
            author=lambda proposal: proposal.author_id,
            visible_to=proposal_visible_to,
            view_perm="proposals.view_proposal",
            comment_perm="proposals.comment_proposal",
            follow_perm="proposals.follow_proposal",
            capabilities={
                Capability.COMMENTABLE,
                Capability.FOLLOWABLE,
                Capability.REPORTABLE,
                Capability.EXPORTABLE,
                Capability.SEARCHABLE,
            },
            pipeline=PIPELINE,
            select_related=("process",),
            set_hidden=proposal_set_hidden,
            by_author=lambda user_id: Proposal.objects.public().filter(author_id=user_id),
            search=proposal_search,
            search_highlight=proposal_search_highlight,
        )
        register_exporter("proposals", proposals_export)
        register_exporter("attachments", attachments_export)
        register_file_exporter("attachments", attachment_files)
        register_eraser("proposals", proposals_erase_author)
        register_activity_source(proposal_activity)
        register_key_figure(_("proposals"), site_proposal_count)
        register_private_files(ATTACHMENT_PREFIX, attachment_file_access)

        from .pagecache import register_pages

        register_pages()  # the list, proposal and theme pages, for anonymous visitors (apps/core/pagecache.py)
