"""manage.py tally BUDGET_ID [--rule R] [--completion C] [--json]: count a budget's confirmed ballots; the last
line is one JSON object {"rule", "budget", "spent", "winners" (external ids in selection order), "voters"}."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from apps.budgets.counting import CountingError, count_budget, profile_from_budget
from apps.budgets.models import Budget, CountingCompletion, CountingRule


class Command(BaseCommand):
    # A read-only command that automation runs often: Django's system checks would cost half a second each time.
    requires_system_checks = []
    help = "Count a budget's confirmed ballots with its own rule, or another; the last line is JSON."

    def add_arguments(self, parser):
        parser.add_argument("budget_id", type=int, metavar="BUDGET_ID")
        parser.add_argument("--rule", choices=CountingRule.values, help="default: the budget's own rule")
        parser.add_argument("--completion", choices=CountingCompletion.values, help="for mes (default: the budget's)")
        parser.add_argument("--json", action="store_true", help="print the JSON line only")

    def handle(self, *args, budget_id, rule=None, completion=None, json=False, **options):
        budget = Budget.objects.select_related("process").filter(pk=budget_id).first()
        if budget is None:
            raise CommandError(f"No budget with the id {budget_id}.")
        start = time.perf_counter()
        try:
            profile = profile_from_budget(budget)
            read = time.perf_counter()
            outcome = count_budget(budget, rule=rule, completion=completion, profile=profile)
        except CountingError as error:
            raise CommandError(str(error)) from None
        done = time.perf_counter()
        result = outcome.as_dict()
        if not json:
            self.stdout.write(
                f"{budget} (budget {budget.pk}): {outcome.voters} voters, {len(profile.projects)} projects"
            )
            self.stdout.write(
                f"rule {outcome.rule}: {len(outcome.winners)} winners, {result['spent']} spent of {result['budget']}"
            )
            self.stdout.write(f"read {read - start:.3f} s, counted {done - read:.3f} s")
        self.stdout.write(_json.dumps(result, ensure_ascii=False))


_json = json
