"""The anonymous pages' cache (apps/core/pagecache.py): hits and misses, per language, never for signed-in visitors,
CSRF tokens per visitor, messages, the random order, and invalidation by the services."""

import os
import re
import time
import uuid
import zlib
from unittest import mock

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from apps.comments import services as comment_services
from apps.comments.models import Comment
from apps.core.pagecache import bump_process, bump_site, normalised_query, page_scope
from apps.moderation import services as moderation_services
from apps.moderation.models import ModeratedItem, Report
from apps.proposals import services as proposal_services
from apps.spaces.models import ProcessRole
from apps.supports import services as support_services
from tests.factories import ProcessRoleFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
CARD_LINKS = re.compile(r'data-testid="proposal-card">.*?<a href="([^"]+)"', re.S)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def proposal(process):
    return ProposalFactory(process=process, title="Des bancs le long du canal")


def detail_url(proposal, language="fr"):
    with translation.override(language):
        return proposal.get_absolute_url()


def list_url(process, query="order=recent"):
    return reverse("proposals:list", kwargs={"slug": process.slug}) + (f"?{query}" if query else "")


def x_cache(response):
    return response.headers.get("X-Cache")


def text(response):
    return response.content.decode()


# --- hits and misses -----------------------------------------------------------------------------------------------


def test_an_anonymous_page_is_a_miss_then_a_hit_for_another_visitor(proposal):
    first = Client().get(detail_url(proposal))
    second = Client().get(detail_url(proposal))
    assert (first.status_code, x_cache(first)) == (200, "miss")
    assert (second.status_code, x_cache(second)) == (200, "hit")
    assert "Des bancs le long du canal" in text(second)
    assert second["Content-Type"].startswith("text/html")
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert "Content-Security-Policy" in second


def test_a_hit_asks_the_database_nothing(proposal, django_assert_max_num_queries):
    Client().get(detail_url(proposal))
    client = Client()
    with django_assert_max_num_queries(0):
        response = client.get(detail_url(proposal))
    assert x_cache(response) == "hit"


def test_each_language_has_its_own_page(proposal):
    french, english = detail_url(proposal, "fr"), detail_url(proposal, "en")
    assert x_cache(Client().get(french)) == "miss"
    assert x_cache(Client().get(english)) == "miss"
    response = Client().get(english)
    assert x_cache(response) == "hit"
    assert '<html lang="en">' in text(response)
    assert '<html lang="fr">' in text(Client().get(french))


def test_the_query_string_is_part_of_the_key_in_any_order(process, proposal):
    assert x_cache(Client().get(list_url(process, "order=recent&page=1"))) == "miss"
    assert x_cache(Client().get(list_url(process, "page=1&order=recent"))) == "hit"
    assert x_cache(Client().get(list_url(process, "order=supports"))) == "miss"
    assert normalised_query("b=2&a=1&a=0") == "a=1&a=0&b=2"
    assert normalised_query("q=" + "x" * 600) is None


def test_every_public_page_registered_is_served_from_the_cache(process, proposal):
    urls = [
        reverse("spaces:home"),
        reverse("spaces:process_list"),
        reverse("spaces:process_detail", kwargs={"slug": process.slug}),
        reverse("events:agenda"),
        list_url(process),
        detail_url(proposal),
    ]
    for url in urls:
        Client().get(url)
        assert x_cache(Client().get(url)) == "hit", url


# --- who never gets a cached page ----------------------------------------------------------------------------------


def test_a_signed_in_visitor_never_gets_a_cached_page_nor_fills_the_cache(proposal):
    citizen = UserFactory(display_name="Camille Martin")
    signed_in = Client()
    signed_in.force_login(citizen)

    response = signed_in.get(detail_url(proposal))  # first: must not be stored for anonymous visitors
    assert x_cache(response) == "bypass"
    assert "Camille Martin" in text(response)
    anonymous = Client().get(detail_url(proposal))
    assert x_cache(anonymous) == "miss"
    assert "Camille Martin" not in text(anonymous)

    response = signed_in.get(detail_url(proposal))  # the anonymous copy exists now: still not served to them
    assert x_cache(response) == "bypass"
    assert "Camille Martin" in text(response)


