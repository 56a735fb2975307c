"""Demo supports: the demo citizens support a few published proposals of the budget process. Idempotent."""

from apps.proposals.models import Proposal

from .models import Support, support_settings_for
from .services import support_counts_recompute

# (citizen, positions in the list of published proposals, most supported first)
PLAN = {
    "camille": (0, 1, 2),
    "karim": (0, 2, 3),
    "lea": (0, 1, 4),
}


def seed(context):
    process = context.get("processes", {}).get("budget")
    users = context.get("users", {})
    if process is None:
        return
    proposals = list(Proposal.objects.filter(process=process, status=Proposal.Status.PUBLISHED).order_by("pk"))
    if not proposals:
        return  # no demo proposals (yet): nothing to support
    for key, positions in PLAN.items():
        user = users.get(key)
        if user is None:
            continue
        limit = support_settings_for(process).supports_per_user
        if limit is not None:
            positions = positions[:limit]
        own = [p for p in proposals if p.author_id == user.pk]
        others = [p for p in proposals if p.author_id != user.pk]  # nobody supports their own proposal
        Support.objects.filter(user=user, proposal__in=own).delete()
        for position in positions:
            if position < len(others):
                Support.objects.get_or_create(user=user, proposal=others[position], defaults={"process": process})
    # Rows were created directly (the demo phase may not be a supports phase): derive the counters from them.
    support_counts_recompute(process=process)
