"""Anonymous pages kept in the cache for a short while (the day a vote opens, most visitors are anonymous and read
the same pages).

Apps name their public pages once, in their `AppConfig.ready()`:

    register_page("proposals:detail", process_kwarg="slug", long_lived=True)
    register_page("proposals:list", process_kwarg="slug", variant=list_variant)

`PageCacheMiddleware` then answers an anonymous GET of such a page from the cache (`X-Cache: hit`) or renders it
and keeps it for PAGE_CACHE_SECONDS, or PAGE_CACHE_LONG_SECONDS for a page registered `long_lived` (`X-Cache:
miss`). Once that time is over, the first request renders the page again while the others still get the previous
copy for a few seconds (`X-Cache: stale`), so a busy page is not rendered by every worker at once each time it
expires. The key holds the scheme and host, the active language, the path, the query string (its parameters
sorted) and the page's variant; the entry holds the page and the three versions it was rendered under: the site's,
the process's (from the URL's `process_kwarg`) and the page's own (its path without the language prefix). One
round trip reads the entry and the current versions; an entry whose versions differ is never served.

`EarlyPageCacheMiddleware`, near the top of the stack (after the security headers, WhiteNoise and GZip, before
the CSP, sessions, language, CSRF, authentication...), answers the same entries to a GET or HEAD without a session
cookie of a URL with a language prefix, without running the rest of the stack: the cheap path of the anonymous
spike. It stores the headers every layer below it added to the page (CSP, Vary, Content-Language,
X-Frame-Options...) with it, and does the CSRF cookie and token as CsrfViewMiddleware does (it calls it).

Never cached, never served from the cache: signed-in visitors (the early path: any request with a session
cookie), anything but GET (and HEAD on the early path), htmx requests, a visitor with messages waiting; never
stored: a response that is not a 200 HTML page, sets a cookie, writes to the session, shows messages, says
`Cache-Control: private/no-store/no-cache`, varies on an unusual header or changes its CSP.

Forms keep working: the page is stored as the text between the visitor's CSRF tokens, and the next visitor's own
token goes in between when it is served (`get_token`, so their CSRF cookie is set as on any page). The CSP
uses no nonces (a test checks that), so a cached page carries nothing else of one request.

Writes say what they changed, from their services, never from signals:
- `bump_content(obj)`: a registered content's page and its process's pages (an edit, a status, a hidden item); a
  comment's: the page it is on (a comment shows nowhere else);
- `bump_page(url)`: one page in every language (a new support or comment: the counts on the lists may lag by up
  to PAGE_CACHE_SECONDS);
- `bump_process(process)`: every page of a process; `bump_site()`: every page;
- `bump_for(target)`: the audit target of a staff write (content, a process, or anything with a process).
A bump takes effect at once and again when the transaction commits, so a page rendered from the data before the
commit is never stored under the new version (an entry holds the versions read before it was rendered). Versions
are random tokens: one lost from the cache (evicted, expired) is replaced by a new one, which only makes the pages
miss.
"""

import datetime
import functools
import gzip
import hashlib
import secrets
import struct
import time
import zlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.translation import get_language

KEY_PREFIX = "pagecache"
VERSION_SECONDS = 24 * 3600  # a version outlives every page stored under it; a lost one is replaced (see above)
MAX_QUERY_LENGTH = 500  # longer query strings are rendered every time rather than filling the cache
HARMLESS_VARY = {"cookie", "accept-language", "accept-encoding"}  # the middleware's key covers these
RENEWING = ":renewing"  # the key's suffix of the flag saying that a request is rendering the page again
RENEW_SECONDS = 10  # how long other visitors may get the previous copy while it is rendered again
# Masked CSRF tokens are 64 letters and digits in a row, no more: the page mapped to "a" for each of those and "." for
# anything else, where b"a" * 64 starts such a run (bytes.find and translate: a twentieth of a regular expression's
# time on a page).
_TOKEN_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_TOKEN_MAP = bytes(0x61 if index in _TOKEN_CHARS else 0x2E for index in range(256))
_TOKEN_RUN = b"a" * 64
# Headers of one response, never of a stored page: the length is the served content's, the state this request's.
NOT_STORED_HEADERS = {"content-length", "x-cache"}
GZIP_LEVEL = 6  # GZipMiddleware's


