"""Who may see a public profile (the view rule of the "user" content, which moderation reports)."""

import rules
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import Requirement, define


@rules.predicate
def profile_exists(user, profile):
    return profile is not None and getattr(profile, "deleted_at", None) is None


define("accounts.view_profile", Requirement(profile_exists, _("This profile is not available.")))
