from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from apps.core.permissions import is_allowed, refusal_reason
from apps.core.sanitize import clean_html, html_to_text

register = template.Library()


@register.filter
def rich_text(value):
    """Render stored rich text: sanitised with nh3 at output time, so nothing unsafe ever reaches a page."""
    return mark_safe(clean_html(value))  # noqa: S308 - output of nh3 is safe by construction


@register.filter
def plain_text(value):
    """Stored rich text as plain text on one line (a card's excerpt, a meta description): tags dropped and character
    references decoded, so the page escapes it once (`|striptags` would show `l&#x27;idée`)."""
    return html_to_text(value)


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


# The parts of a page that are the same for every visitor of a language (base.html's head links, navbar links,
# footer, script tags), rendered once per process, language and settings, then reused. They are rendered in a
# context of their own (SITE_NAME only): nothing of the visitor or the request can be kept and shown to someone
# else; a fragment using {{ user }}, {{ request }}, {% csrf_token %} or the like would show nothing there.
_fragments = {}
_fragments_generation = [0]


@receiver(setting_changed)
def _forget_fragments(**kwargs):
    """Tests that override a setting (the site's name, the static files' URLs...) render the fragments afresh."""
    _fragments.clear()
    _fragments_generation[0] += 1


class SharedFragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        # The node itself is part of the key: a template loaded again (a new release, DEBUG) renders it afresh.
        key = (id(self), self.name, get_language(), get_script_prefix(), _fragments_generation[0])
        html = _fragments.get(key)
        if html is None:
            html = self.nodelist.render(context.new({"SITE_NAME": settings.SITE_NAME}))
            if len(_fragments) > 1000:  # bounded, whatever happens
                _fragments.clear()
            _fragments[key] = html
        return html


@register.tag
def shared_fragment(parser, token):
    """{% shared_fragment "name" %}...{% endshared_fragment %}: HTML the same for every visitor of a language."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("shared_fragment takes one argument, its name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(bits[1].strip("\"'"), nodelist)
