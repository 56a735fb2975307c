from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.proposals.models import Proposal
from apps.spaces.models import Process, process_settings


class Support(models.Model):
    """One participant's support for one proposal. The count is stored on Proposal.support_count."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports", verbose_name=_("participant")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="supports", verbose_name=_("proposal")
    )
    # Denormalised from proposal.process so "how many supports has this user given in this process" is one index scan.
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+", verbose_name=_("process"))
    created_at = models.DateTimeField(_("supported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "proposal"],
                name="support_unique_user_proposal",
                violation_error_message=_("You already support this proposal."),
            ),
        ]
        indexes = [models.Index(fields=["user", "process"])]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class SupportSettings(models.Model):
    """The supports settings of one process, edited inline with the process."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="support_settings", verbose_name=_("process")
    )
    supports_per_user = models.PositiveIntegerField(
        _("maximum supports per participant"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    support_threshold = models.PositiveIntegerField(
        _("supports after which a proposal accepts no more"), null=True, blank=True, help_text=_("Empty: no limit.")
    )

    class Meta:
        verbose_name = _("support settings")
        verbose_name_plural = _("support settings")

    def __str__(self):
        return str(_("Support settings"))


def support_settings_for(process):
    """The process's support settings (created with the defaults if the process has none yet)."""
    return process_settings(process, SupportSettings)
