"""Sessions: in the database, with a short-lived copy in the shared cache (apps/core/sessions.py)."""

import logging
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import sessions
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def session_queries(call):
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return result, [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_signed_in_page_reads_no_session_row_and_signing_out_ends_the_session(client, settings):
    settings.SESSION_ENGINE = "apps.core.sessions"
    user = UserFactory()
    assert client.post("/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}).status_code == 302
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()  # the session is in the database
    response, queries = session_queries(lambda: client.get("/en/me/settings/"))
    assert response.status_code == 200 and response.wsgi_request.user == user
    assert queries == []  # read from the cached copy

    client.post("/en/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # the old cookie, replayed: its copy is gone too
    assert client.get("/en/me/settings/").status_code == 302


def test_the_database_is_read_when_the_copy_is_missing_and_the_copy_is_short_lived(settings):
    settings.SESSION_CACHE_SECONDS = 60
    store = sessions.SessionStore()
    store["answer"] = 42
    store.set_expiry(3600)
    store.save(must_create=True)
    with mock.patch.object(cache, "set", wraps=cache.set) as cache_set:
        cache.delete(store.cache_key)
        loaded, queries = session_queries(lambda: sessions.SessionStore(store.session_key).load())
    assert loaded["answer"] == 42 and len(queries) == 1
    assert cache_set.call_args.args[2] == 60  # not the session's hour: the database wins again soon
    loaded, queries = session_queries(lambda: sessions.SessionStore(store.session_key).load())
    assert loaded["answer"] == 42 and queries == []


def test_with_redis_down_sessions_use_the_database_only_never_one_process_memory(settings, caplog):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "sessions": {
            "BACKEND": "apps.core.cache.FallbackRedisCache",
            "LOCATION": CLOSED,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    settings.SESSION_CACHE_ALIAS = "sessions"
    backend = caches["sessions"]
    with caplog.at_level(logging.WARNING, logger="apps.core.cache"):
        store = sessions.SessionStore()
        store["answer"] = 42
        store.save(must_create=True)
        assert sessions.SessionStore(store.session_key).load() == {"answer": 42}  # from the database
        assert backend._fallback.get(store.cache_key) is None  # nothing kept in this process's memory
        store.delete()
        assert sessions.SessionStore(store.session_key).load() == {}
    assert [r.getMessage() for r in caplog.records if "Redis unavailable" in r.getMessage()]  # logged once
    backend._fallback.clear()
