"""Writes of the newsletters: drafts, consent, the test send, and sending in batches.

Sending, and why a person never gets the same newsletter twice
---------------------------------------------------------------
`newsletter_send` moves the newsletter from draft to sending and creates one Delivery row per recipient (unique
per newsletter and person) in the same transaction. Celery then runs `deliveries_send_batch` again and again, in
NEWSLETTER_PARALLEL_BATCHES chains (each batch queues the next of its chain, with a countdown that keeps the rate):

1. **Claim**: one short transaction takes up to NEWSLETTER_BATCH_SIZE `pending` rows (`SELECT ... FOR UPDATE
   SKIP LOCKED` on PostgreSQL, so two workers never take the same row) and marks them `sending` with one shared
   `claimed_at` (the batch's identity).
2. **Send, in id order, one message at a time**: right after each SMTP call returns, that row alone is marked
   `sent` (or `failed`, or back to `pending` for a transient error within NEWSLETTER_MAX_ATTEMPTS). So at any
   moment, at most one row of a batch may have been handed to the SMTP server without being marked: the
   lowest-id row still `sending`.
3. **A worker that died** leaves its batch `sending`. Once the batch is older than NEWSLETTER_STALE_SECONDS,
   `deliveries_recover_stale` marks that lowest-id row `failed` ("interrupted: may have been sent", counted as
   failed, never resent) and puts the rows after it back to `pending`: they were never handed to the server.

This is at-most-once delivery: a crash costs at most one person per batch the newsletter (reported as failed),
and a `sent` or `sending` row is never sent again. When no row is `pending` or `sending`, the newsletter becomes
`sent`.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, get_connection
from django.db import transaction
from django.db.models import F, Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.background import enqueue
from apps.core.permissions import ensure_allowed
from apps.core.sanitize import assign_fields
from apps.core.services import audit_record

from .emails import Renderer, token_data
from .models import Delivery, Newsletter
from .pipeline import PIPELINE
from .selectors import consenting_users, segment_recipients

logger = logging.getLogger(__name__)

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
TRANSLATED = ("subject", "body", "image_alt")
FIELDS = (*(f"{name}_{code}" for name in TRANSLATED for code in LANGUAGES), "segment", "process", "district")
RICH_TEXT = frozenset(f"body_{code}" for code in LANGUAGES)
MAX_IMAGE_BYTES = 5 * 1024 * 1024
# Refused for good by the server: sending again would not help.
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, BadHeaderError, ValueError)
# Worth another attempt (a later batch takes the row again).
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, OSError)
INTERRUPTED = "interrupted: may have been sent"


def batch_size():
    return max(1, int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 100)))


def rate_per_minute():
    return max(0, int(getattr(settings, "NEWSLETTER_RATE_PER_MINUTE", 600)))


def parallel_batches():
    """How many batches of one newsletter run at once (each on its own worker process), sharing the rate."""
    return max(1, int(getattr(settings, "NEWSLETTER_PARALLEL_BATCHES", 2)))


def max_attempts():
    return max(1, int(getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 3)))


def stale_after():
    return timedelta(seconds=int(getattr(settings, "NEWSLETTER_STALE_SECONDS", 600)))


# --- drafts ------------------------------------------------------------------------------------------------------


def clean_newsletter_image(uploaded_file):
    """A checked, re-encoded image (by its content, never its name; metadata removed), or a ValidationError."""
    from apps.proposals.uploads import IMAGE_FORMATS, reencode_image, sniff

    if uploaded_file.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            {"image": _("This image is too large (%(size)s). The maximum is %(max)s.")
             % {"size": filesizeformat(uploaded_file.size), "max": filesizeformat(MAX_IMAGE_BYTES)}},
            code="file_too_large",
        )
    _kind, image_format = sniff(uploaded_file)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError({"image": _("Upload an image (JPG, PNG or WebP).")}, code="file_type")
    full, _thumbnail, _content_type = reencode_image(uploaded_file, image_format)
    return full


@transaction.atomic
def newsletter_save(*, actor, data, newsletter=None, image=None):
    """Create a draft (`newsletter` None) or change one. Process administrators write to the participants of a
    process they administer; site administrators to any segment."""
    creating = newsletter is None
    if creating:
        ensure_allowed("newsletters.view_newsletters", user=actor)
        newsletter = Newsletter(author=actor)
    else:
        newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        ensure_allowed("newsletters.manage_newsletter", user=actor, obj=newsletter)
        if not newsletter.is_draft:
            raise ValidationError(_("A newsletter that is being sent or was sent cannot be changed."))
    changed = assign_fields(newsletter, data, FIELDS, rich_text=RICH_TEXT)
    if image is not None:
        newsletter.image = clean_newsletter_image(image)
        changed.append("image")
    elif data.get("image_clear"):
        newsletter.image = ""
        changed.append("image")
    newsletter.full_clean()
    # The segment chosen must be one the actor may write to (a process they administer, unless site admin).
    ensure_allowed("newsletters.manage_newsletter", user=actor, obj=newsletter)
    newsletter.save()
    audit_record(
        actor=actor,
        action="newsletters.create" if creating else "newsletters.update",
        target=newsletter,
        data={"fields": sorted(set(changed)), "segment": newsletter.segment},
        process=newsletter.process,
    )
    return newsletter


def newsletter_status_set(*, newsletter, to, actor=None):
    """The ONLY writer of a newsletter's status: draft → sending → sent or stopped, nothing else. Call inside a
    transaction."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    before = newsletter.status
    if to not in Newsletter.Status.values:
        raise ValidationError({"status": _("Unknown status: %(status)s.") % {"status": to}})
    PIPELINE.check(before, to)
    now = timezone.now()
    newsletter.status = to
    if to == Newsletter.Status.SENDING:
        newsletter.sending_started_at = now
        newsletter.sent_by = actor
    if to == Newsletter.Status.SENT:
        newsletter.sent_at = now
    if to == Newsletter.Status.STOPPED:
        newsletter.stopped_at = now
    newsletter.save(
        update_fields=["status", "sending_started_at", "sent_by", "sent_at", "stopped_at", "updated_at"]
    )
    audit_record(
        actor=actor, action=f"newsletters.{to}", target=newsletter, data={"before": before, "after": to},
        process=newsletter.process,
    )
    return newsletter


