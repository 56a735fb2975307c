"""Proposals' panel on the back-office home (found by the back-office's autodiscovery)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from apps.backoffice.panels import register_panel
from apps.core.permissions import is_allowed
from apps.spaces.models import ProcessRole

from .models import Proposal
from .pipeline import MERGEABLE


def _published_counts(process_ids):
    rows = (
        Proposal.objects.filter(process_id__in=process_ids, status=Proposal.Status.PUBLISHED)
        .values("process_id")
        .annotate(n=Count("pk"))
    )
    return {row["process_id"]: row["n"] for row in rows}


def _published_link(user, process):
    if is_allowed("spaces.change_process", user, process):
        query = urlencode({"process__id__exact": process.pk, "status": Proposal.Status.PUBLISHED})
        return f"{reverse('admin:proposals_proposal_changelist')}?{query}"
    return reverse("proposals:list", kwargs={"slug": process.slug})


register_panel(
    "proposals.published",
    title=_("Proposals published in your processes"),
    description=_("To read, answer and evaluate."),
    roles={ProcessRole.Role.EVALUATOR},
    counts=_published_counts,
    link=_published_link,
)


def _mergeable_counts(process_ids):
    rows = (
        Proposal.objects.filter(process_id__in=process_ids, status__in=MERGEABLE)
        .values("process_id")
        .annotate(n=Count("pk"))
    )
    return {row["process_id"]: row["n"] for row in rows}


register_panel(
    "proposals.merge",
    title=_("Merge duplicate proposals"),
    description=_("Combine proposals that say the same thing: supports, authors and followers follow."),
    roles=set(),  # process administrators only (they see every panel of their processes)
    counts=_mergeable_counts,
    link=lambda user, process: reverse("merge:merge", kwargs={"slug": process.slug}),
)
