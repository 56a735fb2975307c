from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from pbplatform.urls import handler403, handler404, handler500  # noqa: F401
from pbplatform.urls import urlpatterns as site_urlpatterns


@never_cache
def healthz(request):
    """Trivial view: the whole middleware stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("healthz", healthz, name="bench_healthz"), *site_urlpatterns]
