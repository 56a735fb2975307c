"""The back-office screens, as the process administrator who does the work (never a superuser) and as staff given
the named permission."""

import pytest
from django.core import mail

from apps.newsletters.models import Delivery, Newsletter
from tests.factories import ProcessFactory, SupportFactory, UserFactory

from .conftest import make_newsletter, opted_in

DATA = {
    "subject_fr": "Le vote ouvre lundi", "subject_en": "Voting opens on Monday", "subject_es": "",
    "body_fr": "<p>Votez pour vos projets !</p>", "body_en": "<p>Vote for your projects!</p>", "body_es": "",
    "image_alt_fr": "", "image_alt_en": "", "image_alt_es": "",
}


@pytest.fixture
def agent_client(client, process_admin):
    client.force_login(process_admin)
    return client


def test_a_citizen_is_refused(client, db):
    client.force_login(UserFactory())
    assert client.get("/en/backoffice/newsletters/").status_code == 403
    assert client.get("/en/backoffice/newsletters/new/").status_code == 403


def test_a_process_admin_writes_previews_tests_and_sends_to_their_participants(agent_client, process, process_admin):
    supporter = opted_in(language="en")
    SupportFactory(user=supporter, proposal__process=process, proposal__status="published")
    opted_in()  # opted in, but never took part in this process
    form = agent_client.get("/en/backoffice/newsletters/new/").content.decode()
    assert 'name="district"' not in form and 'name="segment" value="process"' in form

    response = agent_client.post("/en/backoffice/newsletters/new/", {**DATA, "segment": "process",
                                                                      "process": process.pk})
    assert response.status_code == 302
    newsletter = Newsletter.objects.get()
    assert newsletter.author == process_admin and newsletter.is_draft

    detail = agent_client.get(f"/en/backoffice/newsletters/{newsletter.pk}/").content.decode()
    assert "1 person agreed to receive it" in detail
    preview = agent_client.get(f"/en/backoffice/newsletters/{newsletter.pk}/preview/en/")
    assert b"Vote for your projects!" in preview.content
    assert "script-src" not in preview["Content-Security-Policy"] and "default-src 'none'" in preview[
        "Content-Security-Policy"]
    spanish = agent_client.get(f"/en/backoffice/newsletters/{newsletter.pk}/preview/es/").content.decode()
    assert "Vote for your projects!" in spanish  # no Spanish text: English, then French, are the fallbacks

    agent_client.post(f"/en/backoffice/newsletters/{newsletter.pk}/test/", {"language": "en"})
    assert [(m.to, m.subject) for m in mail.outbox] == [([process_admin.email], "[Test] Voting opens on Monday")]

    confirm = agent_client.get(f"/en/backoffice/newsletters/{newsletter.pk}/send/").content.decode()
    assert "1 person" in confirm
    agent_client.post(f"/en/backoffice/newsletters/{newsletter.pk}/send/")
    assert [m.to for m in mail.outbox[1:]] == [[supporter.email]]
    progress = agent_client.get(f"/en/backoffice/newsletters/{newsletter.pk}/progress/").content.decode()
    assert 'value="100"' in progress and "hx-trigger" not in progress
    listing = agent_client.get("/en/backoffice/newsletters/").content.decode()
    assert "Voting opens on Monday" in listing


def test_a_process_admin_cannot_reach_other_segments(agent_client, process):
    other = ProcessFactory()
    response = agent_client.post("/en/backoffice/newsletters/new/", {**DATA, "segment": "process",
                                                                      "process": other.pk})
    assert response.status_code == 400  # not among the processes offered
    response = agent_client.post("/en/backoffice/newsletters/new/", {**DATA, "segment": "everyone"})
    assert response.status_code == 400
    assert not Newsletter.objects.exists()
    everyone = make_newsletter()
    of_other = make_newsletter(segment="process", process=other)
    for newsletter in (everyone, of_other):
        assert agent_client.get(f"/en/backoffice/newsletters/{newsletter.pk}/").status_code == 403
        assert agent_client.post(f"/en/backoffice/newsletters/{newsletter.pk}/send/").status_code == 403
    assert agent_client.get("/en/backoffice/newsletters/").content.decode().count("News of the participatory") == 0
    assert not Delivery.objects.exists()


def test_staff_with_the_named_permission_write_to_everyone_and_watch_progress(client, site_admin, monkeypatch):
    monkeypatch.setattr("apps.newsletters.services.enqueue", lambda task, **kwargs: None)
    opted_in()
    client.force_login(site_admin)
    response = client.post("/en/backoffice/newsletters/new/", {**DATA, "segment": "everyone"})
    newsletter = Newsletter.objects.get()
    assert response.status_code == 302 and newsletter.segment == "everyone"
    client.post(f"/en/backoffice/newsletters/{newsletter.pk}/send/")
    progress = client.get(f"/en/backoffice/newsletters/{newsletter.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in progress and 'value="0"' in progress
    assert client.get(f"/en/backoffice/newsletters/{newsletter.pk}/edit/").status_code == 302


def test_staff_without_the_permission_are_refused(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/en/backoffice/newsletters/").status_code == 403


def test_staff_given_only_the_newsletter_permission_find_their_way_in(client, site_admin):
    """No process role: the navbar's back-office link and the home's button still lead them to the newsletters."""
    client.force_login(site_admin)
    page = client.get("/en/").content.decode()
    assert 'href="/en/backoffice/"' in page
    home = client.get("/en/backoffice/")
    assert home.status_code == 200
    assert 'data-testid="backoffice-newsletters"' in home.content.decode()
    assert 'href="/en/backoffice/newsletters/"' in home.content.decode()


def test_plain_staff_see_no_newsletter_button(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert 'href="/en/backoffice/"' not in client.get("/en/").content.decode()
    assert client.get("/en/backoffice/").status_code == 403