@transaction.atomic
def newsletter_send(*, newsletter, actor):
    """Confirm and send: the recipients are fixed now (one Delivery row each), then Celery sends in batches."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    ensure_allowed("newsletters.manage_newsletter", user=actor, obj=newsletter)
    PIPELINE.check(newsletter.status, Newsletter.Status.SENDING)
    recipient_ids = list(segment_recipients(newsletter=newsletter).values_list("pk", flat=True))
    if not recipient_ids:
        raise ValidationError(_("Nobody in this segment has agreed to receive newsletters."))
    newsletter = newsletter_status_set(newsletter=newsletter, to=Newsletter.Status.SENDING, actor=actor)
    Delivery.objects.bulk_create(
        (Delivery(newsletter=newsletter, user_id=user_id) for user_id in recipient_ids),
        batch_size=2000,
        ignore_conflicts=True,
    )
    newsletter.recipients_count = Delivery.objects.filter(newsletter=newsletter).count()
    newsletter.save(update_fields=["recipients_count"])
    audit_record(
        actor=actor, action="newsletters.send", target=newsletter,
        data={"recipients": newsletter.recipients_count, "segment": newsletter.segment}, process=newsletter.process,
    )
    from .tasks import send_newsletter_batch

    # Several chains of batches share the work (claims skip each other's rows) and the rate.
    for _chain in range(parallel_batches()):
        enqueue(send_newsletter_batch, newsletter_id=newsletter.pk)
    return newsletter


@transaction.atomic
def newsletter_stop(*, newsletter, actor):
    """Stop a newsletter being sent (a mistake seen too late): the recipients still waiting are not sent it. A batch
    already handed to the mail server ends as it is; no batch starts after this (deliveries_send_batch). Returns the
    newsletter and how many recipients were left out."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    ensure_allowed("newsletters.manage_newsletter", user=actor, obj=newsletter)
    newsletter = newsletter_status_set(newsletter=newsletter, to=Newsletter.Status.STOPPED, actor=actor)
    left_out = Delivery.objects.filter(newsletter=newsletter, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.CANCELLED, claimed_at=None
    )
    audit_record(
        actor=actor, action="newsletters.stop", target=newsletter, data={"not_sent": left_out},
        process=newsletter.process,
    )
    return newsletter, left_out


def newsletter_send_test(*, newsletter, actor, language=None):
    """Send the newsletter to its author alone (subject marked "[Test]"), in their language or `language`."""
    ensure_allowed("newsletters.manage_newsletter", user=actor, obj=newsletter)
    if language is not None and language not in LANGUAGES:
        raise ValidationError(_("Unknown language."))
    Renderer(newsletter, test=True).message(actor, language=language).send()
    audit_record(
        actor=actor, action="newsletters.test_send", target=newsletter, data={"language": language or actor.language},
        process=newsletter.process,
    )


