"""What the audit log's action codes mean, in the reader's language.

Services write stable codes ("comments.create"); the admin and the back-office's audit log show these labels
(with the code beside them, for searching). The kernel imports no other app: the codes are plain strings here.
An unknown code shows as it is; the admin's own edits ("admin.change_proposal") name the model.
"""

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTION_LABELS = {
    "accounts.accept_terms": _("Terms of use accepted"),
    "accounts.delete_account": _("Account deleted"),
    "accounts.erase_demographics": _("Demographic answers erased"),
    "accounts.update_demographics": _("Demographic answers updated"),
    "accounts.set_language": _("Preferred language changed"),
    "accounts.update_profile": _("Profile updated"),
    "backoffice.export": _("Data exported"),
    "backoffice.import": _("Data imported"),
    "backoffice.import_refused": _("Import refused"),
    "backoffice.role_add": _("Role given"),
    "backoffice.role_remove": _("Role removed"),
    "budgets.ballot_change": _("Ballot changed"),
    "budgets.ballot_confirm": _("Ballot confirmed"),
    "budgets.ballot_record_assisted": _("Ballot recorded at a voting desk"),
    "budgets.birth_date_set": _("Birth date given"),
    "budgets.budget_create": _("Budget created"),
    "budgets.budget_update": _("Budget updated"),
    "budgets.census_check_refused": _("Census check refused"),
    "budgets.census_import": _("Census imported"),
    "budgets.census_verified": _("Checked against the census"),
    "budgets.declaration": _("Residence declared on honour"),
    "budgets.import_pabulib": _("Pabulib file imported"),
    "budgets.paper_entry_first": _("Paper sheet typed (first entry)"),
    "budgets.paper_entry_matched": _("Paper sheet typed again: it matches"),
    "budgets.paper_entry_mismatch": _("Paper sheet typed again: it differs"),
    "budgets.paper_entry_reconciled": _("Paper sheet reconciled"),
    "budgets.paper_voter_mark": _("Paper voter marked in the register"),
    "budgets.postal_code_verified": _("Postal code checked"),
    "budgets.project_create": _("Project created"),
    "budgets.project_from_proposal": _("Project made from a proposal"),
    "budgets.project_move": _("Project moved to another budget"),
    "budgets.project_not_win": _("Project not chosen"),
    "budgets.project_reselect": _("Project selected again"),
    "budgets.project_select": _("Project selected for the vote"),
    "budgets.project_status_set": _("Project status changed"),
    "budgets.project_unselect": _("Project unselected"),
    "budgets.project_update": _("Project updated"),
    "budgets.project_win": _("Project chosen"),
    "budgets.projects_from_proposals": _("Projects made from proposals"),
    "budgets.results_publish": _("Results published"),
    "budgets.vote_close": _("Vote closed"),
    "comments.create": _("Comment posted"),
    "comments.delete": _("Comment deleted"),
    "comments.edit": _("Comment edited"),
    "comments.vote": _("Comment voted on"),
    "events.close": _("Event closed"),
    "events.create": _("Event created"),
    "events.draft_delete": _("Event draft deleted"),
    "events.register": _("Registered for an event"),
    "events.registrations_export": _("Registrations exported"),
    "events.unregister": _("Registration cancelled"),
    "events.update": _("Event updated"),
    "events.waiting_list_moved": _("Moved up from the waiting list"),
    "moderation.auto_hide": _("Hidden automatically after reports"),
    "moderation.block": _("Participant blocked"),
    "moderation.dismiss": _("Reports dismissed"),
    "moderation.hide": _("Hidden by a moderator"),
    "moderation.report": pgettext_lazy("audit log", "Reported"),
    "moderation.unblock": _("Participant unblocked"),
    "moderation.unhide": _("Shown again by a moderator"),
    "newsletters.create": _("Newsletter written"),
    "newsletters.opt_in": _("Newsletter consent given"),
    "newsletters.opt_out": _("Newsletter consent withdrawn"),
    "newsletters.send": _("Newsletter sent to its segment"),
    "newsletters.sending": _("Newsletter sending started"),
    "newsletters.sent": _("Newsletter sending finished"),
    "newsletters.test_send": _("Newsletter test sent"),
    "newsletters.stop": _("Newsletter sending stopped by its sender"),
    "newsletters.stopped": _("Newsletter stopped"),
    "newsletters.unsubscribe": _("Unsubscribed from the newsletter by its link"),
    "newsletters.update": _("Newsletter changed"),
    "notifications.follow": pgettext_lazy("audit log", "Followed"),
    "notifications.set_email_frequency": _("E-mail frequency changed"),
    "notifications.unfollow": pgettext_lazy("audit log", "Unfollowed"),
    "proposals.add_attachment": _("Attachment added"),
    "proposals.admin_create": _("Proposal entered by an agent"),
    "proposals.admin_update": _("Proposal classified by an agent"),
    "proposals.answer": _("Answer written"),
    "proposals.answer_publish": _("Answer published"),
    "proposals.draft_create": _("Draft started"),
    "proposals.draft_delete": _("Draft deleted"),
    "proposals.merge": _("Proposals merged"),
    "proposals.note_add": _("Internal note added"),
    "proposals.publish": _("Proposal published"),
    "proposals.remove_attachment": _("Attachment removed"),
    "proposals.review_assign": _("Review assigned"),
    "proposals.review_save": _("Review saved"),
    "proposals.review_unassign": _("Review unassigned"),
    "proposals.status_set": _("Proposal status changed"),
    "proposals.update": _("Proposal updated"),
    "proposals.withdraw": _("Proposal withdrawn"),
    "results.result_create": _("Result created"),
    "results.result_delete": _("Result deleted"),
    "results.result_from_project": _("Result made from a project"),
    "results.result_update": _("Result updated"),
    "results.results_bulk_update": _("Results updated together"),
    "results.results_from_winners": _("Results made from the winning projects"),
    "results.settings_update": _("Results settings updated"),
    "results.status_create": _("Result status created"),
    "results.status_delete": _("Result status deleted"),
    "results.timeline_entry_add": _("Timeline entry added"),
    "results.timeline_entry_delete": _("Timeline entry deleted"),
    "supports.add": pgettext_lazy("audit log", "Supported"),
    "supports.remove": _("Support withdrawn"),
    "surveys.answer": _("Survey answered"),
    "surveys.create": _("Survey created"),
    "surveys.export": _("Survey answers exported"),
    "surveys.question_create": _("Survey question added"),
    "surveys.question_delete": _("Survey question removed"),
    "surveys.question_update": _("Survey question changed"),
    "surveys.update": _("Survey updated"),
}

ADMIN_VERBS = {
    "add": _("%(model)s added in the administration"),
    "change": _("%(model)s changed in the administration"),
    "delete": _("%(model)s deleted in the administration"),
}


def _model_name(name):
    for model in apps.get_models():
        if model._meta.model_name == name:
            return str(model._meta.verbose_name)
    return name


def action_label(code):
    """The reader's words for an action code ("comments.create" -> "Comment posted"); unknown codes as they are."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    if code.startswith("admin."):
        verb, _sep, model = code.removeprefix("admin.").partition("_")
        if verb in ADMIN_VERBS and model:
            return str(ADMIN_VERBS[verb]) % {"model": capfirst(_model_name(model))}
    return code
