from functools import partial

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import ratelimit
from .forms import ContactForm
from .tasks import send_contact_message


def contact(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = _("Thank you, your message has been sent to the organisers.")
        if form.cleaned_data["website"]:
            # A bot filled the honeypot: pretend success, send nothing.
            messages.success(request, sent)
            return redirect("core:contact")
        rate = settings.CONTACT_RATE_LIMIT
        if not ratelimit.hit(key=f"contact:{ratelimit.client_ip(request)}", rate=rate):
            # The form is shown again with what the person typed.
            form.add_error(
                None, _("You have sent several messages in a short time. Please try again in a few minutes.")
            )
        else:
            data = {key: form.cleaned_data[key] for key in ("name", "email", "subject", "message")}
            transaction.on_commit(partial(send_contact_message.delay, **data))
            messages.success(request, sent)
            return redirect("core:contact")
    return render(request, "core/contact_form.html", {"form": form})


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else _("You are not allowed to see this page.")
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