def test_posts_htmx_requests_and_errors_are_not_cached(process, proposal):
    htmx = Client().get(detail_url(proposal), HTTP_HX_REQUEST="true")
    assert x_cache(htmx) == "bypass"
    Client().get(detail_url(proposal))
    posted = Client().post(detail_url(proposal))
    assert x_cache(posted) == "bypass"  # a POST never gets (nor fills) the cached page
    missing = reverse("proposals:detail", kwargs={"slug": process.slug, "pk": proposal.pk + 1000})
    assert Client().get(missing).status_code == 404
    assert Client().get(missing).status_code == 404
    assert x_cache(Client().get(missing)) == "bypass"  # a 404 is rendered each time (never stored)


def test_a_page_showing_messages_is_neither_served_from_the_cache_nor_stored(proposal):
    Client().get(detail_url(proposal))  # cached, without a message
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    with_message = Client()
    with_message.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Votre message est parti.")])

    response = with_message.get(detail_url(proposal))
    assert x_cache(response) == "bypass"
    assert "Votre message est parti." in text(response)
    after = Client().get(detail_url(proposal))
    assert x_cache(after) == "hit"
    assert "Votre message est parti." not in text(after)


# --- CSRF and CSP --------------------------------------------------------------------------------------------------


def test_a_cached_page_carries_the_visitors_own_csrf_token_and_its_forms_work(proposal):
    first = Client(enforce_csrf_checks=True)
    first.get(detail_url(proposal))
    first_secret = first.cookies["csrftoken"].value

    second = Client(enforce_csrf_checks=True)
    response = second.get(detail_url(proposal))
    assert x_cache(response) == "hit"
    tokens = set(CSRF_FIELD.findall(text(response)))
    assert tokens  # the language switcher
    secret = second.cookies["csrftoken"].value  # set on the cached page, as on any other
    assert secret != first_secret
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}

    switched = second.post(
        reverse("set_language"), {"csrfmiddlewaretoken": tokens.pop(), "language": "en", "next": "/fr/"}
    )
    assert switched.status_code == 302  # not 403


def test_the_csp_uses_no_nonce_a_cached_page_could_repeat(proposal):
    Client().get(detail_url(proposal))
    response = Client().get(detail_url(proposal))
    assert x_cache(response) == "hit"
    assert "nonce-" not in response["Content-Security-Policy"]
    assert "nonce=" not in text(response)


# --- the random order ----------------------------------------------------------------------------------------------


def test_the_random_order_is_one_of_a_few_carried_in_the_links_and_cached_per_order(process, proposal):
    ProposalFactory.create_batch(25, process=process)
    bare = list_url(process, query="")
    with mock.patch("apps.proposals.selectors.secrets.randbelow", return_value=3):
        first = Client().get(bare)  # a visitor arriving without an order gets one of the day's few
        again = Client().get(bare)  # another visitor drawn the same order: the same page, from the cache
    assert (x_cache(first), x_cache(again)) == ("miss", "hit")
    assert set(first.cookies) <= {"csrftoken"}  # no order cookie: the page stays cacheable
    assert 'name="seed" value="3"' in text(first)  # the filters keep it
    next_link = re.search(r'href="([^"]+)" rel="next"', text(first)).group(1).replace("&amp;", "&")
    assert "seed=3" in next_link  # and so do the page links
    assert x_cache(Client().get(bare + next_link)) == "miss"
    assert x_cache(Client().get(bare + next_link)) == "hit"
    with mock.patch("apps.proposals.selectors.secrets.randbelow", return_value=5):
        other = Client().get(bare)
    assert x_cache(other) == "miss"  # another order: another page
    assert 'name="seed" value="5"' in text(other)
    # A fixed order is the same for everybody, and so is a search (ranked by relevance).
    Client().get(list_url(process))
    assert x_cache(Client().get(list_url(process))) == "hit"
    Client().get(list_url(process, query="q=bancs"))
    assert x_cache(Client().get(list_url(process, query="q=bancs"))) == "hit"


