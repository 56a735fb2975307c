"""manage.py import_pabulib PATH... [--process SLUG]: one budget per Pabulib file; prints each new budget's id
alone on its own line (on standard output; everything else goes to standard error)."""

from django.core.management.base import BaseCommand, CommandError

from apps.budgets.pabulib_import import PabulibImportError, import_pabulib_file
from apps.spaces.models import Process


class Command(BaseCommand):
    help = (
        "Import Pabulib files (.pb): one budget per file, with its projects, its ballots (confirmed, channel "
        "'imported') and the counting rule its META names. Prints each new budget's id on its own line."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Pabulib files")
        parser.add_argument("--process", metavar="SLUG", help="add the budgets to this process (default: a new one)")
        parser.add_argument("--publish", action="store_true", help="publish the new processes")

    def handle(self, *args, paths, process=None, publish=False, **options):
        target = None
        if process:
            target = Process.objects.filter(slug=process).first()
            if target is None:
                raise CommandError(f"No process with the slug {process!r}.")
        for path in paths:
            try:
                budget = import_pabulib_file(path, process=target, publish=publish)
            except PabulibImportError as error:
                raise CommandError(
                    f"{path}: {error.message}" + (f" (line {error.line})" if error.line else "")
                ) from None
            self.stdout.write(str(budget.pk))
            self.stderr.write(
                f"{path}: budget {budget.pk} in process {budget.process.slug} "
                f"({budget.ballots.count()} ballots, rule {budget.counting_rule})"
            )