# --- consent -----------------------------------------------------------------------------------------------------


@transaction.atomic
def newsletter_consent_set(*, user, value):
    """The person's own choice (settings page, sign-up): receive newsletters or not."""
    value = bool(value)
    if user.newsletter_opt_in == value:
        return user
    user.newsletter_opt_in = value
    user.newsletter_opt_in_at = timezone.now() if value else None
    user.save(update_fields=["newsletter_opt_in", "newsletter_opt_in_at"])
    audit_record(actor=user, action="newsletters.opt_in" if value else "newsletters.opt_out", target=user)
    return user


@transaction.atomic
def newsletter_unsubscribe(*, token):
    """One-click unsubscribe from a newsletter's signed link: the person named by the token opts out (no session
    needed). Returns the user, or None for a token we did not sign or an address that changed since."""

    data = token_data(token)
    if data is None:
        return None
    user_id, email = data
    user = get_user_model().objects.select_for_update().filter(pk=user_id).first()
    if user is None or user.email.lower() != email:
        return None
    if user.newsletter_opt_in:
        user.newsletter_opt_in = False
        user.newsletter_opt_in_at = None
        user.save(update_fields=["newsletter_opt_in", "newsletter_opt_in_at"])
        audit_record(actor=None, action="newsletters.unsubscribe", target=user, data={"via": "link"})
    return user


# --- sending in batches ------------------------------------------------------------------------------------------


@transaction.atomic
def deliveries_recover_stale(*, newsletter_id, now=None):
    """Batches left `sending` by a worker that died (older than NEWSLETTER_STALE_SECONDS): the lowest-id row of
    each may have been handed to the server, so it is `failed` (never resent); the rows after it were not, so they
    go back to `pending`. Returns (failed, requeued)."""
    now = now or timezone.now()
    stale = Delivery.objects.select_for_update(skip_locked=True).filter(
        newsletter_id=newsletter_id, status=Delivery.Status.SENDING, claimed_at__lt=now - stale_after()
    )
    batches = {}
    for pk, claimed_at in stale.order_by("pk").values_list("pk", "claimed_at"):
        batches.setdefault(claimed_at, []).append(pk)
    if not batches:
        return 0, 0
    unknown = [pks[0] for pks in batches.values()]
    requeue = [pk for pks in batches.values() for pk in pks[1:]]
    Delivery.objects.filter(pk__in=unknown).update(status=Delivery.Status.FAILED, error=INTERRUPTED)
    Delivery.objects.filter(pk__in=requeue).update(status=Delivery.Status.PENDING, claimed_at=None)
    logger.warning("newsletter %s: %s interrupted deliveries failed, %s requeued", newsletter_id, len(unknown),
                   len(requeue))
    return len(unknown), len(requeue)


@transaction.atomic
def deliveries_claim(*, newsletter_id, size):
    """Take up to `size` pending rows for this worker: marked `sending` with one shared `claimed_at`."""
    now = timezone.now()
    ids = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(newsletter_id=newsletter_id, status=Delivery.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:size]
    )
    if ids:
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(Delivery.objects.filter(pk__in=ids).select_related("user").order_by("pk"))


def _mark(row, status, **fields):
    """Mark one claimed row (only while it is still `sending`: a row is never marked twice)."""
    return Delivery.objects.filter(pk=row.pk, status=Delivery.Status.SENDING).update(status=status, **fields)


def _still_consenting_ids(rows):
    ids = [row.user_id for row in rows]
    return set(consenting_users().filter(pk__in=ids).values_list("pk", flat=True))


def deliveries_send_batch(*, newsletter_id, size=None, die_after_claim=False):
    """Send one batch of a newsletter that is being sent; finish it when nothing is left.

    Returns {"claimed", "sent", "failed", "finished", "transient_error"}. `die_after_claim` is for the tests: it
    stops as a killed worker would, right after the claim (nothing sent, nothing marked)."""
    result = {"claimed": 0, "sent": 0, "failed": 0, "finished": False, "transient_error": False}
    newsletter = Newsletter.objects.filter(pk=newsletter_id).select_related("process").first()
    if newsletter is None or newsletter.status != Newsletter.Status.SENDING:
        result["finished"] = True
        return result
    deliveries_recover_stale(newsletter_id=newsletter_id)
    rows = deliveries_claim(newsletter_id=newsletter_id, size=size or batch_size())
    result["claimed"] = len(rows)
    if die_after_claim:
        raise SystemExit("worker killed after the claim (test)")
    if rows:
        _send_rows(newsletter, rows, result)
    result["finished"] = newsletter_finish_if_done(newsletter_id=newsletter_id)
    return result


