from django.utils.functional import SimpleLazyObject

from apps.core.permissions import is_allowed


def backoffice(request):
    """Navbar links to the staff screens, for the people each one lets in. Asked only when a template shows them
    (the navbar of full pages; not the htmx fragments)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_enter_backoffice": SimpleLazyObject(lambda: is_allowed("backoffice.enter", user)),
        "is_backoffice_user": SimpleLazyObject(lambda: is_allowed("backoffice.enter_admin", user)),
    }
