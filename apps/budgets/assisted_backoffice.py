"""The voting desk's panels on the back-office home (imported by budgets/backoffice.py, which the back-office
autodiscovers)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.backoffice.panels import counts_per_process, register_panel
from apps.spaces.models import ProcessRole

from .models import Channel, PaperEntry, Participation


def _in_person_counts(process_ids):
    in_person = Participation.objects.filter(
        budget__process_id__in=process_ids, channel__in=[Channel.ASSISTED, Channel.PAPER]
    )
    return counts_per_process(in_person, "budget__process_id")


def _mismatch_counts(process_ids):
    mismatched = PaperEntry.objects.filter(budget__process_id__in=process_ids, state=PaperEntry.State.MISMATCH)
    return counts_per_process(mismatched, "budget__process_id", count=Count("sheet", distinct=True))


def _second_entry_counts(process_ids, user):
    """Sheets typed once by someone else: the second entry this person may make."""
    pending = PaperEntry.objects.filter(
        budget__process_id__in=process_ids, state=PaperEntry.State.PENDING
    ).exclude(entered_by=user)
    return counts_per_process(pending, "budget__process_id", count=Count("sheet", distinct=True))


def _desk_link(user, process):
    return reverse("assisted:desk", kwargs={"slug": process.slug})


register_panel(
    "budgets.voting_desk",
    title=_("Voting desk: people who voted in person"),
    description=_("Check a person against the census, record their ballot, or hand them a paper ballot."),
    roles={ProcessRole.Role.VOTING_ASSISTANT},
    counts=_in_person_counts,
    link=_desk_link,
)

register_panel(
    "budgets.paper_mismatches",
    title=_("Paper sheets to reconcile"),
    description=_("Their two entries disagree: read the sheet and type what it says."),
    roles={ProcessRole.Role.VOTING_ASSISTANT},
    counts=_mismatch_counts,
    link=_desk_link,
)

register_panel(
    "budgets.paper_second_entry",
    title=_("Paper sheets waiting for your second entry"),
    description=_("A colleague typed them once: type each sheet again, as it is written."),
    roles={ProcessRole.Role.VOTING_ASSISTANT},
    counts=_second_entry_counts,
    link=_desk_link,
    per_user=True,
)
