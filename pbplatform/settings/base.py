"""Settings shared by every environment. Everything variable is read from the environment."""

from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_sender, env_str, media_origins, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-local-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_ID = 1
SITE_NAME = env_str("SITE_NAME", "pbplatform")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")  # absolute links in e-mails
# Where the Django admin lives, relative to the language prefix; a less guessable path keeps bots off it.
ADMIN_URL = env_str("ADMIN_URL", "admin/")

DJANGO_APPS = [
    # third-party, but it patches the admin, so it must come before it
    "modeltranslation",
    "apps.core.apps.PBAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "rest_framework",  # the read-only public API (apps/api)
    "drf_spectacular",  # its OpenAPI schema
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our static files (no CDN)
]
LOCAL_APPS = [
    "apps.core",
    "apps.accounts",
    "apps.spaces",
    "apps.taxonomy",
    "apps.proposals",
    "apps.budgets",
    "apps.supports",
    "apps.comments",
    "apps.notifications",
    "apps.moderation",
    # Content apps register with the content contract (ready()) before the back-office discovers their exports.
    "apps.results",
    "apps.backoffice",
    "apps.events",
    "apps.api",
    "apps.newsletters",
    "apps.machine_translation",
    "apps.search",
    "apps.surveys",
    # Last: it discovers every content app's openness.py (public statistics and open data).
    "apps.stats",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# Social log-in is off by default; list providers in SOCIAL_PROVIDERS (e.g. "google,facebook")
# and give each one <PROVIDER>_CLIENT_ID / <PROVIDER>_SECRET.
SOCIAL_PROVIDERS = env_list("SOCIAL_PROVIDERS", "")
SOCIALACCOUNT_PROVIDERS = {}
for _provider in SOCIAL_PROVIDERS:
    INSTALLED_APPS.append(f"allauth.socialaccount.providers.{_provider}")
    SOCIALACCOUNT_PROVIDERS[_provider] = {
        "APP": {
            "client_id": env_str(f"{_provider.upper()}_CLIENT_ID"),
            "secret": env_str(f"{_provider.upper()}_SECRET"),
        }
    }

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed here, so no reverse proxy is needed for it (static files come precompressed from
    # WhiteNoise, which answers above this line). Django's gzip pads each response against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    # Cached pages for visitors without a session cookie, before the rest of the stack runs (apps/core/pagecache.py):
    # the security headers, WhiteNoise and gzip above apply to them as to any page; the layers below do not run.
    "apps.core.pagecache.EarlyPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, reading the signed-in user with a query compiled once per process (apps/core/auth.py).
    "apps.core.auth.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anonymous visitors' public pages from the cache (after the session, language, CSRF, user and messages).
    "apps.core.pagecache.PageCacheMiddleware",
    # Before any view or CSRF check reads the body; after the session, language and user (for the 413 page).
    "apps.core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx
]

ROOT_URLCONF = "pbplatform.urls"
WSGI_APPLICATION = "pbplatform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.site",
                "apps.spaces.context_processors.terms",
                "apps.backoffice.context_processors.backoffice",
            ],
            # {% url %} remembering what it reversed, {% extends %} the root's blocks (Django's tags otherwise).
            "builtins": ["apps.core.templatetags.url_memo", "apps.core.templatetags.extends_memo"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # Check a reused connection before each request's first query (a pooler or the server may have closed it).
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", False),
        # PgBouncer in transaction pooling mode: set CONN_MAX_AGE=0 and this (server-side cursors of .iterator()
        # would break when the next transaction lands on another server connection).
        disable_server_side_cursors=env_bool("DISABLE_SERVER_SIDE_CURSORS", False),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env_bool("DATABASE_JIT", False):
    # PostgreSQL's JIT compiled a short vote-page query for 530 ms on tables without statistics (bench/voting.py):
    # our queries are small and many, where JIT only costs.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The covering indexes' INCLUDE columns are a PostgreSQL speed-up; SQLite keeps the index without them. Without
    # this, every manage.py command of `make run` printed two warnings a newcomer could only wonder about.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery: Redis when REDIS_URL is set, embedded stand-ins otherwise.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # Redis down: the cache falls back to local memory (apps/core/cache.py) and tasks run in the request
    # (apps/core/background.py) instead of answering 500. Short timeouts: a dead server is not waited for.
    CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The anonymous pages' cache on its own (apps/core/pagecache.py): a few hundred pages would otherwise cull
        # the rate-limit counters from the default cache's 300 entries.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 3000},
        },
    }
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Nothing reads task results. Asking for them would also make every send wait for the result store: with
# Redis down, about 20 s of reconnecting before the task can run in the request instead.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2  # seconds; a request that queues a task waits no longer for the broker
# Sessions live in the database, never in Redis alone: a Redis outage signs nobody out. With Redis, a copy of each
# session is kept there for SESSION_CACHE_SECONDS, so a request reads no session row (apps/core/sessions.py);
# without it, the local-memory cache is per process, so sessions are read from the database each time.
SESSION_ENGINE = "apps.core.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_CACHE_SECONDS = env_int("SESSION_CACHE_SECONDS", 300)
# The current terms version, asked by every signed-in write and vote page, is also kept in each process for this
# many seconds (apps/spaces/selectors.py): new terms reach the other processes within it; 0 asks the cache each time.
TERMS_VERSION_LOCAL_SECONDS = env_int("TERMS_VERSION_LOCAL_SECONDS", 5)
# Public pages seen by anonymous visitors are kept in the cache for PAGE_CACHE_SECONDS (apps/core/pagecache.py):
# the day a vote opens, most visitors read the same pages. Writes invalidate what they change at once; counts on
# the lists (supports, comments) may lag by up to PAGE_CACHE_SECONDS.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 45)
# Pages that every change they show bumps (a proposal's page: its edits, supports, comments; its process; the site)
# are kept longer, never past the next local midnight (phases start and end with the days).
PAGE_CACHE_LONG_SECONDS = env_int("PAGE_CACHE_LONG_SECONDS", 3600)
PAGE_CACHE_ALIAS = "default" if REDIS_URL else "pages"
# Read-only context of GETs (a process with its phases, settings and taxonomy) kept in the same store under the same
# versions (pagecache.read_through): a page rendered again reads none of it from the database.
READ_CACHE = env_bool("READ_CACHE", PAGE_CACHE)
# A task stuck on a dead SMTP server or database is killed rather than holding a worker forever; the soft
# limit raises SoftTimeLimitExceeded first so the task can end cleanly. Long tasks set their own limits.
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
# Celery beat's schedule, each time as crontab fields: pbplatform/celery.py makes them crontab schedules (importing
# Celery here would cost every management command, tally included, a third of a second).
CELERY_BEAT_SCHEDULE = {
    "notifications-daily-digest": {
        "task": "apps.notifications.tasks.send_daily_digests",
        "schedule": {"hour": 7, "minute": 0},
    },
    # Newsletters whose worker died with its task are queued again (apps/newsletters/tasks.py).
    "newsletters-resume-stalled": {
        "task": "apps.newsletters.tasks.resume_stalled_newsletters",
        "schedule": {"minute": "*/5"},
    },
    "core-clear-expired-sessions": {
        "task": "apps.core.tasks.clear_expired_sessions",
        "schedule": {"hour": 4, "minute": 30},
    },
    # The public statistics, precomputed (the pages read one row); their age is shown on the pages.
    "stats-refresh": {
        "task": "apps.stats.tasks.refresh_all_statistics",
        "schedule": {"minute": "*/10"},
    },
    # The open data zips whose data changed since their last build.
    "stats-open-data": {
        "task": "apps.stats.tasks.build_all_open_data",
        "schedule": {"minute": 20},
    },
}
# Minutes after which a statistics page asks for a fresh snapshot (beat refreshes them every 10 minutes anyway),
# and the licence of the open data until a site administrator sets one in the admin (odbl-1.0, etalab-2.0,
# cc-by-4.0 or cc0-1.0).
STATS_REFRESH_MINUTES = env_int("STATS_REFRESH_MINUTES", 10)
OPEN_DATA_LICENCE = env_str("OPEN_DATA_LICENCE", "odbl-1.0")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Rule-owned permissions are answered by their rule alone (apps/core/backends.py); others by Django's model
    # permissions (the admin, for site staff).
    "apps.core.backends.RulesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: log-in by e-mail, no username.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupForm"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Brute-force protection: 5 failed log-ins for one account within 5 minutes lock it for the rest of the window.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "20/m/ip,5/5m/key"),
}
LOGIN_REDIRECT_URL = "/"
# A URL name, reversed in the request's language: "/accounts/login/" sent a visitor of the Spanish pages whose
# session had ended to the log-in page in their browser's language, or French.
LOGIN_URL = "account_login"

