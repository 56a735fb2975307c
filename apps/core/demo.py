"""Demo: the Sites row follows SITE_URL and SITE_NAME (`make run HOST=...` sets SITE_URL), so allauth's e-mails
name the demo site, not "example.com"."""

from .services import site_sync


def seed(context):
    site_sync()