# --- invalidation --------------------------------------------------------------------------------------------------


def test_an_edit_shows_at_once_on_the_proposal_and_the_list(process, proposal):
    Client().get(detail_url(proposal))
    Client().get(list_url(process))
    admin = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user

    proposal_services.proposal_update(proposal=proposal, user=admin, data={"title": "Des arbres le long du canal"})

    page, listing = Client().get(detail_url(proposal)), Client().get(list_url(process))
    assert (x_cache(page), x_cache(listing)) == ("miss", "miss")
    assert "Des arbres le long du canal" in text(page)
    assert "Des arbres le long du canal" in text(listing)


def test_a_support_updates_the_proposals_page(process, proposal):
    Client().get(detail_url(proposal))
    support_services.support_add(user=UserFactory(), proposal=proposal)
    response = Client().get(detail_url(proposal))
    assert x_cache(response) == "miss"
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_a_new_comment_shows_at_once(proposal):
    Client().get(detail_url(proposal))
    comment_services.comment_create(
        user=UserFactory(), target=proposal, body="Très bonne idée pour le quartier.", opinion=Comment.Opinion.IN_FAVOUR
    )
    response = Client().get(detail_url(proposal))
    assert x_cache(response) == "miss"
    assert "Très bonne idée pour le quartier." in text(response)


def test_hidden_content_leaves_the_cached_pages_at_once(process, proposal):
    comment = comment_services.comment_create(
        user=UserFactory(),
        target=proposal,
        body="Achetez mes trottinettes en promotion.",
        opinion=Comment.Opinion.IN_FAVOUR,
    )
    assert "Achetez mes trottinettes" in text(Client().get(detail_url(proposal)))
    assert "Des bancs le long du canal" in text(Client().get(list_url(process)))
    assert x_cache(Client().get(list_url(process))) == "hit"
    moderator = ProcessRoleFactory(process=process, role=ProcessRole.Role.MODERATOR).user

    for target in (comment, proposal):
        moderation_services.report_create(user=UserFactory(), target=target, reason=Report.Reason.SPAM)
        item = ModeratedItem.objects.get(object_id=target.pk, content_type__model=target._meta.model_name)
        moderation_services.item_hide(actor=moderator, item=item, justification="Publicité.")
        if target is comment:
            response = Client().get(detail_url(proposal))
            assert "Achetez mes trottinettes" not in text(response)

    assert Client().get(detail_url(proposal)).status_code == 410
    assert "Des bancs le long du canal" not in text(Client().get(list_url(process)))


def test_bumps_reach_the_process_pages_and_the_whole_site(process, proposal):
    url = reverse("spaces:process_detail", kwargs={"slug": process.slug})
    Client().get(url)
    Client().get(reverse("spaces:home"))
    bump_process(process)
    assert x_cache(Client().get(url)) == "miss"
    assert x_cache(Client().get(reverse("spaces:home"))) == "hit"
    bump_site()
    assert x_cache(Client().get(reverse("spaces:home"))) == "miss"


def test_a_lost_version_only_makes_pages_miss(proposal):
    from django.core.cache import cache

    from apps.core.pagecache import _path_scope, _version_key

    Client().get(detail_url(proposal))
    cache.delete(_version_key(_path_scope(detail_url(proposal))))
    assert x_cache(Client().get(detail_url(proposal))) == "miss"


def test_the_page_scope_is_the_path_without_the_language():
    assert page_scope("/fr/processes/x/proposals/3/") == "/processes/x/proposals/3/"
    assert page_scope("https://example.org/es/processes/x/proposals/3/#comment-4") == "/processes/x/proposals/3/"
    assert page_scope("/fr/") == "/"


