"""Personal-data registries: each app declares what it holds about a user.

- `register_exporter(name, func)`: "download my data"; `func(user)` returns JSON-serialisable data for the
  section `name` of the archive.
- `register_eraser(name, func)`: "delete my account"; `func(user)` removes or anonymises that app's personal data
  (follows, notification preferences...). Contributions themselves stay, attributed to "Deleted participant".
  Erasers run inside the deletion transaction.
"""

_EXPORTERS = {}
_ERASERS = {}


def register_exporter(name, func):
    """`func(user)` returns JSON-serialisable data for the section `name`."""
    _EXPORTERS[name] = func


def exporters():
    return dict(_EXPORTERS)


def register_eraser(name, func):
    """`func(user)` erases what the app `name` holds about the user when the account is deleted."""
    _ERASERS[name] = func


def erasers():
    return dict(_ERASERS)
