"""Translate the texts written before a provider was set (or while it was away): `manage.py machine_translate`.

Each piece of content is translated where its translation is missing or older than its text, as the background
task does when a text is saved; what is up to date costs no call to the provider.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from ...providers import ProviderError, get_provider
from ...registry import TRANSLATABLE
from ...services import content_translate


class Command(BaseCommand):
    help = "Machine-translate residents' texts that have no current translation (proposals, comments, events, results)."

    def add_arguments(self, parser):
        parser.add_argument("--model", choices=sorted(TRANSLATABLE), help="Only this kind of content.")
        parser.add_argument("--limit", type=int, default=0, help="At most this many items per kind (0: all).")

    def handle(self, *args, model=None, limit=0, **options):
        provider = get_provider()
        if provider is None:
            raise CommandError(
                "No provider: set MACHINE_TRANSLATION_PROVIDER (libretranslate or deepl) and its URL or key."
            )
        for label in [model] if model else sorted(TRANSLATABLE):
            queryset = apps.get_model(label)._default_manager.order_by("pk")
            if limit:
                queryset = queryset[:limit]
            calls = items = 0
            for obj in queryset.iterator(chunk_size=200):
                try:
                    calls += content_translate(obj=obj, provider=provider)
                except ProviderError as error:
                    raise CommandError(f"{label} {obj.pk}: {error}") from error
                items += 1
            self.stdout.write(f"{label}: {items} items, {calls} texts translated")
