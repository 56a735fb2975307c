"""The Sites row (django.contrib.sites) that allauth puts in its e-mails ("[name] Confirm your e-mail address",
links to the domain): set from SITE_URL and SITE_NAME, never left at Django's "example.com".

Pure functions of the settings, so the data migration (which must not import models) and `site_sync` share them.
"""

from urllib.parse import urlsplit


def site_domain(site_url):
    """The host (and port, when not the default one) of `site_url`: "http://127.0.0.1:8101/" → "127.0.0.1:8101"."""
    parts = urlsplit(site_url.strip())
    return (parts.netloc or parts.path.split("/")[0]).lower()


def site_values(*, site_url, site_name):
    domain = site_domain(site_url)[:100] or "localhost"
    return {"domain": domain, "name": (site_name or domain)[:50]}
