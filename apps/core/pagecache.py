"""Anonymous pages kept in the cache for a short while (the day a vote opens, most visitors are anonymous and read
the same pages).

Apps name their public pages once, in their `AppConfig.ready()`:

    register_page("proposals:detail", process_kwarg="slug")
    register_page("proposals:list", process_kwarg="slug", variant=order_cache_variant)

`PageCacheMiddleware` then answers an anonymous GET of such a page from the cache (`X-Cache: hit`) or renders it
and keeps it for PAGE_CACHE_SECONDS (`X-Cache: miss`). Once that time is over, the first request renders the page
again while the others still get the previous copy for a few seconds (`X-Cache: stale`), so a busy page is not
rendered by every worker at once each time it expires. The key holds the scheme and host, the active language, the
path, the query string (its parameters sorted), the page's variant and three versions: the site's, the process's
(from the URL's `process_kwarg`) and the page's own (its path without the language prefix).

Never cached, never served from the cache: signed-in visitors, anything but GET, htmx requests, a visitor with
messages waiting; never stored: a response that is not a 200 HTML page, sets a cookie, writes to the session,
shows messages, says `Cache-Control: private/no-store/no-cache`, varies on an unusual header or changes its CSP.

Forms keep working: the visitor's CSRF token is swapped for a placeholder before the page is stored and the next
visitor's own token goes in when it is served (`get_token`, so their CSRF cookie is set as on any page). The CSP
uses no nonces (a test checks that), so a cached page carries nothing else of one request.

Writes say what they changed, from their services, never from signals:
- `bump_content(obj)`: a registered content's page and its process's pages (an edit, a status, a hidden item);
- `bump_page(url)`: one page in every language (a new support or comment: the counts on the lists may lag by up
  to PAGE_CACHE_SECONDS);
- `bump_process(process)`: every page of a process; `bump_site()`: every page;
- `bump_for(target)`: the audit target of a staff write (content, a process, or anything with a process).
A bump takes effect at once and again when the transaction commits, so a page rendered from the data before the
commit is never stored under the new version. Versions are random tokens: one lost from the cache (evicted,
expired) is replaced by a new one, which only makes the pages miss.
"""

import hashlib
import re
import secrets
import time
import zlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

KEY_PREFIX = "pagecache"
VERSION_SECONDS = 24 * 3600  # a version outlives every page stored under it; a lost one is replaced (see above)
MAX_QUERY_LENGTH = 500  # longer query strings are rendered every time rather than filling the cache
HARMLESS_VARY = {"cookie", "accept-language", "accept-encoding"}  # the middleware's key covers these
ZLIB_LEVEL = 3  # pages shrink about five times, in about a millisecond
RENEWING = ":renewing"  # the key's suffix of the flag saying that a request is rendering the page again
RENEW_SECONDS = 10  # how long other visitors may get the previous copy while it is rendered again
CSRF_TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")  # masked tokens are 64 such chars


@dataclass(frozen=True)
class CacheablePage:
    view_name: str
    process_kwarg: str | None = None
    # request -> str (a part of the key, "" for none), or None when this request must not use the cache.
    variant: object = None


_PAGES = {}


def register_page(view_name, *, process_kwarg=None, variant=None):
    """Let anonymous GETs of the URL named `view_name` ("app:name") be served from the cache.

    Only for pages every anonymous visitor sees alike (up to `variant`): `variant(request)` returns a string that
    joins the key (the visitor's random-order key, say), or None to render this request without the cache.
    `process_kwarg` names the URL argument that holds the process's slug, so that `bump_process` reaches the page.
    """
    _PAGES[view_name] = CacheablePage(view_name, process_kwarg, variant)


def registered_pages():
    return dict(_PAGES)


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


# Versions -------------------------------------------------------------------------------------------------------


def _language_codes():
    return {code for code, _name in settings.LANGUAGES}


def page_scope(url):
    """The path of `url` (a path or an absolute URL, fragment allowed) without its language prefix."""
    path = urlsplit(str(url)).path or "/"
    parts = path.split("/", 2)
    if len(parts) > 1 and parts[1] in _language_codes():
        path = "/" + (parts[2] if len(parts) > 2 else "")
    return path


def _version_key(scope):
    return f"{KEY_PREFIX}:v:{hashlib.sha256(scope.encode()).hexdigest()[:32]}"


def _site_scope():
    return "site"


def _process_scope(slug):
    return f"process:{slug}"


def _path_scope(url):
    return f"page:{page_scope(url)}"


def _bump_now(scopes):
    _cache().set_many({_version_key(scope): secrets.token_hex(8) for scope in scopes}, VERSION_SECONDS)


def _bump(scopes):
    scopes = [scope for scope in scopes if scope]
    if not scopes:
        return
    _bump_now(scopes)
    # Again after the commit: a visitor who read the new version before the commit rendered the old data.
    transaction.on_commit(lambda: _bump_now(scopes))


def bump_site():
    """Every cached page (a process or a phase changed, a site page, the taxonomy...)."""
    _bump([_site_scope()])


def bump_process(process):
    """Every cached page of a process (lists, counts, its page); `process` is a Process or its slug."""
    slug = getattr(process, "slug", process)
    if slug:
        _bump([_process_scope(slug)])


def bump_page(url):
    """One page (its path, in every language and with any query string)."""
    if url:
        _bump([_path_scope(url)])


