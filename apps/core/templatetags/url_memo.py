"""`{% url %}`, Django's tag, with the addresses it reverses remembered per process (a template builtin: it replaces
Django's `url` in every template, settings.TEMPLATES).

A page holds a dozen `{% url %}` and more (the navbar, the breadcrumb, each card's links), and each reverse() walks
the URL patterns again: 5 to 8 % of the Python calls of a vote page. The same name, arguments, language, script
prefix, URLconf and current app always give the same address, so the answer is kept (a bounded LRU) when the
arguments are plain ints and strings; anything else, and every failure, goes to reverse() each time as before.
"""

import functools

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _reverse(urlconf, prefix, language, current_app, view_name, args, kwargs):
    # prefix and language are the active ones (reverse() reads them itself): they are in the key, not passed.
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def _plain(value):
    return type(value) is int or isinstance(value, str)


def memo_reverse(view_name, *, args, kwargs, current_app):
    if not isinstance(view_name, str) or not all(map(_plain, args)) or not all(map(_plain, kwargs.values())):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _reverse(
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
        current_app,
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
    )


@receiver(setting_changed)
def _forget(**kwargs):
    _reverse.cache_clear()


class MemoURLNode(defaulttags.URLNode):
    def render(self, context):
        # Django 5.2's URLNode.render, the reverse() remembered.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = memo_reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    """Django's {% url %} (the same syntax, parsed by Django), rendered by MemoURLNode."""
    node = defaulttags.url(parser, token)
    node.__class__ = MemoURLNode
    return node
