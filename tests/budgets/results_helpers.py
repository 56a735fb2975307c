"""A small closed vote to count and publish (tests/budgets/test_results_*.py and tests/e2e/test_results_e2e.py).

Budget €100,000, approval; four projects (votes, cost): park (4, 60,000), bikes (3, 30,000), library (2, 25,000),
trees (1, 8,000); six ballots: [park] ×2, [park, bikes] ×2, [bikes, library], [library, trees].

- Greedy: park (40,000 left), bikes (10,000 left), library does not fit (10,000 left for 25,000), trees fits:
  park, bikes, trees.
- Greedy no-skip: park, bikes; the count stops at the library, so trees is not reached.
- Equal Shares (Add1) and Phragmén: see the tests (they differ from greedy: the library's voters get a project).
"""

from datetime import timedelta

from django.utils import timezone

from apps.spaces.phases import PhaseKind
from tests.budgets.adm_helpers import confirmed_ballot
from tests.factories import BudgetFactory, PhaseFactory, ProcessFactory, ProjectFactory

PROJECTS = [
    # key, French title, English title, cost
    ("park", "Un parc au bord du canal", "A park along the canal", 60000),
    ("bikes", "Des arceaux à vélos", "Bicycle racks", 30000),
    ("library", "Une bibliothèque de rue", "A street library", 25000),
    ("trees", "Planter des arbres", "Plant trees", 8000),
]
BALLOTS = [["park"], ["park"], ["park", "bikes"], ["park", "bikes"], ["bikes", "library"], ["library", "trees"]]


def results_process(*, results_phase=True, **kwargs):
    """A published process whose vote ended yesterday; today is in its results phase (or, without it, in no phase
    that shows results: the results phase begins in ten days)."""
    process = ProcessFactory(**kwargs)
    today = timezone.localdate()
    PhaseFactory(
        process=process,
        kind=PhaseKind.VOTING,
        start_date=today - timedelta(days=20),
        end_date=today - timedelta(days=1),
    )
    start = today if results_phase else today + timedelta(days=10)
    PhaseFactory(process=process, kind=PhaseKind.RESULTS, start_date=start, end_date=start + timedelta(days=60))
    return process


def counted_budget(process=None, *, ballots=BALLOTS, projects=PROJECTS, **budget_fields):
    """The budget above in `process` (a closed vote by default), its projects by key, its confirmed ballots."""
    process = process or results_process()
    fields = {"title": "Budget de la ville", "title_en": "Town budget", "max_projects": 3, **budget_fields}
    budget = BudgetFactory(process=process, **fields)
    rows = {
        key: ProjectFactory(budget=budget, title=fr, title_en=en, cost=cost, external_id=key, position=n)
        for n, (key, fr, en, cost) in enumerate(projects, start=1)
    }
    for ballot in ballots:
        confirmed_ballot(budget, [rows[key] for key in ballot])
    return budget, rows
