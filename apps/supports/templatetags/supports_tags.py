"""Template helpers of the support box: what is left of the per-participant limit, and whether that limit is the
only thing standing in the way (the button is then shown disabled, with the reason)."""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from apps.core.permissions import refusal_reason
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


# The support box (_support_box.html) of each card of a list shows the same HTML for every proposal in the same
# state (supported or not, the refusal, the limit) but for the proposal's id and support count. It is rendered once
# per state and request with stand-ins for those two, which are then replaced by the proposal's own: the same HTML
# as one render per card (the rules are still asked for each proposal: they make the state). A list of 20 cards
# rendered 20 boxes for 9 ms of CPU (bench/residents.py). tests/supports/test_support_box.py compares both ways.
BOX_TEMPLATE = "supports/partials/_support_box.html"
STAND_IN_PK = 918_273_645_019_284  # never an id, and not a substring of any output
COUNT_MARKER = "\x1fstand-in support count\x1f"
STAMPS = True  # tests render every box on its own to compare
_STAMPS_ATTR = "_pb_support_stamps"


class _StandInCount(int):
    """A support count that picks the real count's plural form but prints as a marker."""

    def __str__(self):
        return COUNT_MARKER


class _StandIn:
    __slots__ = ("pk", "support_count")

    def __init__(self, support_count):
        self.pk = STAND_IN_PK
        self.support_count = _StandInCount(support_count)


def support_state(user, proposal, supported):
    """What the box shows of `user`'s relation to `proposal`: the rules asked, as _support_button.html did."""
    supported = bool(supported)
    state = {"supported": supported, "left": _supports_left(user=user, process=proposal.process)}
    if supported:
        reason = refusal_reason("supports.remove_support", user, proposal) or ""
        state.update(reason=reason, limit_only=False, limit_reason="")
        return state
    reason = refusal_reason("supports.add_support", user, proposal) or ""
    # Allowed means within the limit: only a refusal can be the limit's alone.
    limit_only = bool(reason) and user.is_authenticated and support_rules.limit_reached_only(user, proposal)
    limit_reason = ""
    if user.is_authenticated and (not reason or limit_only):
        limit_reason = support_rules.user_limit_reason(proposal)
    state.update(reason=reason, limit_only=limit_only, limit_reason=limit_reason)
    return state


@register.simple_tag(takes_context=True)
def support_box(context, proposal, supported):
    """The support box of `proposal` for the context's user (see _support_button.html)."""
    template = context.template.engine.get_template(BOX_TEMPLATE)
    user = context.get("user")
    request = context.get("request")
    here = context.get("next_url") or (request.get_full_path() if request is not None else "")
    values = {"here": here, "user": user, **support_state(user, proposal, supported)}
    stamps = getattr(request, _STAMPS_ATTR, None) if request is not None else None
    if stamps is None and request is not None:
        stamps = {}
        setattr(request, _STAMPS_ATTR, stamps)
    count = proposal.support_count
    # A message for this one box, or the page's address holding the stand-in's digits: no stamp then.
    if (
        not STAMPS
        or stamps is None
        or context.get("support_error")
        or context.get("support_notice")
        or str(STAND_IN_PK) in here
        or not isinstance(count, int)
    ):
        with context.push(proposal=proposal, **values):
            return template.render(context)
    # The count's plural form (the box's msgid) is part of the state: one stamp per form.
    form = ngettext("%(counter)s support", "%(counter)s supports", count)
    key = (get_language(), proposal.process_id, form, *sorted(values.items()))
    stamp = stamps.get(key)
    if stamp is None:
        with context.push(proposal=_StandIn(count), **values):
            stamp = str(template.render(context))
        if stamp.count(COUNT_MARKER) != 1:
            stamp = False  # the count shown more than once, or not at all: each box rendered on its own
        stamps[key] = stamp
    if stamp is False:
        with context.push(proposal=proposal, **values):
            return template.render(context)
    html = stamp.replace(str(STAND_IN_PK), str(proposal.pk))
    html = html.replace(COUNT_MARKER, render_value_in_context(count, context))
    return mark_safe(html)  # noqa: S308 - our template's output; the id and the count are numbers
