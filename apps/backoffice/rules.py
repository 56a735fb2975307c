"""Who may enter the staff screens. Written once here; the Django admin site, the navbar and the back-office
views all ask these named rules."""

import rules
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import Requirement, define
from apps.spaces.predicates import (
    administers_any_process,
    has_any_process_role,
    is_evaluator,
    is_process_admin,
    is_site_admin,
)

from .tools import staff_tools_for


@rules.predicate
def opens_a_staff_tool(user):
    return bool(staff_tools_for(user))


SIGN_IN = Requirement(rules.is_authenticated, _("Sign in to reach the back-office."))
ACTIVE = Requirement(rules.is_active, _("Your account is inactive."))

# The Django admin is for site configuration: site staff (Django model permissions apply) and the
# administrators of a process (scoped to their processes).
define(
    "backoffice.enter_admin",
    SIGN_IN,
    ACTIVE,
    Requirement(
        rules.is_staff | administers_any_process,
        _("Only site administrators and process administrators can use the site administration."),
    ),
)

# The staff screens: every process role, site administrators, and staff whom a site-wide tool lets in
# (apps/backoffice/tools.py).
define(
    "backoffice.enter",
    SIGN_IN,
    ACTIVE,
    Requirement(
        is_site_admin | has_any_process_role | opens_a_staff_tool,
        _("The back-office is for the administrators, evaluators and moderators of a process."),
    ),
)

# The audit log: site administrators read everything, process administrators the entries of their processes.
define(
    "backoffice.view_audit_log",
    SIGN_IN,
    ACTIVE,
    Requirement(
        is_site_admin | administers_any_process,
        _("Only site administrators and process administrators can read the audit log."),
    ),
)

# Roles (object: the process). Process administrators appoint the evaluators and moderators of their own
# process; the administrators of a process are appointed by site administrators.
define(
    "backoffice.manage_roles",
    SIGN_IN,
    ACTIVE,
    Requirement(
        is_process_admin,
        _("Only the administrators of this process can appoint its evaluators and moderators."),
    ),
)

define(
    "backoffice.appoint_process_admin",
    SIGN_IN,
    ACTIVE,
    Requirement(is_site_admin, _("Only site administrators can appoint or remove process administrators.")),
)

# Imports and exports of one process (issue 8 §5). Process administrators export everything of their processes;
# evaluators export the proposals assigned to them (the export's rows are scoped by the same rule below).
define(
    "backoffice.export_process",
    SIGN_IN,
    ACTIVE,
    Requirement(is_evaluator, _("Only the administrators and evaluators of this process can export its data.")),
)
define(
    "backoffice.export_comments",
    SIGN_IN,
    ACTIVE,
    Requirement(is_process_admin, _("Only the administrators of this process can export its comments.")),
)
define(
    "backoffice.export_reports",
    SIGN_IN,
    ACTIVE,
    Requirement(is_process_admin, _("Only the administrators of this process can export its reports.")),
)
define(
    "backoffice.import_process",
    SIGN_IN,
    ACTIVE,
    Requirement(is_process_admin, _("Only the administrators of this process can import data into it.")),
)
