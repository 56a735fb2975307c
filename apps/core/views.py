import logging
import math
import sys

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from . import geocoding, ratelimit, services
from .abuse import RateLimited, ensure_within_rate
from .forms import ContactForm
from .geocoding import GeocoderError, get_geocoder
from .http import form_errors_from

logger = logging.getLogger(__name__)
GEOCODE_MIN_LENGTH = 3


def _near(request):
    """The map's centre sent along (?lat=&lng=), to prefer nearby places; None when absent or not a position."""
    try:
        lat, lng = float(request.GET["lat"]), float(request.GET["lng"])
    except (KeyError, ValueError, OverflowError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return lat, lng


@require_GET
def geocode(request):
    """Address suggestions for the map pickers, as JSON: {"results": [{"label", "lat", "lng"}], "message"}.

    The server asks the configured service (apps/core/geocoding.py) so the browser talks to this site only; for
    signed-in participants (who place proposals and events), rate-limited, and 404 when address search is off.
    """
    if get_geocoder() is None:
        raise Http404
    if not request.user.is_authenticated:
        return JsonResponse({"results": [], "message": _("Sign in to search for an address.")}, status=403)
    query = " ".join(request.GET.get("q", "").split())
    if len(query) < GEOCODE_MIN_LENGTH:
        return JsonResponse({"results": [], "message": ""})
    try:
        ensure_within_rate(
            key=f"geocode:user:{request.user.pk}",
            rate=settings.GEOCODER_RATE_LIMIT,
            message=_("You are searching very quickly. Please wait a minute and try again."),
        )
    except RateLimited as error:
        return JsonResponse({"results": [], "message": " ".join(error.messages)}, status=429)
    try:
        places = geocoding.geocode(query[:200], language=get_language() or "fr", near=_near(request))
    except GeocoderError:
        logger.warning("Address search failed", exc_info=True)
        return JsonResponse(
            {"results": [], "message": _("Address search is not available right now: click on the map instead.")}
        )
    if places:
        message = ngettext("%(count)d address found.", "%(count)d addresses found.", len(places)) % {
            "count": len(places)
        }
    else:
        message = _("No address found: try another spelling, or click on the map.")
    return JsonResponse({"results": [place.as_json() for place in places], "message": message})


def contact(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = _("Thank you, your message has been sent to the organisers.")
        if form.caught_by_honeypot:
            # A bot filled the honeypot: pretend success, send nothing.
            messages.success(request, sent)
            return redirect("core:contact")
        data = {key: form.cleaned_data[key] for key in ("name", "email", "subject", "message")}
        try:
            services.contact_message_queue(sender_key=ratelimit.client_ip(request), **data)
        except ValidationError as error:
            form_errors_from(error, form)  # shown again with what the person typed
        else:
            messages.success(request, sent)
            return redirect("core:contact")
    return render(request, "core/contact_form.html", {"form": form})


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else _("You are not allowed to see this page.")
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


DATABASE_RETRY_SECONDS = 60


@requires_csrf_token
def server_error(request):
    """500, except when the database cannot be reached: a 503 page that says so and that nothing was saved.

    Rendered without a request context, since the context processors would query the database again.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return defaults.server_error(request)
    logger.error("Database unreachable: %s", error)
    template = loader.get_template("503.html")
    response = HttpResponse(template.render({"retry_seconds": DATABASE_RETRY_SECONDS}), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
