"""Sending in batches: each recipient in their language, figures, retries, and never twice, even when a worker
dies in the middle of a batch."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from django.utils.translation import override

from apps.core.models import AuditEntry
from apps.newsletters import services, tasks
from apps.newsletters.models import Delivery, Newsletter
from apps.newsletters.selectors import delivery_figures

from .conftest import make_newsletter, opted_in


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_everyone_gets_it_once_in_their_own_language(site_admin, settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    people = [opted_in(language=language) for language in ("fr", "en", "es", "fr", "en")]
    newsletter = make_newsletter()
    services.newsletter_send(newsletter=newsletter, actor=site_admin)

    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENT and newsletter.recipients_count == 5
    assert len(mail.outbox) == 5
    subjects = {"fr": "Des nouvelles du budget participatif", "en": "News of the participatory budget",
                "es": "Noticias del presupuesto participativo"}
    for person in people:
        (message,) = sent_to(person.email)
        assert message.subject == subjects[person.language]
        html = message.alternatives[0][0]
        assert {"fr": "Bonjour", "en": "Hello everyone", "es": "Hola a todos"}[person.language] in html
        assert f'lang="{person.language}"' in html
    assert delivery_figures(newsletter=newsletter) | {} == {
        "pending": 0, "sending": 0, "sent": 5, "failed": 0, "cancelled": 0, "total": 5, "done": 5, "percent": 100,
    }
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"newsletters.send", "newsletters.sending", "newsletters.sent"} <= actions


@override("en")
def test_a_newsletter_is_sent_once_and_never_goes_back(site_admin):
    opted_in()
    newsletter = make_newsletter()
    services.newsletter_send(newsletter=newsletter, actor=site_admin)
    with pytest.raises(ValidationError, match="cannot go from Sent to Sending"):
        services.newsletter_send(newsletter=newsletter, actor=site_admin)
    with pytest.raises(ValidationError, match="cannot go from Sent to Draft"):
        services.newsletter_status_set(newsletter=newsletter, to=Newsletter.Status.DRAFT)
    draft = make_newsletter()
    with pytest.raises(ValidationError, match="cannot go from Draft to Sent"):
        services.newsletter_status_set(newsletter=draft, to=Newsletter.Status.SENT)
    with pytest.raises(ValidationError):
        services.newsletter_save(actor=site_admin, newsletter=newsletter, data={"subject_fr": "Autre chose"})
    assert len(mail.outbox) == 1


@override("en")
def test_nobody_opted_in_means_nothing_to_send(site_admin):
    newsletter = make_newsletter()
    with pytest.raises(ValidationError, match="Nobody in this segment"):
        services.newsletter_send(newsletter=newsletter, actor=site_admin)
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT


def test_someone_who_unsubscribes_while_sending_is_skipped(site_admin, monkeypatch):
    monkeypatch.setattr("apps.newsletters.services.enqueue", lambda task, **kwargs: None)
    stays, leaves = opted_in(), opted_in()
    newsletter = services.newsletter_send(newsletter=make_newsletter(), actor=site_admin)
    services.newsletter_consent_set(user=leaves, value=False)
    tasks.send_newsletter_batch.apply(kwargs={"newsletter_id": newsletter.pk})
    assert [m.to for m in mail.outbox] == [[stays.email]]
    assert Delivery.objects.get(user=leaves).status == Delivery.Status.FAILED


def _queued(site_admin, monkeypatch, count):
    """A newsletter whose sending started (its rows created) but whose task was not run yet."""
    monkeypatch.setattr("apps.newsletters.services.enqueue", lambda task, **kwargs: None)
    people = [opted_in() for _ in range(count)]
    newsletter = services.newsletter_send(newsletter=make_newsletter(), actor=site_admin)
    assert Delivery.objects.filter(newsletter=newsletter, status="pending").count() == count
    return newsletter, people


def _age_claims(newsletter, settings):
    Delivery.objects.filter(newsletter=newsletter, status="sending").update(
        claimed_at=timezone.now() - timedelta(seconds=settings.NEWSLETTER_STALE_SECONDS + 1)
    )


def _each_at_most_once(people):
    for person in people:
        assert len(sent_to(person.email)) <= 1, f"{person.email} got the newsletter twice"


def test_a_worker_that_dies_after_claiming_never_causes_a_second_send(site_admin, monkeypatch, settings):
    newsletter, people = _queued(site_admin, monkeypatch, 7)
    with pytest.raises(SystemExit):
        services.deliveries_send_batch(newsletter_id=newsletter.pk, size=3, die_after_claim=True)
    assert Delivery.objects.filter(newsletter=newsletter, status="sending").count() == 3

    # Restarted at once: the dead worker's batch is left alone (it may still be running somewhere).
    tasks.send_newsletter_batch.apply(kwargs={"newsletter_id": newsletter.pk})
    assert len(mail.outbox) == 4
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENDING

    # Once the batch is stale, it is recovered: its first row may have been in flight (failed, never resent),
    # the rows after it had not been tried (sent now).
    _age_claims(newsletter, settings)
    tasks.send_newsletter_batch.apply(kwargs={"newsletter_id": newsletter.pk})
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENT
    _each_at_most_once(people)
    assert len(mail.outbox) == 6
    failed = Delivery.objects.get(newsletter=newsletter, status="failed")
    assert failed.error == services.INTERRUPTED
    assert delivery_figures(newsletter=newsletter)["sent"] == 6


class DiesOnThirdMessage(EmailBackend):
    """Hands two messages to the server, then the worker is killed while handing over the third."""

    def send_messages(self, messages):
        if len(mail.outbox) == 2:
            mail.outbox.append(messages[0])  # the server got it...
            raise SystemExit("killed")  # ...but the worker never marked it sent
        return super().send_messages(messages)


def test_a_worker_killed_mid_batch_after_the_server_took_a_message(site_admin, monkeypatch, settings):
    newsletter, people = _queued(site_admin, monkeypatch, 6)
    settings.EMAIL_BACKEND = "tests.newsletters.test_sending.DiesOnThirdMessage"
    with pytest.raises(SystemExit):
        services.deliveries_send_batch(newsletter_id=newsletter.pk, size=5)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert Delivery.objects.filter(newsletter=newsletter, status="sent").count() == 2
    _age_claims(newsletter, settings)
    tasks.send_newsletter_batch.apply(kwargs={"newsletter_id": newsletter.pk})

    _each_at_most_once(people)
    assert len(mail.outbox) == 6  # the third person got it once (before the crash), everybody else once
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENT
    figures = delivery_figures(newsletter=newsletter)
    assert (figures["sent"], figures["failed"]) == (5, 1)  # the unknown one is counted failed, not resent


class FlakyServer(EmailBackend):
    """Refuses every first attempt to one address with a transient error."""

    refused = set()

    def send_messages(self, messages):
        address = messages[0].to[0]
        if address.startswith("flaky") and address not in self.refused:
            FlakyServer.refused.add(address)
            raise smtplib.SMTPServerDisconnected("try again later")
        return super().send_messages(messages)


def test_transient_errors_are_retried_with_a_count(site_admin, settings):
    settings.EMAIL_BACKEND = "tests.newsletters.test_sending.FlakyServer"
    FlakyServer.refused = set()
    opted_in(email="flaky@example.org")
    opted_in()
    newsletter = make_newsletter()
    services.newsletter_send(newsletter=newsletter, actor=site_admin)
    # Eager Celery does not wait in the request: the beat task takes the newsletter up again.
    tasks.send_newsletter_batch.apply(kwargs={"newsletter_id": newsletter.pk})
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENT
    assert len(sent_to("flaky@example.org")) == 1
    assert Delivery.objects.get(user__email="flaky@example.org").attempts == 2


def test_permanent_refusals_and_too_many_attempts_fail(site_admin, settings, monkeypatch):
    settings.NEWSLETTER_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.newsletters.test_sending.FlakyServer"
    FlakyServer.refused = set()
    opted_in(email="flaky@example.org")
    newsletter = services.newsletter_send(newsletter=make_newsletter(), actor=site_admin)
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENT
    assert delivery_figures(newsletter=newsletter)["failed"] == 1
    assert mail.outbox == []


def test_the_pace_follows_the_rate_per_minute(settings):
    settings.NEWSLETTER_RATE_PER_MINUTE = 600
    settings.NEWSLETTER_PARALLEL_BATCHES = 1
    assert services.next_batch_delay(sent_in_batch=100, elapsed=4) == 6
    settings.NEWSLETTER_PARALLEL_BATCHES = 2  # two chains at 300 a minute each
    assert services.next_batch_delay(sent_in_batch=100, elapsed=4) == 16
    settings.NEWSLETTER_RATE_PER_MINUTE = 0
    assert services.next_batch_delay(sent_in_batch=100, elapsed=0) == 0


def test_a_stalled_newsletter_is_taken_up_again(site_admin, monkeypatch, settings):
    newsletter, people = _queued(site_admin, monkeypatch, 3)
    Newsletter.objects.filter(pk=newsletter.pk).update(sending_started_at=timezone.now() - timedelta(hours=1))
    assert services.newsletters_stalled() == [newsletter.pk]
    tasks.resume_stalled_newsletters.apply()
    assert len(mail.outbox) == 3 and services.newsletters_stalled() == []


def test_the_test_send_goes_to_the_author_only(process_admin, process):
    opted_in()
    newsletter = make_newsletter(segment="process", process=process)
    services.newsletter_send_test(newsletter=newsletter, actor=process_admin, language="es")
    (message,) = mail.outbox
    assert message.to == [process_admin.email]
    assert message.subject == "[Prueba] Noticias del presupuesto participativo"  # in Spanish, prefix included
    assert not Delivery.objects.exists()


def test_drafts_are_sanitised_and_a_process_admin_writes_to_their_process_only(process_admin, process):
    from tests.factories import ProcessFactory

    data = {"subject_fr": "Réunion", "body_fr": '<p onclick="x()">Venez</p><script>alert(1)</script>',
            "segment": "process", "process": process}
    newsletter = services.newsletter_save(actor=process_admin, data=data)
    assert newsletter.body_fr == "<p>Venez</p>"
    for segment, other in (("everyone", None), ("process", ProcessFactory())):
        with pytest.raises(PermissionDenied):
            services.newsletter_save(actor=process_admin, data={**data, "segment": segment, "process": other})


@override("en")
def test_images_are_checked_by_their_content(site_admin):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    data = {"subject_fr": "Avec image", "body_fr": "<p>Voir.</p>", "segment": "everyone"}
    fake = SimpleUploadedFile("photo.png", b"<?php echo 1; ?>", content_type="image/png")
    with pytest.raises(ValidationError, match="Upload an image"):
        services.newsletter_save(actor=site_admin, data=data, image=fake)
    buffer = BytesIO()
    Image.new("RGB", (40, 20), "red").save(buffer, format="PNG")
    image = SimpleUploadedFile("banner.png", buffer.getvalue(), content_type="image/png")
    newsletter = services.newsletter_save(actor=site_admin, data=data, image=image)
    assert newsletter.image.name.startswith("newsletters/") and newsletter.image.name.endswith(".png")
