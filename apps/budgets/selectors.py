"""Reads of the vote: visible projects, a process's budgets, a voter's basket and ballot."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from apps.core.prepared import PreparedQuery, RawRead
from apps.core.search import VECTOR, highlight, text_search, translated
from apps.spaces.models import ProcessRole
from apps.spaces.selectors import roles_of

from . import ballot_rules
from .models import Ballot, BallotItem, BasketItem, Budget, Project


def _staff_q(user, prefix):
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)
    return Q(Exists(ProcessRole.objects.filter(process=OuterRef(prefix), user=user)))


def project_visible_to(user, process=None):
    """The projects `user` may see: the queryset twin of the `budgets.view_project` rule (the content contract test
    checks they agree). Projects on the ballot (selected, then winners or not) of published processes; every project
    for the process's staff."""
    if process is not None:
        return _projects_of_process_visible_to(user, process)
    staff = _staff_q(user, "budget__process")
    public = Q(budget__process__is_published=True, status__in=Project.PUBLIC_STATUSES)
    return Project.objects.filter(public | staff)


def _projects_of_process_visible_to(user, process):
    """The same, for one process already loaded: whether it is published and whether the user has a role in it
    (the roles the rules load once per request) are known, so the query needs no join to the process and no
    subquery on the roles (the vote page asks it on every request)."""
    queryset = Project.objects.filter(budget__process=process)
    if _sees_every_project(user, process):
        return queryset
    if not process.is_published:
        return queryset.none()
    return queryset.filter(status__in=Project.PUBLIC_STATUSES)


def _sees_every_project(user, process):
    return user.is_authenticated and (user.is_superuser or process.pk in roles_of(user))


def sees_projects_on_ballot(user, process):
    """Whether `user` may see the projects on the ballot of `process` (selected, winners or not): whether
    project_visible_to(user, process) is not empty, without building it."""
    return process.is_published or _sees_every_project(user, process)


def budget_visible_to(user, process=None):
    queryset = Budget.objects.all()
    if process is not None:
        queryset = queryset.filter(process=process)
    return queryset.filter(Q(process__is_published=True) | _staff_q(user, "process"))


def budgets_of(*, process):
    return Budget.objects.filter(process=process).order_by("position", "pk")


def ballot_projects(*, budget):
    """The projects on the ballot of `budget` (selected for the vote), in their order."""
    return Project.objects.filter(budget=budget, status=Project.Status.SELECTED).select_related("category")


def choices_of(items):
    """ballot_rules.Choice for basket or ballot items (with their project loaded)."""
    return [
        ballot_rules.Choice(project_id=item.project_id, cost=item.project.cost, points=item.points, rank=item.rank)
        for item in items
    ]


@dataclass
class Basket:
    """A voter's basket in one budget, ready for the page: the items with their projects, the meter, and how it
    stands against the confirmed ballot."""

    budget: Budget
    ballot: Ballot | None
    items: list = field(default_factory=list)
    confirmed_items: list = field(default_factory=list)

    @property
    def choices(self):
        return choices_of(self.items)

    @property
    def summary(self):
        return ballot_rules.summary(self.budget, self.choices)

    @property
    def project_ids(self):
        return {item.project_id for item in self.items}

    @property
    def points_by_project(self):
        return {item.project_id: item.points for item in self.items}

    @property
    def is_confirmed(self):
        return bool(self.ballot and self.ballot.confirmed_at)

    @property
    def has_unconfirmed_changes(self):
        """The basket differs from the confirmed ballot (or nothing is confirmed yet and the basket is not empty)."""

        def shape(items):
            return sorted((i.project_id, i.points, i.rank or 0) for i in items)

        if not self.is_confirmed:
            return bool(self.items)
        return shape(self.items) != shape(self.confirmed_items)

    @property
    def completeness_errors(self):
        return ballot_rules.completeness_errors(self.budget, self.choices)