def test_the_cache_is_off_when_the_setting_says_so(settings, proposal):
    settings.PAGE_CACHE = False
    Client().get(detail_url(proposal))
    assert x_cache(Client().get(detail_url(proposal))) is None  # no header at all


# --- Redis ---------------------------------------------------------------------------------------------------------


def _redis_pages(settings, location, prefix=""):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "apps.core.cache.FallbackRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    return caches["pages"]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL, with your own db number)")
def test_pages_are_kept_in_redis(settings, proposal):
    prefix = f"test-pagecache-{uuid.uuid4().hex[:8]}"
    backend = _redis_pages(settings, os.environ["REDIS_URL"], prefix)
    try:
        assert x_cache(Client().get(detail_url(proposal))) == "miss"
        assert x_cache(Client().get(detail_url(proposal))) == "hit"
        proposal_services.proposal_update(
            proposal=proposal,
            user=ProcessRoleFactory(process=proposal.process, role=ProcessRole.Role.ADMIN).user,
            data={"title": "Des arbres le long du canal"},
        )
        response = Client().get(detail_url(proposal))
        assert x_cache(response) == "miss"
        assert "Des arbres le long du canal" in text(response)
    finally:
        client = backend._cache.get_client(write=True)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


def test_with_redis_down_pages_are_served_and_kept_in_this_process(settings, proposal):
    _redis_pages(settings, "redis://127.0.0.1:1/0")  # nothing listens there
    assert x_cache(Client().get(detail_url(proposal))) == "miss"
    response = Client().get(detail_url(proposal))
    assert (response.status_code, x_cache(response)) == (200, "hit")


def test_an_expired_page_is_rendered_once_while_the_others_get_the_previous_copy(process, proposal):
    from django.core.cache import cache

    from apps.core.pagecache import RENEWING

    Client().get(list_url(process))
    (key,) = [k.split(":", 2)[2] for k in cache._cache if ":pagecache:page:" in k]
    later = time.time() + 61
    with mock.patch("apps.core.pagecache.time.time", return_value=later):
        cache.add(key + RENEWING, 1, 10)  # another request is rendering it again
        stale = Client().get(list_url(process))
        assert (stale.status_code, x_cache(stale)) == (200, "stale")
        assert "Des bancs le long du canal" in text(stale)
        cache.delete(key + RENEWING)
        assert x_cache(Client().get(list_url(process))) == "miss"  # this one renders it again
        assert x_cache(Client().get(list_url(process))) == "hit"


def test_the_site_search_is_cached_per_query(proposal):
    url = reverse("search:search")
    assert x_cache(Client().get(url, {"q": "bancs"})) == "miss"
    assert x_cache(Client().get(url, {"q": "bancs"})) == "hit"
    assert x_cache(Client().get(url, {"q": "arbres"})) == "miss"


def test_theme_and_vote_pages_are_served_from_the_cache(process, proposal):
    from apps.spaces.phases import PhaseKind
    from tests.factories import BudgetFactory, PhaseFactory, ProjectFactory, ThemeFactory

    theme = ThemeFactory(process=process)
    PhaseFactory(process=process, kind=PhaseKind.VOTING)
    project = ProjectFactory(budget=BudgetFactory(process=process), title="Un jardin partagé")
    budget = {"slug": process.slug, "budget_id": project.budget_id}
    urls = [
        reverse("taxonomy:theme_detail", kwargs={"slug": process.slug, "theme_slug": theme.slug}),
        reverse("budgets:budget_detail", kwargs=budget),
        reverse("budgets:project_detail", kwargs={**budget, "pk": project.pk}),
    ]
    with mock.patch("apps.proposals.selectors.secrets.randbelow", return_value=2):  # the theme's random order
        for url in urls:
            assert Client().get(url).status_code == 200, url
            assert x_cache(Client().get(url)) == "hit", url
    from apps.budgets import project_services

    admin = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    project_services.project_update(actor=admin, project=project, data={"title": "Un verger partagé"})
    response = Client().get(urls[-1])
    assert x_cache(response) == "miss"


