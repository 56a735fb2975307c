from django.conf import settings


def site(request):
    context = {"SITE_NAME": settings.SITE_NAME, "MAP_TILE_URL": settings.MAP_TILE_URL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from apps.spaces.selectors import current_terms_version, user_administers_any_process

        current = current_terms_version()
        context["terms_outdated"] = bool(current and user.terms_version != current)
        # Same test as PBAdminSite.has_permission: only people the back-office lets in get the link.
        context["is_backoffice_user"] = user.is_active and (
            user.is_staff or user_administers_any_process(user=user)
        )
    return context
