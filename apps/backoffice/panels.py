"""What waits for staff on the back-office home, contributed by the apps that own the work.

A content app declares its panels in its own `backoffice.py` module (found by autodiscovery, as admin.py
and rules.py are), so the back-office never imports a content app:

    register_panel(
        "proposals.published",
        title=_("Proposals published in your processes"),
        roles={ProcessRole.Role.EVALUATOR},
        counts=lambda process_ids: {...},          # {process_id: n}, one query for all processes
        link=lambda user, process: url_or_None,
    )

`roles` are the process roles the panel is for; a process's administrators see every panel of it.
With `per_user=True`, `counts` is called as counts(process_ids, user) (work assigned to that person).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count

_PANELS = {}


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    roles: frozenset
    counts: Callable
    link: Callable | None = None
    description: str = ""
    per_user: bool = False

    def count_for(self, process_ids, user):
        return self.counts(process_ids, user) if self.per_user else self.counts(process_ids)

    def shown_to(self, roles, admin_role):
        return admin_role in roles or bool(self.roles & roles)


def register_panel(key, *, title, roles, counts, link=None, description="", per_user=False):
    _PANELS[key] = Panel(
        key=key, title=title, roles=frozenset(roles), counts=counts, link=link, description=description,
        per_user=per_user,
    )


def registered_panels():
    return list(_PANELS.values())


def counts_per_process(queryset, process_field="process_id", count=None):
    """{process id: number of rows} of a queryset (or of `count`, e.g. Count("sheet", distinct=True)), in one query:
    what most panels' `counts` return.

    Grouped by the field's name, never by `values(key=F(...))`: django-modeltranslation's values() given only
    expressions selects every field of a translated model, so each row became its own group and the panel said 1."""
    rows = queryset.order_by().values(process_field).annotate(n=count or Count("pk"))
    return {row[process_field]: row["n"] for row in rows}
