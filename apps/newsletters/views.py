"""The public side of newsletters: the one-click unsubscribe link (RFC 8058)."""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .emails import token_data


# The link in every newsletter and its List-Unsubscribe header. GET only shows a confirmation (mail scanners open
# links); POST unsubscribes: from that page, or straight from the mail client ("List-Unsubscribe=One-Click", RFC
# 8058), which has neither session nor CSRF cookie. The signed token in the URL is the only credential, so this
# one view is exempt from CSRF: a forged POST could only unsubscribe the person the token names.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        user = services.newsletter_unsubscribe(token=token)
        if user is None:
            return render(request, "newsletters/unsubscribe.html", {"invalid": True}, status=400)
        return render(request, "newsletters/unsubscribe.html", {"done": True, "email": user.email})
    if token_data(token) is None:
        return render(request, "newsletters/unsubscribe.html", {"invalid": True}, status=400)
    return render(request, "newsletters/unsubscribe.html", {"token": token})