# The real client address behind the reverse proxy (per-IP limits: allauth's log-in limits, contact form,
# anonymous supports). Set TRUSTED_PROXY_COUNT to the number of proxies you run in front of gunicorn (they
# append to X-Forwarded-For), or TRUSTED_CLIENT_IP_HEADER to a header your proxy sets (e.g. X-Real-IP).
# With neither, X-Forwarded-For is ignored and REMOTE_ADDR is the client. See apps/core/ratelimit.client_ip.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER or None
SOCIALACCOUNT_ONLY = False

LANGUAGE_CODE = "fr"
# The language cookie is sent on top-level navigation only, like the session (Secure in production).
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Date formats per language (pbplatform/formats/<language>/formats.py), on top of Django's own.
FORMAT_MODULE_PATH = ["pbplatform.formats"]
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
CELERY_TIMEZONE = TIME_ZONE  # beat schedules (the daily digest hour) in the site's time zone
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr",), "es": ("en", "fr")}

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Participants' attachments: outside MEDIA_ROOT, so no public URL reaches them; served by apps.core.files after
# a permission check. With a proxy that sends files itself (nginx), set PRIVATE_MEDIA_ACCEL_REDIRECT to the
# proxy's `internal` location mapped to this directory (for example "/_private_media/"); see the README.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
PRIVATE_MEDIA_ACCEL_REDIRECT = env_str("PRIVATE_MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": media_storage(),  # MEDIA_ROOT, or S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Request bodies: anything declaring more than REQUEST_BODY_MAX_MB is refused with a 413 page before it is read
# (apps/core/middleware.py); keep it above the largest attachment size a process allows, and give the reverse
# proxy the same limit. Non-file fields stay bounded by Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB); files
# larger than FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file rather than kept in memory.
REQUEST_BODY_MAX_MB = env_int("REQUEST_BODY_MAX_MB", 12)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_sender(SITE_NAME)
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # sender of error reports to ADMINS
# Who receives server errors by e-mail (Django's mail_admins, DEBUG off): "Name <address>" or addresses,
# comma-separated. The 500 page says the team has been notified: set this, or SENTRY_DSN, or both.
ADMINS = [parseaddr(entry) for entry in env_list("ADMINS", "")]
CONTACT_EMAILS = env_list("CONTACT_EMAILS", "organisers@pbplatform.local")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Map tiles (OpenStreetMap by default); the tile host is also allowed by the CSP.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ORIGIN = env_str("MAP_TILE_ORIGIN", "https://tile.openstreetmap.org")
# Where maps open when a process sets no centre of its own (its proposal settings can): "latitude,longitude".
MAP_DEFAULT_CENTER = env_str("MAP_DEFAULT_CENTER", "50.6292,3.0573")
MAP_DEFAULT_ZOOM = env_int("MAP_DEFAULT_ZOOM", 13)
# Long public lists count at most this many rows and say "1,000+" beyond (apps/core/pagination.py).
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 1000)

