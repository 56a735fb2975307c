"""Redis unreachable (a closed port): nothing answers 500.

The cache falls back to local memory, rate limits keep working (or fail open), sessions live in the
database, and tasks the broker cannot take run in the request.
"""

import logging
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from apps.comments.models import Comment
from apps.core import background
from apps.core.cache import FallbackRedisCache
from apps.notifications.services import follow_add
from apps.supports.models import Support
from pbplatform.celery import app
from tests.factories import DEFAULT_PASSWORD, ProposalFactory, SitePageFactory, UserFactory
from tests.helpers import create_url

pytestmark = pytest.mark.django_db

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _forget_connections():
    # As Celery does after a fork: the next send opens a connection to the broker now configured.
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.FallbackRedisCache",
            "LOCATION": CLOSED,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=CLOSED, result_backend=None)
    _forget_connections()
    background._state["broker_down_until"] = 0.0
    cache.clear()  # the fallback memory outlives one test
    yield
    cache.clear()
    app.conf.update(**saved)
    _forget_connections()
    background._state["broker_down_until"] = 0.0


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_cache_answers_from_memory_with_one_log_line(caplog):
    backend = FallbackRedisCache(CLOSED, {"OPTIONS": {"socket_connect_timeout": 1}})
    with caplog.at_level(logging.WARNING, logger="apps.core.cache"):
        backend.set("k", 1, 60)
        assert backend.get("k") == 1
        assert backend.incr("k") == 2
        assert backend.add("lock", True, 5) is True
        assert backend.get_or_set("terms", "v1", 60) == "v1"
        backend.delete("k")
        assert backend.get("k") is None
    outages = [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(outages) == 1
    backend.clear()


def test_log_in_and_a_signed_in_page(client, redis_down):
    SitePageFactory(version="v1")
    user = UserFactory(terms_version="v1", terms_accepted_at=timezone.now())
    failed = client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
    assert failed.status_code == 200
    response = client.post("/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user == user
    assert Session.objects.count() == 1  # the session is in the database
    # The terms version (cached) is read by a context processor on every signed-in page.
    for path in ("/en/me/settings/", "/en/notifications/", "/en/"):
        assert client.get(path).status_code == 200, path


def test_contact_message_leaves_even_without_the_broker(
    client, redis_down, caplog, django_capture_on_commit_callbacks
):
    data = {
        "name": "Camille",
        "email": "camille@example.org",
        "subject": "Question",
        "message": "Bonjour, quand commence le vote ?",
        "website": "",
    }
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:contact"), data)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert any("not queued (broker unavailable" in r.getMessage() for r in caplog.records)


def test_support_and_comment_with_notifications(client, process, redis_down, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(process=process)
    follow_add(user=proposal.author, target=proposal)  # the author hears about comments, by e-mail
    citizen = UserFactory()
    client.force_login(citizen)
    response = client.post(reverse("supports:support", kwargs={"pk": proposal.pk}))
    assert response.status_code == 302
    assert Support.objects.filter(proposal=proposal, user=citizen).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(proposal), {"body": "J'aime beaucoup cette idée", "opinion": "in_favour"})
    assert response.status_code == 302
    assert Comment.objects.filter(author=citizen).count() == 1
    # The follower's e-mail could not be queued: it was sent from the request.
    assert [message.to for message in mail.outbox] == [[proposal.author.email]]


def test_the_broker_is_not_retried_for_every_task_during_an_outage(redis_down, monkeypatch, caplog):
    from apps.core.tasks import clear_expired_sessions

    with caplog.at_level(logging.WARNING, logger="apps.core.background"):
        background.send(clear_expired_sessions)
        calls = []
        monkeypatch.setattr(clear_expired_sessions, "apply_async", lambda **kw: calls.append(kw))
        background.send(clear_expired_sessions)
    assert calls == []  # went straight to running in the request
    assert len([r for r in caplog.records if "not queued" in r.getMessage()]) == 1


def test_redis_is_tried_again_after_an_outage(monkeypatch, caplog):
    import redis
    from django.core.cache.backends.redis import RedisCache

    backend = FallbackRedisCache(CLOSED, {})
    backend.RETRY_AFTER = 0
    answers = iter([redis.exceptions.ConnectionError("down"), "from redis"])

    def client_get(key, default=None):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(RedisCache, "_cache", mock.Mock(get=client_get), raising=False)
    with caplog.at_level(logging.WARNING, logger="apps.core.cache"):
        assert backend.get("k", "fallback") == "fallback"
        assert backend.get("k", "fallback") == "from redis"
    messages = [r.getMessage() for r in caplog.records]
    assert any("Redis unavailable" in m for m in messages) and "cache: Redis reachable again" in messages
    backend.clear()


def test_sessions_never_depend_on_redis_alone(settings):
    assert settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "apps.core.sessions",  # the database, with a copy in Redis only (tests/core/test_sessions.py)
        "django.contrib.sessions.backends.signed_cookies",
    )


def test_sending_a_task_never_waits_for_the_result_store():
    # With results stored, a send first reconnects to the (down) result store for about 20 s.
    assert app.conf.task_ignore_result is True


def test_one_redis_client_serves_every_operation():
    # Django's client builds a redis.Redis (and its table of response callbacks) per operation; ours keeps one.
    backend = FallbackRedisCache(CLOSED, {})
    first = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is first and backend._cache.get_client("c", write=True) is first
