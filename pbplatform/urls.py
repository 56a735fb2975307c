from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path

from apps.accounts import views as accounts_views
from apps.core.files import private_file

urlpatterns = [
    # Django's language switch, which also keeps a signed-in participant's preferred language (apps/accounts).
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    # Participants' attachments, after the content's view rule (apps/core/files.py); not under /media/.
    path("files/<path:name>", private_file, name="private_file"),
    # Browsers ask for /favicon.ico on pages without an icon link (the Django admin).
    # The read-only public API and its documentation (apps/api); the language is ?lang= or Accept-Language.
    path("api/v1/", include("apps.api.urls")),
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static_url("img/favicon.svg"))),
]

urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.stats.urls")),
    path("", include("apps.spaces.urls")),
    path("", include("apps.taxonomy.urls")),
    path("", include("apps.proposals.urls")),
    path("", include("apps.proposals.merge_urls")),
    path("", include("apps.proposals.review_urls")),
    path("", include("apps.budgets.backoffice_urls")),
    path("", include("apps.supports.urls")),
    path("", include("apps.budgets.urls")),
    path("", include("apps.comments.urls")),
    path("", include("apps.notifications.urls")),
    path("", include("apps.moderation.urls")),
    path("", include("apps.backoffice.urls")),
    path("", include("apps.budgets.assisted_urls")),
    path("", include("apps.results.urls")),
    path("", include("apps.results.backoffice_urls")),
    path("", include("apps.events.urls")),
    path("", include("apps.events.backoffice_urls")),
    path("", include("apps.newsletters.urls")),
    path("", include("apps.newsletters.backoffice_urls")),
    path("", include("apps.search.urls")),
    path("", include("apps.surveys.urls")),
    path("", include("apps.surveys.backoffice_urls")),
    path("", include("apps.core.urls")),
    prefix_default_language=True,
)

handler403 = "apps.core.views.permission_denied"
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "SERVE_MEDIA", False):
    # Production without a separate file server (compose `web` container): see pbplatform/media.py.
    from django.urls import re_path

    from pbplatform.media import serve_media

    urlpatterns += [
        re_path(r"^media/(?P<path>.+)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    ]
