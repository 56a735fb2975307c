from .selectors import current_terms_version


def terms(request):
    """Whether the signed-in user still has to accept the current terms of use (banner on every page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = current_terms_version()
    return {"terms_outdated": bool(current and user.terms_version != current)}
