"""One permission truth: a permission registered as a rule is answered by that rule alone.

django-rules' own backend only adds "yes" answers: Django's ModelBackend could still grant a rule-owned name
(`proposals.change_proposal` is also a model permission codename), and `User.has_perm` lets active
superusers through before any backend is asked. Here a refusal by the rule is final (PermissionDenied stops
Django's backend loop), and RulePermissionsMixin on the user model removes the superuser shortcut for
rule-owned names, so `user.has_perm(perm, obj)` and `is_allowed(perm, user, obj)` always agree. Names no
rule owns (`spaces.view_sitepage`...) keep Django's model permissions, which the admin uses for site staff.
"""

import rules
from django.core.exceptions import PermissionDenied

from .permissions import is_allowed


class RulesBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm, obj=None):
        if not rules.perm_exists(perm):
            return False  # not ours: the next backends decide
        if is_allowed(perm, user, obj):
            return True
        raise PermissionDenied


class RulePermissionsMixin:
    """Mix into the user model before PermissionsMixin: rule-owned permissions give superusers no blanket pass
    (site administrators are granted what they may do through the is_site_admin predicate inside each rule)."""

    def has_perm(self, perm, obj=None):
        if rules.perm_exists(perm):
            return is_allowed(perm, self, obj)
        return super().has_perm(perm, obj)