# --- the early path (EarlyPageCacheMiddleware) ---------------------------------------------------------------------


@pytest.fixture
def stack_below_must_not_run():
    """The session, language, CSRF, authentication and messages middleware raise if they run."""
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.messages.middleware import MessageMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.locale import LocaleMiddleware

    patches = [
        mock.patch.object(cls, "process_request", side_effect=AssertionError(f"{cls.__name__} ran"))
        for cls in (SessionMiddleware, LocaleMiddleware, AuthenticationMiddleware, MessageMiddleware)
    ]
    for patch in patches:
        patch.start()
    yield
    for patch in patches:
        patch.stop()


def _headers(response):
    return {name: value for name, value in response.headers.items() if name not in ("X-Cache", "Content-Length")}


def test_the_early_path_serves_the_page_with_its_headers_and_a_working_csrf_token(proposal, request):
    miss = Client(enforce_csrf_checks=True).get(detail_url(proposal))
    assert x_cache(miss) == "miss"

    visitor = Client(enforce_csrf_checks=True)  # no cookie at all
    request.getfixturevalue("stack_below_must_not_run")
    response = visitor.get(detail_url(proposal))
    assert (response.status_code, x_cache(response)) == (200, "hit")
    assert "Des bancs le long du canal" in text(response)
    # The same headers as the page rendered in full: CSP, security headers, Vary, Content-Language...
    assert _headers(response) == _headers(miss)
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                 "Permissions-Policy", "Content-Language", "Vary"):  # fmt: skip
        assert response[name], name
    assert int(response["Content-Length"]) == len(response.content)
    # A CSRF cookie set as CsrfViewMiddleware sets it, and the page's tokens are this visitor's.
    cookie = response.cookies["csrftoken"]
    assert cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert cookie.value != miss.cookies["csrftoken"].value
    tokens = set(CSRF_FIELD.findall(text(response)))
    assert tokens and {_unmask_cipher_token(token) for token in tokens} == {cookie.value}
    mock.patch.stopall()

    switched = visitor.post(
        reverse("set_language"), {"csrfmiddlewaretoken": tokens.pop(), "language": "en", "next": "/fr/"}
    )
    assert switched.status_code == 302  # not 403


def test_the_early_path_keeps_a_visitors_csrf_cookie_and_follows_the_csrf_settings(settings, proposal):
    settings.CSRF_COOKIE_NAME = "pb_csrf"
    settings.CSRF_COOKIE_SECURE = True
    settings.CSRF_COOKIE_HTTPONLY = True
    settings.CSRF_COOKIE_SAMESITE = "Strict"
    Client().get(detail_url(proposal))
    response = Client().get(detail_url(proposal))
    assert x_cache(response) == "hit"
    cookie = response.cookies["pb_csrf"]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Strict")
    assert "csrftoken" not in response.cookies

    returning = Client()
    returning.cookies["pb_csrf"] = "a" * 32
    response = returning.get(detail_url(proposal))
    assert x_cache(response) == "hit"
    assert response.cookies["pb_csrf"].value == "a" * 32  # kept (sent again to renew it, as Django does)
    assert {_unmask_cipher_token(t) for t in CSRF_FIELD.findall(text(response))} == {"a" * 32}

    forged = Client()
    forged.cookies["pb_csrf"] = "not a token!"
    response = forged.get(detail_url(proposal))
    assert x_cache(response) == "hit"
    assert len(response.cookies["pb_csrf"].value) == 32  # a new secret, as CsrfViewMiddleware would do


