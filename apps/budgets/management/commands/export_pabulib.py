"""manage.py export_pabulib BUDGET_ID PATH: the budget's anonymised ballots as a Pabulib file ("-" for standard
output). The same bytes each time for the same ballots."""

import hashlib
import sys

from django.core.management.base import BaseCommand, CommandError

from apps.budgets.counting import CountingError, pabulib_text_for_budget
from apps.budgets.models import Budget


class Command(BaseCommand):
    # A read-only command that automation runs often: Django's system checks would cost half a second each time.
    requires_system_checks = []
    help = "Write a budget's confirmed ballots, anonymised, as a Pabulib file."

    def add_arguments(self, parser):
        parser.add_argument("budget_id", type=int, metavar="BUDGET_ID")
        parser.add_argument("path", metavar="PATH", help="the file to write, or - for standard output")

    def handle(self, *args, budget_id, path, **options):
        budget = Budget.objects.select_related("process").filter(pk=budget_id).first()
        if budget is None:
            raise CommandError(f"No budget with the id {budget_id}.")
        try:
            data = pabulib_text_for_budget(budget).encode("utf-8")
        except CountingError as error:
            raise CommandError(str(error)) from None
        if path == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        self.stderr.write(f"{path}: {len(data)} bytes, SHA-256 {hashlib.sha256(data).hexdigest()}")
