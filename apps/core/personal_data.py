"""Personal-data registries: each app declares what it holds about a user (in its AppConfig.ready()).

They live in the kernel so that any app (spaces for its roles, a content app for its rows) can register its
exporter and eraser without importing accounts, which runs them ("download my data", "delete my account").

- `register_exporter(name, func)`: "download my data"; `func(user)` returns JSON-serialisable data for the
  section `name` of the archive.
- `register_file_exporter(name, func)`: files for "download my data"; `func(user)` yields
  `(path_in_archive, file)` pairs (a stored FieldFile or anything with `open("rb")`), put in the zip beside the JSON.
- `register_eraser(name, func)`: "delete my account"; `func(user)` removes or anonymises that app's personal data
  (follows, notification preferences...). Contributions themselves stay, attributed to "Deleted participant".
  Erasers run inside the deletion transaction.
"""

_EXPORTERS = {}
_ERASERS = {}
_FILE_EXPORTERS = {}


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


def register_file_exporter(name, func):
    """`func(user)` yields (path inside the archive, FieldFile) pairs for the data export's zip."""
    _FILE_EXPORTERS[name] = func


def file_exporters():
    return dict(_FILE_EXPORTERS)