def test_the_early_path_compresses_and_answers_head(proposal):
    import gzip

    plain = Client().get(detail_url(proposal)).content.decode()
    response = Client().get(detail_url(proposal), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert (x_cache(response), response["Content-Encoding"]) == ("hit", "gzip")
    assert "Accept-Encoding" in response["Vary"] and int(response["Content-Length"]) == len(response.content)
    # Compressed ahead, with this visitor's tokens put in between: one valid gzip member, as a browser reads it.
    stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
    page = stream.decompress(response.content).decode()
    assert stream.eof and not stream.unused_data
    assert page == gzip.decompress(response.content).decode()
    assert CSRF_FIELD.sub("", page) == CSRF_FIELD.sub("", plain)  # the same page but for the tokens
    tokens = set(CSRF_FIELD.findall(page))
    assert tokens and {_unmask_cipher_token(t) for t in tokens} == {response.cookies["csrftoken"].value}
    head = Client().head(detail_url(proposal))
    assert (head.status_code, x_cache(head), head.content) == (200, "hit", b"")
    assert int(head["Content-Length"]) > 1000


def test_a_session_cookie_never_gets_the_early_path(proposal):
    from django.contrib.sessions.middleware import SessionMiddleware

    citizen = UserFactory(display_name="Camille Martin")
    Client().get(detail_url(proposal))
    signed_in = Client()
    signed_in.force_login(citizen)
    with mock.patch.object(
        SessionMiddleware, "process_request", autospec=True, side_effect=SessionMiddleware.process_request
    ) as session_read:
        response = signed_in.get(detail_url(proposal))
        assert session_read.called  # the whole stack ran
    assert x_cache(response) == "bypass"
    assert "Camille Martin" in text(response)

    unknown = Client()
    unknown.cookies[settings_session_cookie()] = "no-such-session"
    with mock.patch.object(
        SessionMiddleware, "process_request", autospec=True, side_effect=SessionMiddleware.process_request
    ) as session_read:
        response = unknown.get(detail_url(proposal))
        assert session_read.called  # not the early path: the normal path decides (anonymous after all)
    assert x_cache(response) == "hit"


def settings_session_cookie():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def test_a_change_reaches_the_early_path_at_once(process, proposal, request):
    Client().get(detail_url(proposal))
    assert x_cache(Client().get(detail_url(proposal))) == "hit"
    admin = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    proposal_services.proposal_update(proposal=proposal, user=admin, data={"title": "Des arbres le long du canal"})
    response = Client().get(detail_url(proposal))
    assert x_cache(response) == "miss"
    assert "Des arbres le long du canal" in text(response)
    support_services.support_add(user=UserFactory(), proposal=proposal)
    assert x_cache(Client().get(detail_url(proposal))) == "miss"
    request.getfixturevalue("stack_below_must_not_run")
    assert x_cache(Client().get(detail_url(proposal))) == "hit"


def test_the_random_order_list_is_served_by_the_early_path_per_order(process, proposal, request):
    ProposalFactory.create_batch(25, process=process)
    bare = list_url(process, query="")
    with mock.patch("apps.proposals.selectors.secrets.randbelow", return_value=6):
        first = Client().get(bare)
        request.getfixturevalue("stack_below_must_not_run")
        second = Client().get(bare)
    assert (x_cache(first), x_cache(second)) == ("miss", "hit")
    assert CARD_LINKS.findall(text(second)) == CARD_LINKS.findall(text(first))
    assert 'name="seed" value="6"' in text(second)


# --- how long pages live -------------------------------------------------------------------------------------------


def test_a_proposals_page_lives_long_but_never_past_midnight_the_lists_briefly(settings, process, proposal):
    import datetime

    from django.utils import timezone

    from apps.core.pagecache import page_seconds, registered_pages

    settings.PAGE_CACHE_LONG_SECONDS = 3600
    pages = registered_pages()
    detail, listing = pages["proposals:detail"], pages["proposals:list"]
    morning = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))
    late = timezone.make_aware(datetime.datetime(2026, 3, 2, 23, 50))
    assert page_seconds(detail, morning) == 3600
    assert page_seconds(detail, late) == 600  # phases start and end with the days
    assert page_seconds(listing, morning) == 60  # the cards' support counts are not bumped
    assert not pages["events:agenda"].long_lived  # hours matter there

    Client().get(detail_url(proposal))
    Client().get(list_url(process))
    later = time.time() + 120
    with mock.patch("apps.core.pagecache.time.time", return_value=later):
        assert x_cache(Client().get(detail_url(proposal))) == "hit"
        assert x_cache(Client().get(list_url(process))) == "miss"


