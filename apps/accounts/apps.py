from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Participants")  # allauth's e-mail addresses are "Accounts" in the admin

    def ready(self):
        from apps.core.content import Capability, register_content

        from .models import User
        from .selectors import profile_visible_to

        # Participants can be reported (moderation); a profile is never hidden, its owner may be blocked.
        register_content(
            User,
            process=lambda user: None,
            url=lambda user: reverse("accounts:profile", kwargs={"nickname": user.nickname}),
            title=lambda user: user.public_name,
            author=lambda user: user.pk,
            visible_to=profile_visible_to,
            view_perm="accounts.view_profile",
            capabilities={Capability.REPORTABLE},
        )
