from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://localhost/"
CELERY_RESULT_BACKEND = None  # even when REDIS_URL is set: tests never touch a shared Redis
# Local-memory cache even when REDIS_URL is set, so rate limits and cached values never leak between runs.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE = False  # pages rendered each time; tests/core/test_page_cache.py turns it on
PAGE_CACHE_ALIAS = "default"
READ_CACHE = False  # rows changed by a test are read at once; tests/spaces/test_read_cache.py turns it on
# The engine production uses with Redis (one process here, so the local-memory copy is the only one).
SESSION_ENGINE = "apps.core.sessions"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"  # noqa: F405
WHITENOISE_AUTOREFRESH = True  # serve from finders; no collectstatic needed
