"""What the surveys app adds to the back-office home (found by the back-office's autodiscovery)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.backoffice.panels import counts_per_process, register_panel
from apps.core.permissions import is_allowed

from .models import Survey


def _survey_counts(process_ids):
    return counts_per_process(Survey.objects.filter(process_id__in=process_ids))


def _link(user, process):
    if is_allowed("surveys.manage_surveys", user, process):
        return reverse("surveys_backoffice:surveys", kwargs={"slug": process.slug})
    return None


register_panel(
    "surveys.surveys",
    title=_("Surveys"),
    description=_("Build surveys, read their results with charts and export the answers (CSV, XLSX)."),
    roles=set(),
    counts=_survey_counts,
    link=_link,
)