def _ballot_sql(lock):
    # No ordering, no join: with FOR UPDATE, the ballot row alone is locked (never the budget's or the process's).
    sql = f'SELECT * FROM "{Ballot._meta.db_table}" WHERE "budget_id" = %s AND "voter_id" = %s LIMIT 1'
    return sql + " FOR UPDATE" if lock else sql


_BALLOT = {lock: RawRead(Ballot, _ballot_sql(lock)) for lock in (False, True)}


def voter_ballot(*, voter, budget, lock=False):
    """The ballot of `voter` (signed in) in `budget`, or None; `lock`: its row FOR UPDATE, in the caller's
    transaction (where the database can). One per voter and budget (unique constraint). Every vote request reads
    it: written as SQL, the read costs a third of the CPU of the ORM's `.filter(...).first()` (bench/voting.py)."""
    lock = lock and connection.features.has_select_for_update
    return _BALLOT[lock].first([budget.pk, voter.pk])


# Read on every vote request: compiled once (apps/core/prepared.py).
_BASKET_ITEMS = PreparedQuery(
    lambda ballot_id: BasketItem.objects.filter(ballot_id=ballot_id)
    .select_related("project")
    .order_by("rank", "added_at", "pk")
)
_BALLOT_ITEMS = PreparedQuery(
    lambda ballot_id: BallotItem.objects.filter(ballot_id=ballot_id)
    .select_related("project")
    .order_by("rank", "added_at", "pk")
)


def basket_items(ballot):
    """The basket's items with their projects, in the page's order (rank, then as added)."""
    return _BASKET_ITEMS.list(ballot_id=ballot.pk)


def ballot_items(ballot):
    """The confirmed ballot's items with their projects, in the same order."""
    return _BALLOT_ITEMS.list(ballot_id=ballot.pk)


def basket_for(*, voter, budget, with_confirmed=True):
    """The basket of `voter` in `budget` (empty when they have none): three queries at most, whatever the number of
    projects."""
    if not voter.is_authenticated:
        return Basket(budget=budget, ballot=None)
    ballot = voter_ballot(voter=voter, budget=budget)
    if ballot is None:
        return Basket(budget=budget, ballot=None)
    items = basket_items(ballot)
    confirmed = ballot_items(ballot) if with_confirmed and ballot.confirmed_at else []
    return Basket(budget=budget, ballot=ballot, items=items, confirmed_items=confirmed)


def basket_after_write(*, budget, ballot):
    """The basket a basket service just wrote (`ballot.current_items`, see services.py): no query, but for the
    confirmed ballot's items when there is one."""
    confirmed = ballot_items(ballot) if ballot.confirmed_at else []
    return Basket(budget=budget, ballot=ballot, items=list(ballot.current_items), confirmed_items=confirmed)


def ballot_of(*, voter, budget):
    return voter_ballot(voter=voter, budget=budget) if voter.is_authenticated else None


def confirmed_ballots(*, budget):
    """The ballots that count: confirmed, with their items (for the count and the published file)."""
    return Ballot.objects.filter(budget=budget, confirmed_at__isnull=False).prefetch_related("items")


def search_projects(queryset, query, *, language=None, rank=True):
    """`queryset` narrowed to the projects matching `query` in their title or description, in any language: the
    stored vectors (migration 0004, GIN) on PostgreSQL, icontains elsewhere; annotated with `search_rank` if
    `rank`."""
    return text_search(
        queryset, query, fields=translated("title", "description"), vector=VECTOR, language=language, rank=rank
    )


def project_search(*, user, query, language=None):
    """The site-wide search's budget projects (content contract): those `user` may see matching `query` in their
    title or description, in any language (the stored vectors of migration 0004 on PostgreSQL, icontains elsewhere),
    best match first, then the newest (an order of the projects' own key: the site search ranks the first matches
    in it, read through an index, where an order by process title sorted every match of a frequent word)."""
    queryset = project_visible_to(user).select_related("budget__process")
    found = search_projects(queryset, query, language=language)
    return found.order_by("-search_rank", "-pk")


def project_search_highlight(projects, *, query, language=None):
    return highlight(projects, query=query, field="description", html=True, language=language)
