from django.utils.translation import gettext_lazy as _

from apps.core.permissions import Requirement, define

from .predicates import is_process_admin, is_published_process

define(
    "spaces.view_process",
    Requirement(is_published_process | is_process_admin, _("This process is not published yet.")),
)
define(
    "spaces.change_process",
    Requirement(is_process_admin, _("Only the administrators of this process can change it.")),
)
