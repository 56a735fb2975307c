"""Section 8 (b): every URL pattern (walked from the resolver, so new views join automatically), GET and POST with
malformed ids, overlong strings, NUL bytes, unicode digits, bad dates, huge numbers, and wrong methods, as an
anonymous visitor and as a participant (a process administrator for the back-office). The assertion: no 5xx.
"""

import logging
import re
from contextlib import contextmanager

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern

from apps.proposals.models import Proposal

from .counts import count
from .world import build_world

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    "²",  # str.isdigit() is True, int() fails
    "٣",  # Arabic-Indic digit: int() accepts it
    "-1",
    "1.5",
    "abc",
    "",
    "\x00",
    "a\x00b",
    "99999999999999999999999",
    "x" * 3000,
    "2026-13-45",
    "NaN",
    "maybe",  # a `next` that is not a URL (and not a URL name)
    "//evil.example/",
]
QUERY_PARAMS = [
    "next", "page", "comments_page", "parent", "order", "view", "q", "status", "theme", "category", "supported",
    "mine", "official", "start_date__year", "start_date__month", "start_date__day", "o", "p", "e", "all",
    "_changelist_filters", "_to_field", "_popup",
]
POST_FIELDS = QUERY_PARAMS + [
    "value", "object_id", "content_type", "attachment", "attachment_title", "body", "opinion", "title", "address",
    "latitude", "longitude", "email", "name", "subject", "message", "website", "password", "confirm", "accept_terms",
    "language", "display_name", "profile-display_name", "profile-nickname", "profile-language",
    "profile-email_frequency", "demo-birth_year", "demo-postal_code", "demo-gender", "login", "password1",
    "password2", "nickname", "csrfmiddlewaretoken", "_save", "action", "index", "select_across", "_selected_action",
]
ACTIONS = ["remove", "profile", "demographics", "erase_demographics", "upload", "next", "save", "delete_selected"]
WRONG_METHODS = ["put", "delete", "patch"]

# 5xx still expected from causes being fixed elsewhere, by URL name: reason (the test is then an expected failure).
# Keep it empty: a new entry is a known bug with an owner, not a way to silence the fuzz.
KNOWN_5XX = {}

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _text(pattern):
    if isinstance(pattern, LocalePrefixPattern):
        return "en/"
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.lstrip("^").rstrip("$").replace("\\", "")
    return text


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + _text(entry.pattern), ns)
        else:
            yield prefix + _text(entry.pattern), f"{namespace}{entry.name or ''}"


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))


def _values(world, name):
    """A valid value for each path parameter, by URL name."""
    proposal_type = ContentType.objects.get_for_model(Proposal)
    pk = {
        "proposals": world.published.pk,
        "comments": world.comment.pk,
        "notifications": world.notification.pk,
        "supports": world.others_published.pk,
    }.get(name.split(":")[0], 1)
    if name == "proposals:wizard":
        pk = world.draft.pk
    return {
        "slug": world.process.slug,
        "page_slug": world.page.slug,
        "theme_slug": world.theme.slug,
        "pk": str(pk),
        "step": "3",
        "content_type_id": str(proposal_type.pk),
        "object_id": str(world.others_published.pk),
        "nickname": world.other.nickname,
        "name": world.attachment.file.name,
        "key": "abc",
        "uidb36": "1",
        "app_label": "proposals",
        "url": "nothing",
    }


def _bad_path_values(conv):
    if conv == "int":
        return ["0", "99999999999999999999999"]
    if conv == "slug":
        return ["x" * 300]
    return ["a\x00b", "²", "x" * 300]


def fill(route, values, bad=None):
    """The route with its parameters filled; `bad=(name, value)` puts a malformed value in one of them."""

    def replace(match):
        name = match.group("name") or match.group("rname")
        if bad and bad[0] == name:
            return bad[1]
        return values.get(name, "1")

    return "/" + PARAM.sub(replace, route)


def route_params(route):
    return [(m.group("conv") or "str", m.group("name") or m.group("rname")) for m in PARAM.finditer(route)]