def test_a_comments_own_change_reaches_only_the_page_it_is_on(process, proposal):
    from apps.core.pagecache import bump_content

    comment = comment_services.comment_create(
        user=UserFactory(), target=proposal, body="Très bonne idée.", opinion=Comment.Opinion.IN_FAVOUR
    )
    Client().get(detail_url(proposal))
    Client().get(list_url(process))
    bump_content(comment)  # its translations came, say
    assert x_cache(Client().get(detail_url(proposal))) == "miss"
    assert x_cache(Client().get(list_url(process))) == "hit"


def test_a_registration_reaches_the_events_pages_not_the_proposals(process, proposal):
    from apps.events import services as event_services
    from tests.events.factories import EventFactory

    event = EventFactory(process=process, seats=5)
    with translation.override("fr"):
        pages = [event.get_absolute_url(), reverse("events:list", kwargs={"slug": process.slug}),
                 reverse("events:agenda")]  # fmt: skip
    for url in [*pages, detail_url(proposal)]:
        Client().get(url)
        assert x_cache(Client().get(url)) == "hit", url
    event_services.registration_create(event=event, user=UserFactory())
    for url in pages:
        response = Client().get(url)
        assert x_cache(response) == "miss", url
    assert "4" in text(Client().get(pages[0]))  # seats left
    assert x_cache(Client().get(detail_url(proposal))) == "hit"  # a seat taken changes no proposal's page


def test_a_profile_save_starts_the_pages_afresh_only_when_the_public_name_changes(proposal):
    from apps.accounts import services as account_services

    author = proposal.author
    Client().get(detail_url(proposal))
    account_services.user_update_profile(user=author, data={"language": "es", "email_frequency": "daily"})
    assert x_cache(Client().get(detail_url(proposal))) == "hit"  # nothing public changed
    account_services.user_update_profile(user=author, data={"display_name": "Camille Martin"})
    response = Client().get(detail_url(proposal))
    assert x_cache(response) == "miss"
    assert "Camille Martin" in text(response)


def test_the_early_path_sends_its_miss_compressed_from_the_parts_it_keeps(proposal):
    import gzip

    response = Client().get(detail_url(proposal), HTTP_ACCEPT_ENCODING="gzip")
    assert (x_cache(response), response["Content-Encoding"]) == ("miss", "gzip")
    assert "Accept-Encoding" in response["Vary"] and int(response["Content-Length"]) == len(response.content)
    stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
    page = stream.decompress(response.content).decode()
    assert stream.eof and not stream.unused_data and page == gzip.decompress(response.content).decode()
    tokens = set(CSRF_FIELD.findall(page))
    assert tokens and {_unmask_cipher_token(t) for t in tokens} == {response.cookies["csrftoken"].value}
    hit = Client().get(detail_url(proposal))
    assert x_cache(hit) == "hit" and CSRF_FIELD.sub("", text(hit)) == CSRF_FIELD.sub("", page)


def test_only_the_visitors_own_tokens_are_taken_out_of_a_stored_page():
    from django.middleware.csrf import _mask_cipher_secret

    from apps.core.pagecache import _without_csrf_tokens

    secret = "s" * 32
    token, other = _mask_cipher_secret(secret).encode(), _mask_cipher_secret("o" * 32).encode()
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret
    content = b"".join([
        token, b'<input value="', token, b'">', other, b" x", token + b"9", b" ", b"9" + token, b" ", token[:63],
        b"\n", token,
    ])  # fmt: skip
    assert _without_csrf_tokens(request, content) == [
        b"", b'<input value="', b'">' + other + b" x" + token + b"9 9" + token + b" " + token[:63] + b"\n", b"",
    ]  # fmt: skip
    assert _without_csrf_tokens(RequestFactory().get("/"), content) == [content]
