from apps.core.models import AuditEntry
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
        counts[panel.key] = panel.count_for(ids, user) if ids else {}
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
        work.append(
            {
                "process": process,
                "roles": role_labels,
                # What has something in it comes first, described; the rest are links to the tools, on a line.
                "busy": [item for item in items if item["count"]],
                "idle": [item for item in items if not item["count"]],
                "is_admin": is_admin,
            }
        )
    return work


def process_roles(*, process):
    """The staff of one process, by role then name, with their accounts (one query)."""
    order = {value: index for index, value in enumerate(ProcessRole.Role.values)}
    rows = list(ProcessRole.objects.filter(process=process).select_related("user"))
    return sorted(rows, key=lambda r: (order.get(r.role, 99), (r.user.nickname or r.user.email).lower()))


def audit_entries_visible_to(*, user):
    """The audit entries this person may read: all for site administrators, those of the processes they
    administer for process administrators, none for anybody else."""
    entries = AuditEntry.objects.select_related("actor", "target_type").order_by("-created_at", "-pk")
    if is_site_admin.test(user):
        return entries
    administered = [pk for pk, roles in roles_of(user).items() if ProcessRole.Role.ADMIN in roles]
    return entries.filter(process_id__in=administered)


def audit_processes_visible_to(*, user):
    if is_site_admin.test(user):
        return Process.objects.order_by("title")
    administered = [pk for pk, roles in roles_of(user).items() if ProcessRole.Role.ADMIN in roles]
    return Process.objects.filter(pk__in=administered).order_by("title")


# Keys of an entry's data shown on their own (the rest are listed as details).
_CHANGE_KEYS = ("before", "after")


def _shown(value):
    """A stored value as one readable line: lists joined, dicts as "key: value" pairs, nothing as a dash."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_shown(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(str(_shown(item)) for item in value) or "—"
    return value


def audit_rows(*, entries):
    """One page of entries, ready to show: the process of each (one query for the page) and the entry's data
    split into before, after and the other details."""
    entries = list(entries)
    process_ids = {e.process_id for e in entries if e.process_id}
    processes = Process.objects.in_bulk(process_ids) if process_ids else {}
    rows = []
    for entry in entries:
        data = entry.data if isinstance(entry.data, dict) else {"data": entry.data}
        rows.append(
            {
                "entry": entry,
                "process": processes.get(entry.process_id),
                "has_change": any(key in data for key in _CHANGE_KEYS),
                "before": _shown(data.get("before")),
                "after": _shown(data.get("after")),
                "details": [(key, _shown(value)) for key, value in data.items() if key not in _CHANGE_KEYS],
            }
        )
    return rows