@contextmanager
def quiet_request_log():
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    # Rate limits would answer 429 before the code under test is reached.
    for name in ("COMMENT_RATE_LIMIT", "CONTACT_RATE_LIMIT", "PROPOSAL_CREATE_RATE_LIMIT", "SUPPORT_RATE_LIMIT"):
        setattr(settings, name, "100000/60")


# What each kind of visitor sends to each route: (bad values in the query string, bad values in a form,
# methods for malformed path parameters, wrong methods). Chosen to stay fast while covering each kind of bad input.
ANONYMOUS = (BAD_VALUES[:2] + ["\x00", "99999999999999999999999", "x" * 3000, "2026-13-45", "maybe"],
             ["²", "abc", "maybe"], ["get"], ["put"])
PARTICIPANT = (["²", "abc", "maybe"], ["²", "٣", "abc", "", "1.5", "\x00", "maybe"], ["post"], ["delete"])
ADMIN_ANONYMOUS = ([], [], [], [])
BACK_OFFICE = (["99999999999999999999999", "²"], ["abc"], ["get"], [])


def requests_for(route, values, plan):
    """(method, url, data) triples: the valid URL (once), then malformed query strings and forms, malformed
    path parameters, and wrong methods."""
    query_values, form_values, path_methods, wrong_methods = plan
    url = fill(route, values)
    yield "get", url, {}
    for value in query_values:
        yield "get", url, {param: value for param in QUERY_PARAMS}
    for index, value in enumerate(form_values):
        data = {field: value for field in POST_FIELDS}
        data["action"] = ACTIONS[index % len(ACTIONS)]
        yield "post", url, data
    for conv, name in route_params(route):
        for value in _bad_path_values(conv):
            for method in path_methods:
                yield method, fill(route, values, bad=(name, value)), {}
    for method in wrong_methods:
        yield method, url, {}


def run(route, values, plan, *, login=None):
    client = Client(raise_request_exception=False)
    failures = []
    with quiet_request_log():
        for method, url, data in requests_for(route, values, plan):
            if login is not None:
                client.force_login(login)  # a fuzzed log-out must not turn the rest into anonymous requests
            try:
                if method in ("get", "post"):
                    response = getattr(client, method)(url, data)
                else:
                    response = getattr(client, method)(url)
                status = response.status_code
            except Exception as error:  # noqa: BLE001 - any exception is a 500 to a visitor
                status = f"500 ({type(error).__name__}: {str(error)[:80]})"
            count("fuzz: requests")
            if str(status).startswith("5"):
                count("fuzz: 5xx")
                failures.append(f"{method.upper()} {url[:120]!r} {str(data)[:80]} -> {status}")
    return failures


def _check(failures, names):
    known = [KNOWN_5XX[name] for name in names if name in KNOWN_5XX]
    if failures and known:
        pytest.xfail(f"{'; '.join(known)}: {len(failures)} x 5xx, e.g. {failures[0]}")
    assert failures == [], "\n".join(failures)


SITE_ROUTES = [(r, n) for r, n in ROUTES if not n.startswith("admin:")]
ADMIN_GROUPS = {}
for _route, _name in ROUTES:
    if _name.startswith("admin:"):
        # One test per back-office model (en/admin/<app>/<model>/...), to share the world's set-up.
        ADMIN_GROUPS.setdefault("/".join(_route.split("/")[2:4]) or "index", []).append((_route, _name))


@pytest.mark.parametrize("route,name", SITE_ROUTES, ids=[n or r for r, n in SITE_ROUTES])
def test_no_server_error_on_malformed_input(route, name):
    world = build_world()
    values = _values(world, name)
    failures = run(route, values, ANONYMOUS) + run(route, values, PARTICIPANT, login=world.author)
    _check(failures, [name])


@pytest.mark.parametrize("group", sorted(ADMIN_GROUPS))
def test_no_server_error_in_the_back_office(group):
    world = build_world()
    failures = []
    for route, name in ADMIN_GROUPS[group]:
        values = _values(world, name)
        failures += run(route, values, ADMIN_ANONYMOUS) + run(route, values, BACK_OFFICE, login=world.admin)
    _check(failures, [name for _route, name in ADMIN_GROUPS[group]])
