"""Parts of a page that are the same for every visitor, kept in the cache under a key made of what they show.

The vote page's project cards (apps/budgets/views/cards.py) and the lists' proposal cards (apps/proposals/cards.py)
are rendered once per content and language: their key is a hash of everything the template shows and of the
template's source, so a change of any of them is a new key and nothing has to be invalidated (unused keys expire).
"""

import functools
import hashlib

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe

FRAGMENT_SECONDS = 6 * 3600


@functools.cache
def templates_digest(names):
    """The templates' sources (a tuple of names), hashed once per process: a release that changes one of them
    renders new fragments."""
    sources = "\x1e".join(get_template(name).template.source for name in names)
    return hashlib.md5(sources.encode(), usedforsecurity=False).hexdigest()[:12]


def fragment_key(prefix, pk, parts):
    """`prefix:pk:` and the hash of `parts`, everything the fragment shows."""
    digest = hashlib.md5("\x1f".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()
    return f"{prefix}:{pk}:{digest}"


def attach_fragments(objects, *, attribute, key_of, render):
    """Set `attribute` (HTML) on each of `objects`: from the cache in one round trip, the missing ones rendered by
    `render(obj)` (with no request: nothing of the visitor can slip into what every visitor is shown) and stored."""
    keys = {id(obj): key_of(obj) for obj in objects}
    found = cache.get_many(list(keys.values())) if keys else {}
    rendered = {}
    for obj in objects:
        key = keys[id(obj)]
        html = found.get(key)
        if html is None:
            html = rendered[key] = str(render(obj))
        # Our own template's output, escaped when it was rendered (the cache holds it as a plain string).
        setattr(obj, attribute, mark_safe(html))  # noqa: S308
    if rendered:
        cache.set_many(rendered, FRAGMENT_SECONDS)
    return objects
