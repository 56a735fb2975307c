from apps.core.permissions import is_allowed


def backoffice(request):
    """Navbar links to the staff screens, for the people they let in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"is_backoffice_user": is_allowed("backoffice.enter_admin", user)}
