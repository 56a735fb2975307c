from django.conf import settings
from django.shortcuts import render


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than any form of the site needs, before anything reads it.

    Django spools an upload to disk in full before a form can check its size; the Content-Length says it
    upfront. Django ignores bodies without a Content-Length (chunked), and DATA_UPLOAD_MAX_MEMORY_SIZE bounds
    the non-file fields. The reverse proxy should enforce the same limit (README, "Production deployment").
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_BODY_MAX_MB * 1024 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            response = render(
                request,
                "413.html",
                {"max_mb": settings.REQUEST_BODY_MAX_MB},
                status=413,
            )
            # The body is left unread: tell the client this connection is done with.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """No page of the site uses the camera, microphone, location, payment... features: deny them to every
    frame, so an injected or embedded document cannot ask for them either."""

    POLICY = (
        "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response