@dataclass(frozen=True)
class CacheablePage:
    view_name: str
    process_kwarg: str | None = None
    # request -> str (a part of the key, "" for none), or None when this request must not use the cache.
    variant: object = None
    long_lived: bool = False
    # limit -> the URL kwargs of at most `limit` of this page's instances, the most visited first (warm_pages).
    warm: object = None


_PAGES = {}


def register_page(view_name, *, process_kwarg=None, variant=None, long_lived=False, warm=None):
    """Let anonymous GETs of the URL named `view_name` ("app:name") be served from the cache.

    Only for pages every anonymous visitor sees alike (up to `variant`): `variant(request)` returns a string that
    joins the key (the random order's seed, say), or None to render this request without the cache. It reads only
    the request's URL, query string and cookies (the early path calls it before any middleware ran; `request.session`
    is then an empty session). `process_kwarg` names the URL argument that holds the process's slug, so that
    `bump_process` reaches the page.

    `long_lived`: every change of what the page shows bumps it (its own content, its process, the site), and
    nothing on it depends on the time but the day (phases start and end with the days): it is kept
    PAGE_CACHE_LONG_SECONDS, never past the next local midnight. Not for pages showing counts of other content that
    are not bumped (the lists' support counts) or the hour (events to come).

    `warm(limit)`, for a long-lived page: the URL kwargs of the instances anonymous visitors may see, the most
    visited first, at most `limit`; `manage.py warm_pages` requests them before a spike (a short-lived page would
    expire before the visitors come).
    """
    if warm is not None and not long_lived:
        raise ValueError(f"{view_name}: only a long-lived page is worth warming")
    _PAGES[view_name] = CacheablePage(view_name, process_kwarg, variant, long_lived, warm)


def registered_pages():
    return dict(_PAGES)


def pages_to_warm(*, languages, limit):
    """The paths of the pages `manage.py warm_pages` requests: for each registered page that says how to warm it,
    up to `limit` instances, the most visited first, in each of `languages` (one language after the other, so a
    stopped warm-up has done the first language's most visited pages)."""
    from django.urls import reverse

    for language in languages:
        with translation.override(language):
            for page in _PAGES.values():
                if page.warm is not None:
                    for kwargs in page.warm(limit):
                        yield reverse(page.view_name, kwargs=kwargs)


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def page_seconds(page, now=None):
    """How long `page` stays fresh once rendered."""
    short = settings.PAGE_CACHE_SECONDS
    if not page.long_lived:
        return short
    now = timezone.localtime(now)
    midnight = timezone.make_aware(datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time()))
    until_midnight = int((midnight - now).total_seconds())
    return max(1, min(getattr(settings, "PAGE_CACHE_LONG_SECONDS", short), until_midnight))


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


