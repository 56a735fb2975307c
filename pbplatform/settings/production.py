import copy

from .base import *  # noqa: F401,F403
from .base import CONTENT_SECURITY_POLICY, LOGGING
from .env import env_bool, env_int, env_str, media_storage

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")  # no default: must be set in production
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set in production")

ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")

STORAGES = {
    "default": media_storage(),  # MEDIA_ROOT, or S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Same policy as in development, plus no framing at all (matches X-Frame-Options: DENY) and no plugins.
CONTENT_SECURITY_POLICY = copy.deepcopy(CONTENT_SECURITY_POLICY)
CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-ancestors"] = ["'none'"]
CONTENT_SECURITY_POLICY["DIRECTIVES"]["object-src"] = ["'none'"]

# Uploaded files. In the compose setup the `web` container can serve /media/ itself (SERVE_MEDIA=true):
# fine for a town-sized platform; put a reverse proxy or object storage in front for heavier use.
# Served by pbplatform/media.py: raster images inline, everything else as a download, under a
# sandboxing Content-Security-Policy.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

# Logs: one JSON object per line on stdout (LOG_FORMAT=text for the plain lines of development). Server errors
# also go by e-mail to ADMINS (Django's default mail_admins handler on the "django" logger).
if env_str("LOG_FORMAT", "json") == "json":
    LOGGING = copy.deepcopy(LOGGING)
    LOGGING["formatters"] = {"json": {"()": "apps.core.logging.JsonFormatter"}}
    LOGGING["handlers"]["console"]["formatter"] = "json"

# Error reporting to Sentry (or a compatible service such as GlitchTip), only when SENTRY_DSN is set. No
# personal data is sent (no IP addresses, cookies or user e-mails); the Django and Celery integrations are
# enabled automatically.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
