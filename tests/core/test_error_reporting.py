"""Errors reach somebody: ADMINS from the environment, Sentry when SENTRY_DSN is set, JSON logs in production."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from apps.core.logging import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent.parent
PROBE = """
import json, logging, django, sentry_sdk
django.setup()
from django.conf import settings
print(json.dumps({
    "admins": settings.ADMINS,
    "sentry": sentry_sdk.get_client().is_active(),
    "pii": sentry_sdk.get_client().options.get("send_default_pii"),
    "formatter": type(logging.getLogger().handlers[0].formatter).__name__,
}))
"""


def production(**env):
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "ADMINS", "LOG_FORMAT"))},
        "DJANGO_SETTINGS_MODULE": "pbplatform.settings.production",
        "SECRET_KEY": "k" * 60,
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_with_admins_and_sentry():
    seen = production(
        ADMINS="Équipe technique <tech@ville.example>, ops@ville.example",
        SENTRY_DSN="https://public@sentry.invalid/1",
    )
    assert seen["admins"] == [["Équipe technique", "tech@ville.example"], ["", "ops@ville.example"]]
    assert seen["sentry"] is True
    assert seen["pii"] is False
    assert seen["formatter"] == "JsonFormatter"


def test_production_without_sentry_dsn():
    seen = production(LOG_FORMAT="text")
    assert seen["admins"] == []
    assert seen["sentry"] is False
    assert seen["formatter"] != "JsonFormatter"


def test_json_log_line():
    request = RequestFactory().get("/fr/contact/")
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",), None)
    record.request = request
    record.status_code = 500
    record.task = "apps.core.tasks.send_contact_message"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /x"
    assert entry["path"] == "/fr/contact/" and entry["method"] == "GET" and entry["status"] == 500
    assert entry["task"] == "apps.core.tasks.send_contact_message"
