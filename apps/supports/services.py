"""Writes for supports.

Integrity under concurrency (PostgreSQL): each write locks the participant's user row, then the proposal row,
always in that order (no deadlocks), and checks the rules again inside the locks:
- the user-row lock serialises one participant's supports, so the per-user limit cannot be overshot;
- the proposal-row lock serialises supports of one proposal, so its threshold cannot be overshot;
- the UNIQUE (user, proposal) constraint is the last line of defence against duplicates.
Proposal.support_count is updated with F() in the same transaction as the row it counts.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from apps.core.abuse import ensure_within_rate
from apps.core.pagecache import bump_page
from apps.core.permissions import ensure_allowed
from apps.core.services import audit_record
from apps.proposals.models import Proposal

from .models import Support
from .selectors import forget_user_supports, note_user_support


def _ensure_within_rate(user):
    """Supporting and withdrawing share one per-participant rate (anonymous visitors are refused anyway)."""
    if user.is_authenticated:
        ensure_within_rate(
            key=f"supports:user:{user.pk}",
            rate=settings.SUPPORT_RATE_LIMIT,
            message=_("You are supporting and withdrawing very quickly. Please wait a minute and try again."),
        )


def _lock(user, proposal):
    """Lock the participant's row, then the proposal's; return the locked proposal.

    The rules are then asked again with the caller's user object (its roles, terms and verification, read once per
    request) and the locked proposal (its state and support count as they are now), which takes the caller's
    process (its phases and support settings, read already). What the locks serialise is read afresh after them:
    the user's supports (forgotten here, read again by the rules that need them) and the proposal's count.
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()
    locked_proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked_proposal.process_id == proposal.process_id:
        locked_proposal.process = proposal.process
    forget_user_supports(user)
    return locked_proposal


def _after_write(user, proposal, *, support_count, supported):
    """Bring the caller's objects up to date (the view re-renders the button with them): the count as written
    under the lock, and the user's supports if the rules read them under the lock."""
    proposal.support_count = support_count
    note_user_support(user, proposal, supported=supported)


@transaction.atomic
def support_add(*, user, proposal):
    """Support `proposal` as `user`; supporting twice is a no-op that returns the existing support."""
    _ensure_within_rate(user)
    ensure_allowed("supports.add_support", user=user, obj=proposal)  # fail fast, and anonymous users stop here
    locked_proposal = _lock(user, proposal)
    # Again on the locked rows: the state, threshold and per-user limit hold for everyone, superusers included.
    ensure_allowed("supports.add_support", user=user, obj=locked_proposal)
    count = locked_proposal.support_count
    support = Support(user_id=user.pk, proposal=locked_proposal, process_id=locked_proposal.process_id)
    # The user's and the proposal's rows are locked above and the process is the proposal's: their foreign keys
    # need no query each. The database constraint decides on duplicates, atomically.
    support.full_clean(exclude=["user", "proposal", "process"], validate_constraints=False)
    try:
        with transaction.atomic():
            support.save()
    except IntegrityError:
        # Supporting twice (a double click), or the same support arrived another way meanwhile.
        existing = Support.objects.filter(user_id=user.pk, proposal=locked_proposal).first()
        if existing is None:
            raise
        _after_write(user, proposal, support_count=count, supported=True)
        return existing

    Proposal.objects.filter(pk=locked_proposal.pk).update(support_count=F("support_count") + 1)
    audit_record(
        actor=user,
        action="supports.add",
        target=locked_proposal,
        data={"proposal": locked_proposal.pk, "support": support.pk},
    )
    # The proposal's cached page shows the new count at once; the lists' cards within PAGE_CACHE_SECONDS.
    bump_page(locked_proposal.get_absolute_url())
    _after_write(user, proposal, support_count=count + 1, supported=True)
    return support


@transaction.atomic
def support_remove(*, user, proposal):
    """Withdraw `user`'s support; returns False when there was none (a no-op, e.g. a double click)."""
    _ensure_within_rate(user)
    ensure_allowed("supports.remove_support", user=user, obj=proposal)
    locked_proposal = _lock(user, proposal)
    ensure_allowed("supports.remove_support", user=user, obj=locked_proposal)
    count = locked_proposal.support_count
    deleted, _ = Support.objects.filter(user_id=user.pk, proposal=locked_proposal).delete()
    if deleted:
        Proposal.objects.filter(pk=locked_proposal.pk, support_count__gt=0).update(support_count=F("support_count") - 1)
        count = max(count - 1, 0)
        audit_record(
            actor=user, action="supports.remove", target=locked_proposal, data={"proposal": locked_proposal.pk}
        )
        bump_page(locked_proposal.get_absolute_url())
    _after_write(user, proposal, support_count=count, supported=False)
    return bool(deleted)


@transaction.atomic
def support_counts_recompute(*, process):
    """Set every proposal's support_count of `process` from its rows (repair tool, demo data)."""
    rows = (
        Support.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Proposal.objects.filter(process=process).update(support_count=Coalesce(Subquery(rows), Value(0)))
