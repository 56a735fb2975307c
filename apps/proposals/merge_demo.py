"""Demo: two residents proposed the same thing in the consultation; the agent merged them into one official
proposal (the supports counted once, the authors co-authors, the originals closed with a link)."""

from django.utils import timezone

from .models import Proposal
from .services import proposal_merge, reference_for

DUPLICATES = (
    (
        "camille",
        "Des ateliers de réparation de vélos dans les quartiers",
        "Un atelier vélo par quartier, un samedi par mois.",
    ),
    ("karim", "Un atelier vélo participatif près de la gare", "Réparer son vélo soi-même avec l'aide de bénévoles."),
)
MERGED_TITLE = "Des ateliers vélo participatifs dans chaque quartier"
MERGED_BODY = (
    "Deux propositions réunies : un atelier de réparation de vélos par quartier, animé par des bénévoles, "
    "dont un près de la gare."
)


def seed(context):
    process = context["processes"]["consultation"]
    users = context["users"]
    if Proposal.objects.filter(process=process, title=MERGED_TITLE).exists():
        return
    theme = next(iter(context.get("themes", {}).values()), None)
    originals = []
    for author_key, title, body in DUPLICATES:
        proposal = Proposal.objects.filter(process=process, title=title).first()
        if proposal is None:
            proposal = Proposal(
                process=process,
                author=users[author_key],
                title=title,
                body=body,
                theme=theme,
                status=Proposal.Status.PUBLISHED,
                published_at=timezone.now(),
                wizard_step=4,
            )
            proposal.full_clean()
            proposal.save()
            proposal.reference = reference_for(proposal)
            proposal.save(update_fields=["reference"])
        originals.append(proposal)
    # Léa supported both ideas: after the merge she counts once. (The supports app owns the rows; this app
    # reaches them through the reverse relation.)
    for proposal, supporters in zip(originals, (("lea", "karim"), ("lea", "camille")), strict=True):
        for key in supporters:
            proposal.supports.get_or_create(user=users[key], defaults={"process": process})
        Proposal.objects.filter(pk=proposal.pk).update(support_count=proposal.supports.count())
    proposal_merge(actor=users["agent"], process=process, proposals=originals, title=MERGED_TITLE, body=MERGED_BODY)
