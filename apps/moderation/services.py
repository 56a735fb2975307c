"""Writes of moderation: reports, automatic hiding, the moderators' decisions and blocks.

Every service asks the same named rule as its view, validates, runs in one transaction and writes one audit
entry with the state before and after. Content is hidden through the content contract
(`Content.set_hidden`, apps/core/content.py): no content app is imported here.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core import content
from apps.core.abuse import ensure_within_rate
from apps.core.pagecache import bump_site
from apps.core.permissions import ensure_allowed
from apps.core.services import audit_record
from apps.notifications import services as notification_services
from apps.spaces.models import ProcessRole

from .models import PIPELINE, Block, ModeratedItem, Report, moderation_settings_for


def _state(item):
    return {"status": item.status, "hidden": item.hidden_at is not None}


def _item_for(target, entry):
    """The case about `target`, created on its first report; locked for the rest of the transaction."""
    content_type = ContentType.objects.get_for_model(target)
    lookup = {"content_type": content_type, "object_id": target.pk}
    item = ModeratedItem.objects.select_for_update().filter(**lookup).first()
    if item is not None:
        return item
    process = entry.process_of(target)
    author_id = entry.author_id_of(target)
    item = ModeratedItem(
        **lookup,
        process=process,
        author_id=author_id,
        url=entry.url_of(target)[:500],
        hidden_at=getattr(target, "hidden_at", None),
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        # Another first report of the same item was saved meanwhile (SQLite has no row lock): use it.
        item = ModeratedItem.objects.select_for_update().get(**lookup)
    return item


def _set_hidden(item, target, *, hidden_at, reason):
    entry = content.content_for(target)
    if entry is None or not entry.hideable:
        raise ValidationError(_("This kind of content cannot be hidden."))
    entry.set_hidden(target, hidden_at=hidden_at, reason=reason)
    # Hidden (or shown again) at once on every cached page (its own, the lists, the agenda, the home page): a
    # moderator's decision is rare enough to start every page afresh (apps/core/pagecache.py).
    bump_site()
    item.hidden_at = hidden_at


@transaction.atomic
def report_create(*, user, target, reason, text=""):
    """One report per person and item; the item hides itself after the process's threshold of reports."""
    ensure_allowed("moderation.report_content", user=user, obj=target)
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    text = (text or "").strip()
    ensure_within_rate(
        key=f"moderation:report:{user.pk}",
        rate=settings.REPORT_RATE_LIMIT,
        message=_("You have sent many reports in a short time. Please wait a little."),
    )
    entry = content.content_for(target)
    item = _item_for(target, entry)
    if Report.objects.filter(item=item, reporter=user).exists():
        raise ValidationError(_("You have already reported this."), code="duplicate")
    report = Report(item=item, reporter=user, reason=reason, text=text)
    report.full_clean(exclude=["item", "reporter"], validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as duplicate:  # the same person's simultaneous second report
        raise ValidationError(_("You have already reported this."), code="duplicate") from duplicate
    before = _state(item)
    now = timezone.now()
    item.report_count = Report.objects.filter(item=item).count()
    item.last_reported_at = now
    if item.status == ModeratedItem.Status.DISMISSED:
        PIPELINE.check(item.status, ModeratedItem.Status.PENDING)
        item.status = ModeratedItem.Status.PENDING
    threshold = moderation_settings_for(item.process).hide_threshold if item.process_id else None
    auto_hide = (
        threshold is not None
        and entry.hideable
        and item.decided_at is None  # a moderator's decision is not overruled by more reports
        and item.hidden_at is None
        and item.report_count >= threshold
    )
    if auto_hide:
        _set_hidden(item, target, hidden_at=now, reason="")
        item.auto_hidden = True
    item.save()
    audit_record(actor=user, action="moderation.report", target=item, data={"reason": reason, "report_id": report.pk})
    if auto_hide:
        audit_record(
            actor=None,
            action="moderation.auto_hide",
            target=item,
            data={"before": before, "after": _state(item), "threshold": threshold},
        )
    _notify_moderators(item=item, target=target, reporter=user)
    return report


def moderator_ids(item):
    """Who is told about a new report: the process's moderators (site administrators for participants)."""
    if item.process_id is None:
        ids = set(User.objects.filter(is_superuser=True).values_list("pk", flat=True))
    else:
        ids = set(
            ProcessRole.objects.filter(process_id=item.process_id, role=ProcessRole.Role.MODERATOR).values_list(
                "user_id", flat=True
            )
        )
    ids.discard(item.author_id)  # nobody moderates their own content
    return ids


def _notify_moderators(*, item, target, reporter):
    ids = moderator_ids(item)
    ids.discard(reporter.pk)
    if ids:
        notification_services.notify_content_reported(
            target=target,
            recipient_ids=ids,
            url_for=lambda: reverse("moderation:item", kwargs={"pk": item.pk}),
            hidden=item.hidden_at is not None,
        )


def _decide(item, *, actor, to_status, action, justification="", only_from=None, refusal=""):
    ensure_allowed("moderation.moderate_item", user=actor, obj=item)
    item = ModeratedItem.objects.select_for_update().get(pk=item.pk)  # the state as it is now, locked
    ensure_allowed("moderation.moderate_item", user=actor, obj=item)
    if only_from is not None and item.status != only_from:
        raise ValidationError(refusal)
    PIPELINE.check(item.status, to_status)
    before = _state(item)
    target = item.target
    now = timezone.now()
    if to_status == ModeratedItem.Status.HIDDEN:
        if target is None:
            raise ValidationError(_("This content no longer exists."))
        _set_hidden(item, target, hidden_at=item.hidden_at or now, reason=justification)
    elif item.hidden_at is not None and target is not None:
        _set_hidden(item, target, hidden_at=None, reason="")
    item.status = to_status
    item.justification = justification
    item.decided_by = actor
    item.decided_at = now
    item.full_clean(exclude=["content_type", "process", "author", "decided_by"])
    item.save()
    audit_record(
        actor=actor,
        action=action,
        target=item,
        data={"before": before, "after": _state(item), "justification": justification},
    )
    return item


@transaction.atomic
def item_hide(*, actor, item, justification):
    """Hide (or confirm the automatic hiding of) the content, with a justification its author will read."""
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError({"justification": _("Say why this is hidden: its author will read it.")})
    return _decide(
        item, actor=actor, to_status=ModeratedItem.Status.HIDDEN, action="moderation.hide", justification=justification
    )


@transaction.atomic
def item_unhide(*, actor, item):
    """Show hidden content again; its reports are set aside (the item goes to "dismissed")."""
    return _decide(
        item,
        actor=actor,
        to_status=ModeratedItem.Status.DISMISSED,
        action="moderation.unhide",
        only_from=ModeratedItem.Status.HIDDEN,
        refusal=_("Only hidden content can be shown again."),
    )


@transaction.atomic
def item_dismiss(*, actor, item):
    """The reports are unfounded: the content stays (or is shown again if it hid itself)."""
    return _decide(
        item,
        actor=actor,
        to_status=ModeratedItem.Status.DISMISSED,
        action="moderation.dismiss",
        only_from=ModeratedItem.Status.PENDING,
        refusal=_("Only pending reports can be dismissed."),
    )


def _hide_everything_of(user, *, actor, reason):
    """Hide every visible item of `user`'s content (each registered content type that can be hidden)."""
    now = timezone.now()
    hidden = 0
    for entry in content.registered():
        if not entry.hideable or entry.by_author is None:
            continue
        for target in entry.by_author(user.pk).filter(hidden_at__isnull=True):
            item = _item_for(target, entry)
            _set_hidden(item, target, hidden_at=now, reason=reason)
            item.status = ModeratedItem.Status.HIDDEN
            item.justification = reason
            item.decided_by = actor
            item.decided_at = now
            item.save()
            hidden += 1
    return hidden


@transaction.atomic
def user_block(*, actor, user, reason, hide_content=False):
    """Block a participant: no log-in, no participation; optionally hide all their content at once."""
    user = User.objects.select_for_update().get(pk=user.pk)  # the state as it is now, locked
    ensure_allowed("moderation.block_user", user=actor, obj=user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this participant is blocked.")})
    block = Block(user=user, blocked_by=actor, reason=reason, content_hidden=bool(hide_content))
    block.full_clean(exclude=["user", "blocked_by"])
    block.save()
    user.blocked_at = block.created_at
    user.blocked_reason = reason
    user.save(update_fields=["blocked_at", "blocked_reason"])
    hidden = _hide_everything_of(user, actor=actor, reason=reason) if hide_content else 0
    audit_record(
        actor=actor,
        action="moderation.block",
        target=user,
        data={"before": {"blocked": False}, "after": {"blocked": True}, "reason": reason, "hidden_items": hidden},
    )
    return block


@transaction.atomic
def user_unblock(*, actor, user):
    """Lift the block: the participant may log in and take part again (hidden content stays hidden)."""
    user = User.objects.select_for_update().get(pk=user.pk)  # the state as it is now, locked
    ensure_allowed("moderation.unblock_user", user=actor, obj=user)
    now = timezone.now()
    Block.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=now, lifted_by=actor)
    user.blocked_at = None
    user.blocked_reason = ""
    user.save(update_fields=["blocked_at", "blocked_reason"])
    audit_record(
        actor=actor,
        action="moderation.unblock",
        target=user,
        data={"before": {"blocked": True}, "after": {"blocked": False}},
    )
    return user
