from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .http import safe_next
from .permissions import is_allowed


class PBAdminSite(admin.AdminSite):
    site_header = gettext_lazy("pbplatform back-office")
    site_title = gettext_lazy("pbplatform back-office")
    index_title = gettext_lazy("Participatory processes")

    def has_permission(self, request):
        # Asked by name: the back-office app defines who enters (site staff, and process administrators
        # without Django's staff flag), so the kernel names no domain app.
        return is_allowed("backoffice.enter_admin", request.user)

    def login(self, request, extra_context=None):
        """Everyone logs in through allauth's form, which carries the brute-force limits (per account and
        per client address); Django's own admin form has none, so it is never shown."""
        next_url = safe_next(request, reverse("admin:index", current_app=self.name))
        if request.user.is_authenticated:
            if self.has_permission(request):
                # A URL, never resolved as a URL name ("?next=maybe" would raise NoReverseMatch).
                return HttpResponseRedirect(next_url)
            # Sending a signed-in person to the log-in page would bounce back here.
            raise PermissionDenied(_("Your account does not have access to the back-office."))
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
