from django.utils.functional import SimpleLazyObject

from .selectors import terms_version_seen_by


def terms(request):
    """Whether the signed-in user still has to accept the current terms of use (banner on every page). Asked only
    when a template shows the banner (full pages; not the htmx fragments)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def outdated():
        current = terms_version_seen_by(user)
        return bool(current and user.terms_version != current)

    return {"terms_outdated": SimpleLazyObject(outdated)}