# Address search (apps/core/geocoding.py), off when GEOCODER_URL is empty: a Nominatim-compatible server
# (https://nominatim.openstreetmap.org, or your own) or the French national address API
# (https://api-adresse.data.gouv.fr). GEOCODER_API says which ("nominatim" or "adresse"); empty: guessed from
# the URL. The server asks it (apps.core.views.geocode), so the CSP stays 'self'.
GEOCODER_URL = env_str("GEOCODER_URL", "")
GEOCODER_API = env_str("GEOCODER_API", "")
GEOCODER_TIMEOUT = float(env_str("GEOCODER_TIMEOUT", "4"))
GEOCODER_RATE_LIMIT = env_str("GEOCODER_RATE_LIMIT", "30/60")  # address searches per participant

# Machine translation of what residents write (apps/machine_translation), off by default:
# MACHINE_TRANSLATION_PROVIDER=libretranslate with LIBRETRANSLATE_URL (a self-hosted LibreTranslate, and its
# LIBRETRANSLATE_API_KEY if it asks for one), or =deepl with DEEPL_API_KEY (DEEPL_API_URL: the free plan's by
# default; https://api.deepl.com for a paid plan). Translations are made by Celery when a text is saved.
MACHINE_TRANSLATION_PROVIDER = env_str("MACHINE_TRANSLATION_PROVIDER", "")
LIBRETRANSLATE_URL = env_str("LIBRETRANSLATE_URL", "")
LIBRETRANSLATE_API_KEY = env_str("LIBRETRANSLATE_API_KEY", "")
DEEPL_API_KEY = env_str("DEEPL_API_KEY", "")
DEEPL_API_URL = env_str("DEEPL_API_URL", "https://api-free.deepl.com")

