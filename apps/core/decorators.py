"""One way for a view to ask a rule: `@rule_required(perm, get_object)` or `RuleRequiredMixin`.

Signed-in users who may not get a 403 page with the rule's own sentence ("Proposals can be submitted from
3 March"); anonymous visitors are sent to log in and brought back (as adhocracy4's mixin does, so a refusal
is never a log-in loop for someone already signed in).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .permissions import refusal_reason


def check_rule(request, perm, obj=None):
    """None when allowed; otherwise the response to send (log-in redirect) or PermissionDenied raised."""
    reason = refusal_reason(perm, request.user, obj)
    if reason is None:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url="account_login")
    raise PermissionDenied(reason)


def rule_required(perm, get_object=None):
    """`get_object(request, *args, **kwargs)` returns the object the rule is asked about (None: no object).
    It may raise Http404 for objects that do not exist."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            obj = get_object(request, *args, **kwargs) if get_object else None
            refused = check_rule(request, perm, obj)
            if refused is not None:
                return refused
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RuleRequiredMixin:
    """Class-based views: set `permission_required`, override `get_permission_object()` when the rule needs
    an object."""

    permission_required = None

    def get_permission_required(self):
        if self.permission_required is None:
            raise NotImplementedError(f"{type(self).__name__} needs permission_required")
        return self.permission_required

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        refused = check_rule(request, self.get_permission_required(), self.get_permission_object())
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)
