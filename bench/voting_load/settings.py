"""The production settings as gunicorn runs them, for the load test on 127.0.0.1 (plain HTTP, no proxy).

Only what a plain-HTTP local run needs differs from production: cookies without the Secure flag, no HTTPS
redirect or HSTS, static files without the collectstatic manifest (no static file is requested), logs in text,
and one URL more: a trivial health check, the machine's ceiling (bench/voting_load/urls.py).
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("LOG_FORMAT", "text")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from pbplatform.settings.production import *  # noqa: E402,F401,F403

ROOT_URLCONF = "voting_load.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Receipts are e-mailed by a Celery task queued in Redis (no worker runs during the bench: queuing is what a
# request costs); if a task runs in the request after all, its e-mail goes nowhere.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = BASE_DIR / "static"  # noqa: F405 - whitenoise wants a directory; nothing static is requested
