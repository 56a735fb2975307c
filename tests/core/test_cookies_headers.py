"""Small hardening: the language cookie's flags."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_language_cookie_is_samesite_lax(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"


def test_language_cookie_is_secure_in_production(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    sys.modules.pop("pbplatform.settings.production", None)
    production = importlib.import_module("pbplatform.settings.production")
    try:
        assert production.LANGUAGE_COOKIE_SECURE is True
        assert production.LANGUAGE_COOKIE_SAMESITE == "Lax"
        assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    finally:
        sys.modules.pop("pbplatform.settings.production", None)
