"""Public activity of a participant, gathered from each app that registers a source."""

_ACTIVITY_SOURCES = []


def register_activity_source(func):
    """`func(user)` returns a list of dicts with keys: date, label, url."""
    _ACTIVITY_SOURCES.append(func)


def public_activity(*, user, limit=20):
    items = []
    for source in _ACTIVITY_SOURCES:
        items.extend(source(user))
    items.sort(key=lambda item: item["date"], reverse=True)
    return items[:limit]
