from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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
