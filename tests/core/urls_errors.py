"""A URLconf for error-page tests: the real site plus views that fail on purpose."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.urls import path

from pbplatform.urls import handler403, handler404  # noqa: F401
from pbplatform.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("Something broke on purpose")


def refuse(request):
    raise PermissionDenied("Supports open on 3 March 2026.")


def refuse_silently(request):
    raise PermissionDenied


urlpatterns = [
    *i18n_patterns(
        path("test-errors/boom/", boom),
        path("test-errors/refuse/", refuse),
        path("test-errors/refuse-silently/", refuse_silently),
        prefix_default_language=True,
    ),
    *site_urlpatterns,
]
