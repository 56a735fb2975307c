"""One place that answers "may this user do this action on this object now?", and says why not.

A permission is a list of requirements; each is a `rules` predicate with the sentence to show when it
fails. The permission itself is registered with django-rules as their conjunction, so views, templates
(`{% can %}`) and services all ask the same question, and `refusal_reason()` returns the first
failing requirement's sentence ("Sign in to support", "Proposals can be submitted from 3 March").
"""

import functools
import operator

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

_REQUIREMENTS = {}


class Requirement:
    def __init__(self, predicate, message):
        self.predicate = predicate if isinstance(predicate, rules.Predicate) else rules.predicate(predicate)
        self.message = message

    def explain(self, user, obj):
        message = self.message
        if callable(message):
            return message(user, obj)
        return str(message)


def define(perm_name, *requirements):
    _REQUIREMENTS[perm_name] = requirements
    combined = functools.reduce(operator.and_, (r.predicate for r in requirements))
    rules.set_perm(perm_name, combined)


def is_allowed(perm_name, user, obj=None):
    """Test the rule itself. Unlike user.has_perm(), a superuser gets no blanket pass: phases, limits
    and eligibility apply to everybody; site administrators are granted what they may do through the
    is_site_admin predicate inside each rule."""
    return rules.has_perm(perm_name, user, obj)


def refusal_reason(perm_name, user, obj=None):
    """None when allowed, otherwise a sentence for the user."""
    if is_allowed(perm_name, user, obj):
        return None
    for requirement in _REQUIREMENTS.get(perm_name, ()):
        if not requirement.predicate.test(user, obj):
            return requirement.explain(user, obj)
    return _("You are not allowed to do this.")


def ensure_allowed(perm_name, *, user, obj=None):
    """Raise PermissionDenied with the user-facing reason; services call this as views do."""
    reason = refusal_reason(perm_name, user, obj)
    if reason:
        raise PermissionDenied(reason)


def needs_sign_in(perm_name, user, obj=None):
    """True when signing in is what stands in the way: the first failing requirement is "be signed in".

    Views use it to send anonymous visitors to the log-in page instead of a 403, without comparing messages.
    """
    if user.is_authenticated or is_allowed(perm_name, user, obj):
        return False
    for requirement in _REQUIREMENTS.get(perm_name, ()):
        if not requirement.predicate.test(user, obj):
            return requirement.predicate is rules.is_authenticated
    return False
