"""Reads: who a segment reaches, the newsletters a staff member may see, and the delivery figures."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from apps.budgets.models import Budget, CensusEntry, Participation
from apps.comments.models import Comment
from apps.events.models import Registration
from apps.proposals.models import Proposal
from apps.spaces.models import Process, ProcessRole
from apps.supports.models import Support

from .models import Delivery, Newsletter


def consenting_users():
    """Everyone a newsletter may reach: opted in, with an active account (not blocked, not deleted)."""
    return get_user_model().objects.filter(
        newsletter_opt_in=True, is_active=True, deleted_at__isnull=True, blocked_at__isnull=True
    ).exclude(email="")


def process_participant_ids(process):
    """The ids of the people who took part in `process`: proposed (co-authors too), supported, commented, voted,
    registered to one of its events. A union of id subqueries: one query, no duplicates to remove."""
    proposals = Proposal.objects.filter(process=process).exclude(status=Proposal.Status.DRAFT)
    return (
        Q(pk__in=proposals.values("author_id"))
        | Q(pk__in=proposals.filter(coauthors__isnull=False).values("coauthors"))
        | Q(pk__in=Support.objects.filter(process=process).values("user_id"))
        | Q(pk__in=Comment.objects.filter(process=process).values("author_id"))
        | Q(pk__in=Participation.objects.filter(budget__process=process, user__isnull=False).values("user_id"))
        | Q(
            pk__in=Registration.objects.filter(event__process=process)
            .exclude(status=Registration.Status.CANCELLED)
            .values("user_id")
        )
    )


def district_resident_ids(district):
    """People whose verified district is `district`: a census entry verified against their account names it, or
    (as the vote's eligibility does, budgets.eligibility.district_of) their postal code is one of its budgets'."""
    name = district.strip()
    codes = set()
    for value in Budget.objects.filter(district__iexact=name).values_list("district_postal_codes", flat=True):
        codes |= {code.strip().lower() for code in value.split(",") if code.strip()}
    census = CensusEntry.objects.filter(district__iexact=name, user__isnull=False).values("user_id")
    condition = Q(pk__in=census)
    if codes:
        condition |= Q(postal_code__in=codes | {code.upper() for code in codes})
    return condition


def segment_recipients(*, newsletter):
    """The people `newsletter` goes to: its segment, always among those who consented."""
    users = consenting_users()
    if newsletter.segment == Newsletter.Segment.PROCESS:
        users = users.filter(process_participant_ids(newsletter.process))
    elif newsletter.segment == Newsletter.Segment.DISTRICT:
        users = users.filter(district_resident_ids(newsletter.district))
    return users.order_by("pk")


def segment_size(*, newsletter):
    return segment_recipients(newsletter=newsletter).count()


def district_choices():
    """The districts named by the budgets and the census, for the segment's choice."""
    names = set(Budget.objects.exclude(district="").values_list("district", flat=True))
    names |= set(CensusEntry.objects.exclude(district="").values_list("district", flat=True).distinct())
    return sorted({name.strip() for name in names if name.strip()}, key=str.lower)


def is_site_newsletter_admin(user):
    """Site administrators, and staff given the permission "Can write and send newsletters to every segment"."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (user.is_staff and user.has_perm("newsletters.send_to_all_segments"))


def administered_processes(*, user):
    """The processes whose participants `user` may write to."""
    if is_site_newsletter_admin(user):
        return Process.objects.all()
    return Process.objects.filter(roles__user=user, roles__role=ProcessRole.Role.ADMIN).distinct()


def newsletters_for_staff(*, user):
    """The newsletters `user` may see in the back-office, with their delivery figures (one query)."""
    newsletters = Newsletter.objects.select_related("process", "author")
    if not is_site_newsletter_admin(user):
        newsletters = newsletters.filter(
            segment=Newsletter.Segment.PROCESS, process__in=administered_processes(user=user)
        )
    return newsletters.annotate(
        sent_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    )


def delivery_figures(*, newsletter):
    """{"total", "pending", "sending", "sent", "failed", "cancelled", "done", "percent"} in one query."""
    counts = {status: 0 for status in Delivery.Status.values}
    for row in Delivery.objects.filter(newsletter=newsletter).values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    total = sum(counts.values())
    done = counts[Delivery.Status.SENT] + counts[Delivery.Status.FAILED]
    if newsletter.status == Newsletter.Status.SENT:
        percent = 100
    else:
        percent = int(done * 100 / total) if total else 0
    return {**counts, "total": total, "done": done, "percent": percent}


def languages():
    return [code for code, _name in settings.LANGUAGES]