@functools.lru_cache(maxsize=16384)
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
    hiding or showing it. For a comment, only the page of what it comments on: a comment shows nowhere else (the
    lists' comment counts are bumped by whoever changes them)."""
    from .content import content_for

    entry = content_for(obj)
    if entry is None:
        return
    scopes = []
    try:
        scopes.append(_path_scope(entry.url_of(obj)))
    except Exception:  # noqa: BLE001 - an object without a page yet (a draft) still bumps its process
        pass
    if obj._meta.label_lower != "comments.comment":
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


# Read-only data kept under the versions -------------------------------------------------------------------------


READ_CACHE_SECONDS = 3600  # a copy outlives no version change (it is checked on each read); this only frees memory


def _read_key(name):
    return f"{KEY_PREFIX}:read:{hashlib.sha256(name.encode()).hexdigest()[:32]}"


def read_through(name, build, *, process_slug=None):
    """What `build()` returns, kept in the page cache's store under the site's version and, given `process_slug`,
    the process's: any bump of them (a save in the admin, a process's service) makes it built again. One round trip
    reads the copy and the versions, as a page lookup does; the versions are read before `build()` runs, so data
    read before a change is never kept under the new version.

    For READ paths only (a GET's context): writes read their rows afresh under their transaction. Off with
    settings.READ_CACHE (the tests', so that rows a test changes directly are seen at once)."""
    if not getattr(settings, "READ_CACHE", False):
        return build()
    scopes = [_site_scope()]
    if process_slug:
        scopes.append(_process_scope(process_slug))
    key = _read_key(name)
    entry, versions = _lookup(key, scopes)
    if entry is not None:
        return entry["value"]
    value = build()
    _cache().set(key, {"versions": versions, "value": value}, READ_CACHE_SECONDS)
    return value


# Keys and lookups -----------------------------------------------------------------------------------------------


def normalised_query(query_string):
    """The query string with its parameters sorted by name (a name's values keep their order), or None when it
    is too long to be worth a cache entry."""
    if len(query_string) > MAX_QUERY_LENGTH:
        return None
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def _scopes(path, slug):
    scopes = [_site_scope(), _path_scope(path)]
    if slug:
        scopes.append(_process_scope(slug))
    return scopes


def _page_key(*, scheme, host, language, path, query, variant):
    raw = "|".join([scheme, host, language or "", path, query, variant])
    return f"{KEY_PREFIX}:page:{hashlib.sha256(raw.encode()).hexdigest()}"


def _page_lookup(key, scopes):
    """_lookup of a page: an entry kept in an earlier form of this module's is a miss."""
    entry, versions = _lookup(key, scopes)
    return (entry if entry is None or "lengths" in entry else None), versions


def _lookup(key, scopes):
    """(the entry stored under `key` if it was rendered under the current versions, else None; the current
    versions of `scopes`), in one round trip (a version missing is made anew, which only makes pages miss)."""
    cache = _cache()
    version_keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many([key, *version_keys])
    versions = []
    for version_key in version_keys:
        token = found.get(version_key)
        if token is None:
            token = secrets.token_hex(8)
            if not cache.add(version_key, token, VERSION_SECONDS):
                token = cache.get(version_key) or token
        versions.append(token)
    entry = found.get(key)
    if entry is not None and entry.get("versions") != versions:
        entry = None  # rendered before a change: never served
    return entry, versions


@dataclass
class _Lookup:
    key: str
    page: CacheablePage
    entry: dict | None
    versions: list


def _store(lookup, pieces, headers):
    """Keep the page whose text is `pieces` joined by a visitor's CSRF token; returns the entry."""
    fresh = page_seconds(lookup.page)
    entry = {
        # Compressed once (a fifth of the memory and of the bytes read back on each hit), in the form a gzip
        # response is made of: no page is compressed again for a visitor, on a hit or on this miss.
        "deflated": _deflated_parts(pieces),
        "lengths": [len(piece) for piece in pieces],
        "headers": [(name, value) for name, value in headers if name.lower() not in NOT_STORED_HEADERS],
        "fresh_until": time.time() + fresh,
        "versions": lookup.versions,
    }
    cache = _cache()
    cache.set(lookup.key, entry, fresh + _grace(fresh))
    cache.delete(lookup.key + RENEWING)
    return entry


def _deflated_parts(pieces):
    """The page compressed once for all its visitors: the raw deflate stream of the text between its CSRF tokens,
    cut after each piece by a full flush (byte-aligned, nothing after it refers to what came before), the last one
    final. Joined, the parts are the deflate stream of the page without its tokens; a visitor's gzip response is the
    parts with their token in a stored block between each two. One compressor for all the pieces: each costs a
    few hundred kilobytes of set-up, more than compressing a piece."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    last = len(pieces) - 1
    return [
        compressor.compress(piece) + compressor.flush(zlib.Z_FINISH if index == last else zlib.Z_FULL_FLUSH)
        for index, piece in enumerate(pieces)
    ]


def _pieces(entry):
    """The text of `entry` between its CSRF tokens (one inflation of its parts)."""
    text = zlib.decompress(b"".join(entry["deflated"]), -zlib.MAX_WBITS)
    pieces, start = [], 0
    for length in entry["lengths"]:
        pieces.append(text[start : start + length])
        start += length
    return pieces


def _gzipped(pieces, parts, token):
    """One gzip member of the page whose text is `pieces` joined by `token`: GZipMiddleware's header (a random file
    name of up to GZipMiddleware.max_random_bytes, against guessing secrets from lengths), the parts compressed
    ahead, the token uncompressed (a stored block: nothing of it is matched against the page), CRC-32 and length."""
    header = b"\x1f\x8b\x08" + bytes([gzip.FNAME]) + b"\x00\x00\x00\x00\x00\xff"
    chunks = [header, b"a" * secrets.randbelow(GZipMiddleware.max_random_bytes) + b"\x00"]
    stored = b"\x00" + struct.pack("<HH", len(token), len(token) ^ 0xFFFF) + token
    crc, size = 0, 0
    for index, (piece, part) in enumerate(zip(pieces, parts, strict=True)):
        chunks.append(part)
        crc, size = zlib.crc32(piece, crc), size + len(piece)
        if index < len(parts) - 1:
            chunks.append(stored)
            crc, size = zlib.crc32(token, crc), size + len(token)
    chunks.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(chunks)


def _accepts_gzip(request):
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _gzip_into(response, request, entry, pieces):
    """`response`'s content: the page of `entry` gzipped from its parts, with a new token of this visitor's."""
    token = get_token(request).encode() if len(pieces) > 1 else b""
    response.content = _gzipped(pieces, entry["deflated"], token)
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))


def _serve(request, entry, state, *, body=True, gzip_ahead=False):
    """A response of `entry` for this visitor: their own CSRF token in its forms (get_token: CsrfViewMiddleware sets
    their cookie on the way out, as on any page). `gzip_ahead`: compressed here from the parts compressed ahead
    when the visitor accepts gzip (GZipMiddleware, above, leaves an encoded response alone)."""
    pieces = _pieces(entry)
    response = HttpResponse()
    for name, value in entry["headers"]:
        response[name] = value
    if body and gzip_ahead and _accepts_gzip(request):
        _gzip_into(response, request, entry, pieces)
    else:
        token = get_token(request).encode() if len(pieces) > 1 else b""
        content = token.join(pieces)
        response.content = content if body else b""
        response["Content-Length"] = str(len(content))  # HEAD: the length a GET would get
    response["X-Cache"] = state
    response._page_cache_hit = True
    return response


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


def _token_candidates(content):
    """The runs of exactly 64 letters and digits in `content` (bytes), as (start, end)."""
    mapped = content.translate(_TOKEN_MAP)
    start = mapped.find(_TOKEN_RUN)
    while start != -1:
        end = mapped.find(b".", start)
        end = len(mapped) if end == -1 else end
        if end - start == 64 and (start == 0 or mapped[start - 1] != 0x61):
            yield start, end
        start = mapped.find(_TOKEN_RUN, end)


def _without_csrf_tokens(request, content):
    """The text of `content` between the visitor's CSRF tokens (one piece when it holds none)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return [content]
    pieces, start = [], 0
    for token_start, token_end in _token_candidates(content):
        if _unmask_cipher_token(content[token_start:token_end].decode()) == secret:
            pieces.append(content[start:token_start])
            start = token_end
    pieces.append(content[start:])
    return pieces


