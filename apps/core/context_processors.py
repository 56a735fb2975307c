from django.conf import settings


def site(request):
    context = {"SITE_NAME": settings.SITE_NAME, "MAP_TILE_URL": settings.MAP_TILE_URL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from apps.spaces.selectors import current_terms_version, roles_of

        current = current_terms_version()
        context["terms_outdated"] = bool(current and user.terms_version != current)
        context["is_backoffice_user"] = user.is_staff or bool(roles_of(user))
    return context
