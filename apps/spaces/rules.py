from django.utils.translation import gettext_lazy as _

from apps.core.permissions import Requirement, define

from .predicates import administers_any_process, is_process_admin, is_published_process, is_site_admin

define(
    "spaces.view_process",
    Requirement(is_published_process | is_process_admin, _("This process is not published yet.")),
)
define(
    "spaces.change_process",
    Requirement(is_process_admin, _("Only the administrators of this process can change it.")),
)

# The Django admin asks these (apps/spaces/admin.py), as the back-office does.
define(
    "spaces.manage_processes",
    Requirement(
        is_site_admin | administers_any_process, _("Only the administrators of a process can manage processes.")
    ),
)
define("spaces.add_process", Requirement(is_site_admin, _("Only site administrators can create processes.")))
define("spaces.delete_process", Requirement(is_site_admin, _("Only site administrators can delete processes.")))
define("spaces.appoint_roles", Requirement(is_site_admin, _("Only site administrators appoint process roles.")))
