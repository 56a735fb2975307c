from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PBAdminSite(admin.AdminSite):
    site_header = _("pbplatform back-office")
    site_title = _("pbplatform back-office")
    index_title = _("Participatory processes")

    def has_permission(self, request):
        # Process admins (municipal agents) reach the back-office through their role,
        # without needing Django's global staff flag.
        user = request.user
        if not user.is_active:
            return False
        if user.is_staff:
            return True
        from apps.spaces.selectors import user_administers_any_process

        return user_administers_any_process(user=user)
