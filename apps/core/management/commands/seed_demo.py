"""Idempotent demo data: each app may ship a `demo.py` with `seed(context)`; they run in INSTALLED_APPS order."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Create (or refresh) the demo town's participatory budget. Safe to run many times."

    def handle(self, *args, **options):
        context = {}
        # Demo notifications stay in-app: their e-mails are not printed over the demo logins.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            with transaction.atomic():
                self._seed(context)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("Demo logins (password for all: %s):" % context["password"])
        for role, email in context["logins"]:
            self.stdout.write(f"  {role:<28} {email}")

    def _seed(self, context):
        for config in apps.get_app_configs():
            if not config.name.startswith("apps."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as missing:
                if missing.name != f"{config.name}.demo":
                    raise
                continue
            module.seed(context)
