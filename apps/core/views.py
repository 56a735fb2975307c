import logging
import sys

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from . import ratelimit, services
from .forms import ContactForm
from .http import form_errors_from


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
logger = logging.getLogger(__name__)


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
