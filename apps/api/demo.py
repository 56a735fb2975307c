"""The API needs no demo data of its own (it reads the demo town's); the demo's closing lines name its address."""

from django.conf import settings


def seed(context):
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    context.setdefault("logins", []).append(("Open data API (no account)", f"{site}/api/v1/docs/"))