# Content-Security-Policy (django-csp 4): only our own assets; map tiles from the tile server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", MAP_TILE_ORIGIN, *media_origins()],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# The read-only public API (apps/api, /api/v1/): anonymous only (what a visitor sees, whoever calls), throttled per
# client address (core.ratelimit.client_ip) on the cache; API_RATE_LIMIT in DRF's syntax ("120/min", "5000/day").
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "120/min")
# Seconds the count of an API list (per filter set) is kept in the cache; 0: counted on every call.
API_COUNT_CACHE_SECONDS = env_int("API_COUNT_CACHE_SECONDS", 60)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["apps.api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_RATE_LIMIT},
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pbplatform API",
    "DESCRIPTION": (
        "Read-only public data of the participatory budgets: processes, phases, themes, categories, proposals, "
        "comments, budgets, projects, vote results, results tracking and events. No account and no key: every "
        "call answers exactly what an anonymous visitor of the site sees, even with a session cookie. "
        "Translated fields follow `?lang=` (fr, en, es) or the `Accept-Language` header. Lists take `limit` "
        "(at most 100) and `offset`. Answers carry an `ETag`: send it back in `If-None-Match` to get a 304. "
        "Calls are limited per client address (429 with `Retry-After` beyond)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {
        "PhaseKindEnum": "apps.spaces.phases.PhaseKind",
        "EventKindEnum": "apps.events.models.Event.Kind",
        "ProposalStatusEnum": "apps.proposals.models.Proposal.Status",
        "EventStatusEnum": "apps.events.models.Event.Status",
    },
    "DISABLE_ERRORS_AND_WARNINGS": False,
}

# Anti-abuse rate limits, "count/seconds".
CONTACT_RATE_LIMIT = env_str("CONTACT_RATE_LIMIT", "3/600")  # contact messages per IP
PROPOSAL_CREATE_RATE_LIMIT = env_str("PROPOSAL_CREATE_RATE_LIMIT", "10/3600")  # new drafts per participant
SUPPORT_RATE_LIMIT = env_str("SUPPORT_RATE_LIMIT", "30/60")  # support/unsupport clicks per participant
COMMENT_RATE_LIMIT = env_str("COMMENT_RATE_LIMIT", "5/60")  # new comments per participant
MENTION_SEARCH_RATE_LIMIT = env_str("MENTION_SEARCH_RATE_LIMIT", "60/60")  # @nickname look-ups per participant
ACCOUNT_DELETE_RATE_LIMIT = env_str("ACCOUNT_DELETE_RATE_LIMIT", "5/300")  # password attempts on "delete my account"
REPORT_RATE_LIMIT = env_str("REPORT_RATE_LIMIT", "30/3600")  # reports per participant
RECEIPT_CHECK_RATE_LIMIT = env_str("RECEIPT_CHECK_RATE_LIMIT", "20/600")  # receipt codes checked per IP

# Newsletters (apps/newsletters): messages per minute (0: no limit; keep it under what your SMTP relay accepts),
# recipients per batch, batches sent at once (on as many worker processes), attempts per recipient on transient
# SMTP errors, and after how long a batch left "being sent" by a worker that died is recovered (its recipients
# are never sent the newsletter twice).
NEWSLETTER_RATE_PER_MINUTE = env_int("NEWSLETTER_RATE_PER_MINUTE", 600)
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)
NEWSLETTER_PARALLEL_BATCHES = env_int("NEWSLETTER_PARALLEL_BATCHES", 2)  # batches of one newsletter sent at once
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 3)
NEWSLETTER_STALE_SECONDS = env_int("NEWSLETTER_STALE_SECONDS", 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # One line per eagerly-run task would drown the demo's output; workers log their own tasks.
    "loggers": {"celery.app.trace": {"level": env_str("CELERY_TRACE_LOG_LEVEL", "WARNING")}},
}
