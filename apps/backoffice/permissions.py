"""Each back-office URL name and the named rule that guards it (django-oscar's permissions_map).

urls.py builds every route through `staff_path`, so a screen cannot exist without its rule."""

from django.urls import path

from apps.core.decorators import rule_required

PERMISSIONS_MAP = {
    "home": "backoffice.enter",
    "audit_log": "backoffice.view_audit_log",
    "roles": "backoffice.manage_roles",
    "role_remove": "backoffice.manage_roles",
    "transfers": "backoffice.export_process",
    "export": "backoffice.export_process",
    "import": "backoffice.import_process",
}


def staff_path(route, view, name, get_object=None):
    return path(route, rule_required(PERMISSIONS_MAP[name], get_object=get_object)(view), name=name)
