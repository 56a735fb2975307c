from django import template
from django.utils.safestring import mark_safe

from apps.core.permissions import is_allowed, refusal_reason
from apps.core.sanitize import clean_html

register = template.Library()


@register.filter
def rich_text(value):
    """Render stored rich text: sanitised with nh3 at output time, so nothing unsafe ever reaches a page."""
    return mark_safe(clean_html(value))  # noqa: S308 - output of nh3 is safe by construction


@register.simple_tag
def why_not(perm, user, obj=None):
    """The sentence explaining why `user` may not do `perm` on `obj` now ('' when allowed)."""
    return refusal_reason(perm, user, obj) or ""


@register.simple_tag
def can(perm, user, obj=None):
    """{% can "proposals.add_proposal" user process as can_add %}: whether the rule allows it now.
    The same answer as user.has_perm() and the services; {% why_not %} gives the sentence when it does not."""
    return is_allowed(perm, user, obj)


@register.filter
def without_language_prefix(path):
    """'/fr/processes/x/?a=1' -> '/processes/x/?a=1'. The language switcher posts this as `next`, so the
    LocaleMiddleware sends the visitor to the chosen language whatever language the page was in."""
    from django.conf import settings

    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return "/" + path[len(prefix):]
        if path == f"/{code}":
            return "/"
    return path


@register.simple_tag(takes_context=True)
def absolute_uri(context, url=""):
    """`{% absolute_uri url %}`: the address as seen from outside (link previews need absolute URLs)."""
    request = context.get("request")
    if request is None:
        from django.conf import settings

        return settings.SITE_URL.rstrip("/") + (url or "/")
    return request.build_absolute_uri(url or None)


@register.filter
def audit_action(code):
    """An audit log action code in the reader's words ("comments.create" -> "Comment posted")."""
    from apps.core.audit_labels import action_label

    return action_label(code)
