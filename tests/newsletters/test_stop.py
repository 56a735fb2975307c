"""Stopping a newsletter while it is being sent, as the process administrator who sent it (never a superuser):
the people still waiting never get it, what was sent stays sent, and nothing restarts it."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils.translation import override

from apps.core.models import AuditEntry
from apps.newsletters import services
from apps.newsletters.models import Delivery, Newsletter
from tests.factories import ProcessRoleFactory, SupportFactory

from .conftest import make_newsletter, opted_in


@pytest.fixture
def sending(process, process_admin, monkeypatch, settings):
    """A newsletter to 5 participants of the process, its first batch of 2 sent, the rest waiting."""
    settings.NEWSLETTER_BATCH_SIZE = 2
    monkeypatch.setattr("apps.newsletters.services.enqueue", lambda task, **kwargs: None)  # no worker yet
    for _ in range(5):
        SupportFactory(proposal__process=process, user=opted_in(language="en"))
    newsletter = make_newsletter(segment=Newsletter.Segment.PROCESS, process=process)
    services.newsletter_send(newsletter=newsletter, actor=process_admin)
    services.deliveries_send_batch(newsletter_id=newsletter.pk)
    assert len(mail.outbox) == 2
    return newsletter


def test_the_sender_stops_it_and_the_rest_never_get_it(client, process_admin, sending):
    client.force_login(process_admin)
    detail = client.get(f"/en/backoffice/newsletters/{sending.pk}/").content.decode()
    assert 'data-testid="newsletter-stop"' in detail
    confirm = client.get(f"/en/backoffice/newsletters/{sending.pk}/stop/").content.decode()
    assert "has been sent to 2 of 5 people" in confirm
    assert "3 people are still waiting: they will not receive it." in confirm

    response = client.post(f"/en/backoffice/newsletters/{sending.pk}/stop/", follow=True)
    page = response.content.decode()
    assert "Sending has stopped: 3 people will not receive it." in page
    assert 'data-testid="figure-cancelled">3<' in page
    assert 'data-testid="newsletter-stop"' not in page
    sending.refresh_from_db()
    assert sending.status == Newsletter.Status.STOPPED and sending.stopped_at is not None
    statuses = sorted(sending.deliveries.values_list("status", flat=True))
    assert statuses == ["cancelled"] * 3 + ["sent"] * 2

    # A batch queued before the stop finds nothing to send.
    services.deliveries_send_batch(newsletter_id=sending.pk)
    assert len(mail.outbox) == 2
    entry = AuditEntry.objects.get(action="newsletters.stop")
    assert entry.actor == process_admin and entry.data == {"not_sent": 3}


@override("en")
def test_only_a_newsletter_being_sent_can_be_stopped(process, process_admin, sending):
    services.newsletter_stop(newsletter=sending, actor=process_admin)
    with pytest.raises(ValidationError, match="cannot go from Stopped to Stopped"):
        services.newsletter_stop(newsletter=sending, actor=process_admin)
    with pytest.raises(ValidationError, match="cannot go from Stopped to Sending"):
        services.newsletter_send(newsletter=sending, actor=process_admin)
    draft = make_newsletter(segment=Newsletter.Segment.PROCESS, process=process)
    with pytest.raises(ValidationError, match="cannot go from Draft to Stopped"):
        services.newsletter_stop(newsletter=draft, actor=process_admin)
    assert Delivery.objects.filter(newsletter=sending, status=Delivery.Status.CANCELLED).count() == 3


def test_a_draft_has_no_stop_page(client, process, process_admin):
    client.force_login(process_admin)
    draft = make_newsletter(segment=Newsletter.Segment.PROCESS, process=process)
    response = client.post(f"/en/backoffice/newsletters/{draft.pk}/stop/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Newsletter.Status.DRAFT


def test_another_process_admin_cannot_stop_it(client, sending):
    other = ProcessRoleFactory(role="admin").user
    client.force_login(other)
    assert client.post(f"/en/backoffice/newsletters/{sending.pk}/stop/").status_code == 403
    sending.refresh_from_db()
    assert sending.status == Newsletter.Status.SENDING
