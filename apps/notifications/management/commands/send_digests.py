from django.core.management.base import BaseCommand

from apps.notifications import services


class Command(BaseCommand):
    help = "Send the daily notification digests now (what the Celery beat task does every morning)."

    def handle(self, *args, **options):
        sent = services.digests_send_all()
        self.stdout.write(self.style.SUCCESS(f"{sent} digest(s) sent."))
