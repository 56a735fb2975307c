"""Template helpers of the support box: what is left of the per-participant limit, and whether that limit is the
only thing standing in the way (the button is then shown disabled, with the reason)."""

from django import template

from apps.supports import rules as support_rules
from apps.supports.selectors import supports_left as _supports_left

register = template.Library()


@register.simple_tag
def supports_left(user, process):
    """None without a per-participant limit (or for anonymous visitors), else how many supports are left."""
    return _supports_left(user=user, process=process)


@register.simple_tag
def support_limit_only(user, proposal):
    return user.is_authenticated and support_rules.limit_reached_only(user, proposal)


@register.simple_tag
def support_limit_reason(proposal):
    return support_rules.user_limit_reason(proposal)
