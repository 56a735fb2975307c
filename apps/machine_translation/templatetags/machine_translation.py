"""`{% machine_translation obj as mt %}`: the current translation of `obj` into the page's language, or None.

`{% machine_translations_prefetch objects %}` before a loop loads a whole list's translations in one query (the
comment threads do); the tag then reads from it. Both cost nothing while no provider is set.
"""

from django import template
from django.utils.translation import get_language

from ..providers import get_provider
from ..selectors import translations_for

register = template.Library()

_CACHE = "_machine_translations"


def _cache(context):
    request = context.get("request")
    holder = request if request is not None else context
    if not hasattr(holder, _CACHE):
        try:
            setattr(holder, _CACHE, {})
        except AttributeError:
            return {}
    return getattr(holder, _CACHE)


@register.simple_tag(takes_context=True)
def machine_translations_prefetch(context, objects):
    if get_provider() is None:
        return ""
    objects = list(objects or ())
    if objects:
        found = translations_for(objects, get_language())
        cache = _cache(context)
        for obj in objects:
            cache[(obj._meta.label_lower, obj.pk, get_language())] = found.get(obj.pk)
    return ""


@register.simple_tag(takes_context=True)
def machine_translation(context, obj):
    if obj is None or get_provider() is None:
        return None
    key = (obj._meta.label_lower, obj.pk, get_language())
    cache = _cache(context)
    if key not in cache:
        cache[key] = translations_for([obj], get_language()).get(obj.pk)
    return cache[key]