def _grace(seconds):
    """How long a page is kept past its time, to be served while one request renders it again."""
    return min(max(seconds // 2, 5), 30)


class PageCacheMiddleware:
    """See the module docstring. After the session, locale, CSRF, authentication and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        lookup = getattr(request, "_page_cache_lookup", None)
        if lookup is None or getattr(response, "_page_cache_hit", False):
            if getattr(request, "_page_cache_page", False) and lookup is None:
                response["X-Cache"] = "bypass"  # a cacheable page, rendered for this visitor alone
            return response
        if _storable(request, response):
            pieces = _without_csrf_tokens(request, response.content)
            if getattr(request, "_page_cache_early", False):
                # EarlyPageCacheMiddleware stores it, with the headers the middleware between it and here add.
                request._page_cache_store = (lookup, pieces)
            else:
                _store(lookup, pieces, response.headers.items())
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
        key = _page_key(
            scheme=request.scheme, host=request.get_host(), language=get_language(), path=request.path_info,
            query=query, variant=variant,
        )  # fmt: skip
        early = getattr(request, "_page_cache_early_lookup", None)
        if early is not None and early.key == key:
            entry, versions = early.entry, early.versions  # the early path read them (a stale entry)
        else:
            entry, versions = _page_lookup(key, _scopes(request.path_info, view_kwargs.get(page.process_kwarg or "")))
        request._page_cache_lookup = _Lookup(key, page, entry, versions)
        if entry is None:
            return None
        state = "hit"
        if time.time() >= entry.get("fresh_until", 0):
            # Past its time: this request renders it again, while the others get the old copy meanwhile rather
            # than all rendering the same page at once (a bump changes the versions: a stale copy is never served).
            if _cache().add(key + RENEWING, 1, RENEW_SECONDS):
                return None
            state = "stale"
        return _serve(request, entry, state)


class EarlyPageCacheMiddleware:
    """The cached pages for visitors without a session cookie, before the rest of the middleware runs (see the
    module docstring). Place it after SecurityMiddleware, WhiteNoise and GZipMiddleware (they do to a page served
    here what they do to any page) and before everything else; PageCacheMiddleware does the rest."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        self.gzip = "django.middleware.gzip.GZipMiddleware" in settings.MIDDLEWARE

    def __call__(self, request):
        if getattr(settings, "PAGE_CACHE", False):
            response = self._from_cache(request)
            if response is not None:
                return response
            request._page_cache_early = True
        response = self.get_response(request)
        stored = getattr(request, "_page_cache_store", None)
        if stored is not None and response.status_code == 200 and not response.has_header("Content-Encoding"):
            lookup, pieces = stored
            # The page's headers as every layer below this one left them (CSP, Vary, Content-Language...).
            entry = _store(lookup, pieces, response.headers.items())
            if self.gzip and request.method == "GET" and _accepts_gzip(request):
                # Compressed already: GZipMiddleware, above, leaves an encoded response alone.
                _gzip_into(response, request, entry, pieces)
        return response

    def _candidate(self, request):
        """(the registered page, its language, its process slug) of an anonymous GET or HEAD, or None."""
        if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None  # perhaps signed in; or messages waiting
        if settings.CSRF_USE_SESSIONS:
            return None
        parts = request.path_info.split("/", 2)
        language = parts[1] if len(parts) > 2 else ""
        if language not in _language_codes():
            return None  # only URLs with a language prefix (otherwise the language is the visitor's)
        resolved = _resolved(language, request.path_info)
        page = _PAGES.get(resolved[0]) if resolved else None
        if page is None:
            return None
        return page, language, resolved[1].get(page.process_kwarg) if page.process_kwarg else None

    def _from_cache(self, request):
        candidate = self._candidate(request)
        if candidate is None:
            return None
        page, language, slug = candidate
        query = normalised_query(request.META.get("QUERY_STRING", ""))
        if query is None:
            return None
        if page.variant:
            request.session = _empty_session()
            try:
                variant = page.variant(request)
            finally:
                del request.session
            if variant is None:
                return None
        else:
            variant = ""
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the normal path answers it as usual
        key = _page_key(scheme=request.scheme, host=host, language=language, path=request.path_info, query=query,
                        variant=variant)  # fmt: skip
        entry, versions = _page_lookup(key, _scopes(request.path_info, slug))
        if entry is None or time.time() >= entry.get("fresh_until", 0):
            # Rendered (or renewed) by the normal path, which reuses this lookup.
            request._page_cache_early_lookup = _Lookup(key, page, entry, versions)
            return None
        # The visitor's CSRF secret from their cookie, or a new one (InvalidTokenFormat included), as CsrfViewMiddleware
        # does; its process_response sets the cookie when it is new.
        self.csrf.process_request(request)
        response = _serve(request, entry, "hit", body=request.method == "GET", gzip_ahead=self.gzip)
        return self.csrf.process_response(request, response)


@functools.lru_cache(maxsize=8192)
def _resolved(language, path):
    """(view name, URL arguments) of `path` in `language`, or None: URLs resolve alike until the code changes."""
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return None
    return match.view_name, dict(match.kwargs)


def _forget_resolutions(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES"):
        _resolved.cache_clear()


setting_changed.connect(_forget_resolutions)  # tests that change the URLs (Django clears its own caches alike)


def _empty_session():
    from importlib import import_module

    return import_module(settings.SESSION_ENGINE).SessionStore(None)
