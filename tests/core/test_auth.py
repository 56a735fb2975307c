"""apps/core/auth.py: the signed-in user read by a prepared query, with Django's checks."""

import pytest
from django.contrib import auth as django_auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from apps.core import auth
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

MODEL = "django.contrib.auth.backends.ModelBackend"
ALLAUTH = "allauth.account.auth_backends.AuthenticationBackend"


def request_with(data):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.session.update(data)
    request.session.save()
    return request


def both(data):
    """(ours, Django's) for the same session data, each on its own request."""
    ours, theirs = request_with(dict(data)), request_with(dict(data))
    return auth.get_user(ours), django_auth.get_user(theirs), ours, theirs


def signed_in(user, backend=MODEL, **changes):
    data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: user.get_session_auth_hash()}
    data.update(changes)
    return data


@pytest.mark.parametrize("backend", [MODEL, ALLAUTH])
def test_the_same_user_with_every_field_as_django(backend):
    user = UserFactory()
    ours, theirs, _, _ = both(signed_in(user, backend))
    assert ours.pk == theirs.pk == user.pk
    fields = [f.attname for f in user._meta.concrete_fields]
    assert {f: getattr(ours, f) for f in fields} == {f: getattr(theirs, f) for f in fields}
    assert ours._state.db == theirs._state.db and not ours._state.adding


def test_one_query_and_the_prepared_one():
    user = UserFactory()
    request = request_with(signed_in(user))
    auth.get_user(request)  # compiled once
    request = request_with(signed_in(user))
    with CaptureQueriesContext(connection) as queries:
        assert auth.get_user(request) == user
    assert len(queries) == 1 and "accounts_user" in queries[0]["sql"]


@pytest.mark.parametrize(
    "case",
    ["wrong hash", "no hash", "inactive", "deleted", "backend not listed", "no backend", "no user key", "empty"],
)
def test_refused_as_django_refuses_it(case, settings):
    user = UserFactory()
    data = signed_in(user)
    if case == "wrong hash":
        data[HASH_SESSION_KEY] = "x" * 64
    elif case == "no hash":
        del data[HASH_SESSION_KEY]
    elif case == "inactive":
        user.is_active = False
        user.save()
    elif case == "deleted":
        user.delete()
    elif case == "backend not listed":
        settings.AUTHENTICATION_BACKENDS = [b for b in settings.AUTHENTICATION_BACKENDS if b != MODEL]
    elif case == "no backend":
        del data[BACKEND_SESSION_KEY]
    elif case == "no user key":
        del data[SESSION_KEY]
    elif case == "empty":
        data = {}
    ours, theirs, our_request, their_request = both(data)
    assert isinstance(ours, AnonymousUser) and isinstance(theirs, AnonymousUser)
    # A session whose hash does not verify is flushed, as Django does.
    assert (our_request.session.session_key is None) == (their_request.session.session_key is None)


def test_a_session_signed_with_a_fallback_secret_moves_to_the_current_one(settings):
    user = UserFactory()
    settings.SECRET_KEY_FALLBACKS = ["an-older-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"]
    settings.SECRET_KEY, old = settings.SECRET_KEY_FALLBACKS[0], settings.SECRET_KEY
    data = signed_in(user)  # the hash made with what is now the fallback
    settings.SECRET_KEY = old
    request = request_with(data)
    key = request.session.session_key
    assert auth.get_user(request) == user
    assert request.session.session_key != key  # cycled
    assert request.session[HASH_SESSION_KEY] == user.get_session_auth_hash()


def test_a_backend_with_its_own_get_user_is_asked_as_django_asks_it(settings):
    user = UserFactory()
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "tests.core.test_auth.NobodyBackend"]
    ours, theirs, _, _ = both(signed_in(user, "tests.core.test_auth.NobodyBackend"))
    assert isinstance(ours, AnonymousUser) and isinstance(theirs, AnonymousUser)


class NobodyBackend:
    def get_user(self, user_id):
        return None


def test_the_middleware_gives_the_signed_in_user_and_signs_out(client, settings):
    assert "apps.core.auth.AuthenticationMiddleware" in settings.MIDDLEWARE
    user = UserFactory()
    assert client.post("/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}).status_code == 302
    response = client.get("/en/me/settings/")
    assert response.status_code == 200 and response.wsgi_request.user == user
    user.set_password("another-password-for-this-test")  # a new session hash: the old session no longer signs in
    user.save()
    assert client.get("/en/me/settings/").status_code == 302
