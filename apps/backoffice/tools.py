"""Site-wide staff tools (newsletters, ...) that an app adds to the back-office home.

An app declares its tool once, in its AppConfig.ready(), with the named rule that opens it:

    register_staff_tool("newsletters", label=_("Newsletters"), rule="newsletters.view_newsletters",
                        url_name="newsletters_backoffice:list")

Whoever that rule lets in also enters the back-office, and finds the tool's button on its home: site staff given
only a tool's model permission, with no process role, have a way in too. The back-office imports no app for it.
"""

from dataclasses import dataclass

from apps.core.permissions import is_allowed

_TOOLS = {}


@dataclass(frozen=True)
class StaffTool:
    key: str
    label: str
    rule: str
    url_name: str


def register_staff_tool(key, *, label, rule, url_name):
    _TOOLS[key] = StaffTool(key=key, label=label, rule=rule, url_name=url_name)


def staff_tools_for(user):
    """The tools `user` may open, in the order the apps registered them."""
    return [tool for tool in _TOOLS.values() if is_allowed(tool.rule, user)]