def _send_rows(newsletter, rows, result):
    renderer = Renderer(newsletter)
    consenting = _still_consenting_ids(rows)
    connection = get_connection()
    try:
        connection.open()
    except TRANSIENT_ERRORS as error:
        # Nothing was handed to the server: the whole batch goes back, without spending an attempt.
        Delivery.objects.filter(pk__in=[r.pk for r in rows], status=Delivery.Status.SENDING).update(
            status=Delivery.Status.PENDING, claimed_at=None, attempts=F("attempts") - 1
        )
        logger.warning("newsletter %s: mail server unavailable (%s)", newsletter.pk, error)
        result["transient_error"] = True
        return
    try:
        for index, row in enumerate(rows):  # id order: see the module's docstring
            if row.user_id not in consenting:
                _mark(row, Delivery.Status.FAILED, error="unsubscribed or account closed before sending")
                result["failed"] += 1
                continue
            try:
                connection.send_messages([renderer.message(row.user)])
            except PERMANENT_ERRORS as error:
                _mark(row, Delivery.Status.FAILED, error=str(error)[:200])
                result["failed"] += 1
            except TRANSIENT_ERRORS as error:
                if row.attempts >= max_attempts():
                    _mark(row, Delivery.Status.FAILED, error=str(error)[:200])
                    result["failed"] += 1
                else:
                    _mark(row, Delivery.Status.PENDING, claimed_at=None, error=str(error)[:200])
                # The server is struggling: the rest of the batch was not tried, it goes back as it was.
                rest = [r.pk for r in rows[index + 1:]]
                Delivery.objects.filter(pk__in=rest, status=Delivery.Status.SENDING).update(
                    status=Delivery.Status.PENDING, claimed_at=None, attempts=F("attempts") - 1
                )
                result["transient_error"] = True
                return
            else:
                _mark(row, Delivery.Status.SENT, sent_at=timezone.now(), error="")
                result["sent"] += 1
    finally:
        try:
            connection.close()
        except TRANSIENT_ERRORS:
            pass


@transaction.atomic
def newsletter_finish_if_done(*, newsletter_id):
    """`sent` once no row is waiting or being sent. True when the newsletter is (now) sent."""
    newsletter = Newsletter.objects.select_for_update().filter(pk=newsletter_id).first()
    if newsletter is None or newsletter.status == Newsletter.Status.SENT:
        return True
    if newsletter.status != Newsletter.Status.SENDING:
        return False
    busy = Delivery.objects.filter(
        newsletter_id=newsletter_id, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    ).exists()
    if busy:
        return False
    newsletter_status_set(newsletter=newsletter, to=Newsletter.Status.SENT)
    return True


def newsletters_stalled(*, now=None):
    """Newsletters being sent with no batch claimed for NEWSLETTER_STALE_SECONDS (their worker died with its task):
    the beat task queues them again."""
    now = now or timezone.now()
    stalled = []
    for newsletter in Newsletter.objects.filter(status=Newsletter.Status.SENDING):
        last = Delivery.objects.filter(newsletter=newsletter).aggregate(last=Max("claimed_at"))["last"]
        last = max(filter(None, (last, newsletter.sending_started_at)), default=None)
        if last is None or last < now - stale_after():
            stalled.append(newsletter.pk)
    return stalled


def next_batch_delay(*, sent_in_batch, elapsed):
    """Seconds a chain waits before its next batch so that, together, the NEWSLETTER_PARALLEL_BATCHES chains keep
    to NEWSLETTER_RATE_PER_MINUTE (0: no limit)."""
    rate = rate_per_minute()
    if not rate:
        return 0
    return max(0.0, sent_in_batch * 60.0 * parallel_batches() / rate - elapsed)


# --- personal data -----------------------------------------------------------------------------------------------


def deliveries_export(user):
    return [
        {
            "newsletter": row.newsletter.subject,
            "status": row.status,
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }
        for row in Delivery.objects.filter(user=user).select_related("newsletter").order_by("pk")
    ]


def deliveries_erase(user):
    """Account deletion: the record of what was sent to the person goes, and so does their consent."""
    Delivery.objects.filter(user=user).delete()
    # (get_user_model(): `user` may be request.user, a lazy object whose type is not the model)
    get_user_model().objects.filter(pk=user.pk).update(newsletter_opt_in=False, newsletter_opt_in_at=None)
    user.newsletter_opt_in, user.newsletter_opt_in_at = False, None
