from apps.core.permissions import is_allowed


def backoffice(request):
    """Navbar links to the staff screens, for the people each one lets in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_enter_backoffice": is_allowed("backoffice.enter", user),
        "is_backoffice_user": is_allowed("backoffice.enter_admin", user),
    }
