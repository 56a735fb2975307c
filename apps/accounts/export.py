"""Data export registry: each app registers what it holds about a user ("download my data")."""

_EXPORTERS = {}


def register_exporter(name, func):
    """`func(user)` returns JSON-serialisable data for the section `name`."""
    _EXPORTERS[name] = func


def exporters():
    return dict(_EXPORTERS)
