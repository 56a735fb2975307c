from apps.spaces.models import Process, ProcessRole
from apps.spaces.predicates import is_site_admin
from apps.spaces.selectors import roles_of

from .panels import registered_panels


def staff_processes(*, user):
    """[(process, {role, ...})] for the processes this person works on, newest first.

    Site administrators work on every process, with every role."""
    if is_site_admin.test(user):
        everything = set(ProcessRole.Role.values)
        return [(process, everything) for process in Process.objects.order_by("-start_date", "pk")]
    roles = roles_of(user)
    processes = Process.objects.filter(pk__in=roles).order_by("-start_date", "pk")
    return [(process, roles[process.pk]) for process in processes]


def waiting_work(*, user):
    """Per process: the person's roles and each panel meant for them, with its count and link.

    One query for the processes and one per registered panel, whatever the number of processes."""
    entries = staff_processes(user=user)
    panels = registered_panels()
    counts = {}
    for panel in panels:
        ids = [p.pk for p, roles in entries if panel.shown_to(roles, ProcessRole.Role.ADMIN)]
        counts[panel.key] = panel.counts(ids) if ids else {}
    labels = dict(ProcessRole.Role.choices)
    work = []
    for process, roles in entries:
        items = [
            {
                "panel": panel,
                "count": counts[panel.key].get(process.pk, 0),
                "url": panel.link(user, process) if panel.link else None,
            }
            for panel in panels
            if panel.shown_to(roles, ProcessRole.Role.ADMIN)
        ]
        role_labels = [labels[role] for role in ProcessRole.Role.values if role in roles]
        is_admin = ProcessRole.Role.ADMIN in roles
        work.append({"process": process, "roles": role_labels, "items": items, "is_admin": is_admin})
    return work