def bump_content(obj):
    """A registered content's own page and its process's pages (lists, counts): after an edit, a status change,
    hiding or showing it. For a comment, the page of what it comments on."""
    from .content import content_for

    entry = content_for(obj)
    if entry is None:
        return
    scopes = []
    try:
        scopes.append(_path_scope(entry.url_of(obj)))
    except Exception:  # noqa: BLE001 - an object without a page yet (a draft) still bumps its process
        pass
    process = entry.process_of(obj)
    if getattr(process, "slug", None):
        scopes.append(_process_scope(process.slug))
    _bump(scopes)


def bump_for(target):
    """What a write on `target` may change on public pages: a registered content's page and process
    (`bump_content`), a process's pages (a process, or anything with a `process`)."""
    from .content import content_for

    if target is None:
        return
    if content_for(target) is not None:
        bump_content(target)
    elif target._meta.label == "spaces.Process":
        bump_process(target)
    elif getattr(target, "process", None) is not None:
        bump_process(target.process)


def _versions(scopes):
    cache = _cache()
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = {key: secrets.token_hex(8) for key in keys if key not in found}
    if missing:
        for key, token in missing.items():
            if not cache.add(key, token, VERSION_SECONDS):
                token = cache.get(key) or token
            found[key] = token
    return [found[key] for key in keys]


# Keys -----------------------------------------------------------------------------------------------------------


def normalised_query(query_string):
    """The query string with its parameters sorted by name (a name's values keep their order), or None when it
    is too long to be worth a cache entry."""
    if len(query_string) > MAX_QUERY_LENGTH:
        return None
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def _page_key(request, page, view_kwargs, variant, query):
    scopes = [_site_scope(), _path_scope(request.path_info)]
    slug = view_kwargs.get(page.process_kwarg) if page.process_kwarg else None
    if slug:
        scopes.append(_process_scope(slug))
    versions = _versions(scopes)
    raw = "|".join(
        [request.scheme, request.get_host(), get_language() or "", request.path_info, query, variant, *versions]
    )
    return f"{KEY_PREFIX}:page:{hashlib.sha256(raw.encode()).hexdigest()}"


# Middleware -----------------------------------------------------------------------------------------------------


def _anonymous_reader(request):
    if request.method != "GET" or request.headers.get("HX-Request"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    # Messages waiting for this visitor would be shown by the page (and a cached page would not show them).
    return len(get_messages(request)) == 0


def _storable(request, response):
    if response.status_code != 200 or response.streaming or getattr(response, "_page_cache_hit", False):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies or getattr(request, "session", None) is not None and request.session.modified:
        return False
    if not _anonymous_reader(request) or len(getattr(request, "_messages", ())):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    if vary - HARMLESS_VARY:
        return False
    # django-csp's decorators leave their policy on the response; a cached copy would lose it.
    return not any(name.startswith("_csp") for name in vars(response))


def _without_csrf_tokens(request, content):
    """(content with the visitor's CSRF tokens replaced by a placeholder, the placeholder or "")."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content, ""
    tokens = {match for match in set(CSRF_TOKEN_RE.findall(content)) if _unmask_cipher_token(match.decode()) == secret}
    if not tokens:
        return content, ""
    marker = secrets.token_hex(16)
    for token in tokens:
        content = content.replace(token, marker.encode())
    return content, marker


def _grace(seconds):
    """How long a page is kept past its time, to be served while one request renders it again."""
    return min(max(seconds // 2, 5), 30)


class PageCacheMiddleware:
    """See the module docstring. After the session, locale, CSRF, authentication and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or getattr(response, "_page_cache_hit", False):
            if getattr(request, "_page_cache_page", False) and key is None:
                response["X-Cache"] = "bypass"  # a cacheable page, rendered for this visitor alone
            return response
        if _storable(request, response):
            content, marker = _without_csrf_tokens(request, response.content)
            headers = [(name, value) for name, value in response.headers.items() if name.lower() != "x-cache"]
            fresh = settings.PAGE_CACHE_SECONDS
            # Compressed: a fifth of the memory and of the bytes read back on each hit (GZipMiddleware compresses
            # each response again, after this visitor's token is in).
            entry = {
                "content": zlib.compress(content, ZLIB_LEVEL),
                "marker": marker,
                "headers": headers,
                "fresh_until": time.time() + fresh,
            }
            _cache().set(key, entry, fresh + _grace(fresh))
            _cache().delete(key + RENEWING)
            response["X-Cache"] = "miss"
        else:
            response["X-Cache"] = "bypass"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "PAGE_CACHE", False):
            return None
        match = getattr(request, "resolver_match", None)
        page = _PAGES.get(match.view_name) if match else None
        if page is None:
            return None
        request._page_cache_page = True
        if not _anonymous_reader(request):
            return None
        query = normalised_query(request.META.get("QUERY_STRING", ""))
        variant = page.variant(request) if page.variant else ""
        if query is None or variant is None:
            return None
        key = _page_key(request, page, view_kwargs, variant, query)
        request._page_cache_key = key
        entry = _cache().get(key)
        if entry is None:
            return None
        state = "hit"
        if time.time() >= entry.get("fresh_until", 0):
            # Past its time: this request renders it again, while the others get the old copy meanwhile rather
            # than all rendering the same page at once (a bump changes the key: a stale copy is never served).
            if _cache().add(key + RENEWING, 1, RENEW_SECONDS):
                return None
            state = "stale"
        content = zlib.decompress(entry["content"])
        if entry["marker"]:
            # This visitor's own token (and so their CSRF cookie, set by CsrfViewMiddleware on the way out).
            content = content.replace(entry["marker"].encode(), get_token(request).encode())
        response = HttpResponse(content)
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Cache"] = state
        response._page_cache_hit = True
        return response
