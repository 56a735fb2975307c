"""Section 8 (a): the XSS corpus through every text a participant (or an agent, for rich text) can enter, checked in
the rendered HTML, in the JSON given to the map scripts, and in e-mails."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.utils.html import escape

from apps.comments.services import comment_store
from apps.notifications.services import digests_send_all, follow_add
from apps.proposals.models import Proposal
from tests.factories import PhaseFactory, ProcessFactory, ProposalFactory, UserFactory

from .counts import count
from .payloads import PAYLOADS, json_blocks, live_markup

pytestmark = pytest.mark.django_db


def scan(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    html = response.content.decode()
    count("xss: pages scanned")
    return html, live_markup(html)


def test_the_checker_sees_every_payload_left_raw():
    """Guard on the checker itself: unescaped, every payload but the text-only ones is reported."""
    text_only = {"XSS26", "XSS28", "XSS32"}  # already escaped / JSON-escaped / a bare URL: live only if decoded
    count("xss: payloads", len(PAYLOADS))
    for payload in PAYLOADS:
        contexts = [f"<p>{payload}</p>", f'<input value="{payload}">', f"<input value='{payload}'>"]
        found = any(live_markup(html) for html in contexts)
        marker = next(m for m in (f"XSS{n:02d}" for n in range(1, 40)) if m in payload)
        assert found or marker in text_only, payload


@pytest.fixture
def stage(django_capture_on_commit_callbacks):
    """One published, geolocated proposal per payload (title, body, address), by an author whose display name is
    the payload, with a comment carrying the payload and a mention of `reader`, who follows every proposal and
    gets immediate e-mails. Rich text by agents: the process description holds every payload."""
    process = ProcessFactory(description="".join(f"<p>{p}</p>" for p in PAYLOADS), short_description=PAYLOADS[1])
    PhaseFactory(process=process)
    reader = UserFactory(nickname="reader", display_name="Reader", language="en", email_frequency="immediate")
    digest_reader = UserFactory(
        nickname="digest_reader", email="digest@example.org", language="en", email_frequency="daily"
    )
    proposals = []
    with django_capture_on_commit_callbacks(execute=True):
        for index, payload in enumerate(PAYLOADS):
            author = UserFactory(display_name=payload[:80], language="en")
            proposal = ProposalFactory(
                process=process,
                author=author,
                title=payload[:150],
                body=f"{payload}\n\nSecond paragraph {payload}",
                address=payload[:255],
                latitude=Decimal("50.600000") + Decimal(index) / 1000,
                longitude=Decimal("3.060000"),
            )
            follow_add(user=reader, target=proposal)
            follow_add(user=digest_reader, target=proposal)
            comment_store(
                target=proposal, process=process, parent=None, author=author,
                body=f"{payload} @reader", opinion="neutral",
            )
            proposals.append(proposal)
    return process, proposals, reader


def test_proposal_pages_lists_and_map_json_escape_every_payload(client, stage):
    process, proposals, _reader = stage
    base = f"/en/processes/{process.slug}"
    pages = [f"{base}/", f"{base}/proposals/?order=recent", f"{base}/proposals/?order=recent&page=2", "/en/"]
    for url in pages:
        assert scan(client, url)[1] == [], url
    for proposal in proposals:
        html, problems = scan(client, f"{base}/proposals/{proposal.pk}/")
        assert problems == [], (proposal.title, problems)
        assert escape(proposal.title) in html and escape(proposal.author.display_name) in html
        # The map's JSON holds the title as data, exactly.
        assert any(block.get("title") == proposal.title for block in json_blocks(html) if isinstance(block, dict))
        assert scan(client, f"{base}/proposals/{proposal.pk}/embed/")[1] == []
        assert scan(client, f"/en/u/{proposal.author.nickname}/")[1] == []
    html, problems = scan(client, f"{base}/proposals/?view=map")
    assert problems == []
    (points,) = json_blocks(html)
    assert {point["title"] for point in points} == {p.title for p in proposals}
    count("xss: texts entered", len(proposals) * 5)  # title, body, address, display name, comment


def test_search_and_filters_reflect_payloads_escaped(client, stage):
    process, _proposals, _reader = stage
    for payload in PAYLOADS:
        url = f"/en/processes/{process.slug}/proposals/"
        assert scan(client, url, data={"q": payload, "order": payload, "page": payload})[1] == [], payload


def test_notifications_page_and_emails_escape_every_payload(client, stage):
    _process, _proposals, reader = stage
    # Immediate e-mails were sent while the stage was built; the daily digest goes now.
    digests_send_all()
    assert any(message.to == ["digest@example.org"] for message in mail.outbox), "the daily digest was sent"
    client.force_login(reader)
    for page in (1, 2, 3, 4):
        response = client.get("/en/notifications/", {"page": page})
        if response.status_code == 404:
            break
        count("xss: pages scanned")
        assert live_markup(response.content.decode()) == []
    assert mail.outbox, "the reader gets immediate e-mails"
    for message in mail.outbox:
        count("xss: e-mails scanned")
        assert "\n" not in message.subject
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert live_markup(content) == [], message.subject


def test_wizard_and_edit_forms_show_payloads_as_values(client):
    process = ProcessFactory()
    PhaseFactory(process=process)
    author = UserFactory(display_name=PAYLOADS[0], terms_version="", language="en")
    client.force_login(author)
    scanned = 0
    for payload in PAYLOADS:
        draft = ProposalFactory(
            process=process, author=author, status=Proposal.Status.DRAFT, published_at=None, reference=None,
            title=payload[:150], body=payload, address=payload[:255], wizard_step=4,
        )
        for step in (1, 3, 4):
            url = f"/en/processes/{process.slug}/proposals/{draft.pk}/draft/{step}/"
            response = client.get(url)
            if response.status_code == 302:  # terms of use first, in some set-ups
                continue
            count("xss: pages scanned")
            scanned += 1
            assert response.status_code == 200, url
            assert live_markup(response.content.decode()) == [], (url, payload)
            assert escape(payload[:150]) in response.content.decode()
    assert scanned == 3 * len(PAYLOADS)


def test_display_names_entered_in_the_settings_form_are_escaped_and_markup_nicknames_refused(client):
    user = UserFactory(language="en", nickname="plain_nick")
    client.force_login(user)
    for payload in PAYLOADS:
        response = client.post(
            "/en/me/settings/",
            {
                "action": "profile",
                "profile-display_name": payload[:80],
                "profile-nickname": payload[:30],
                "profile-language": "en",
                "profile-email_frequency": "never",
            },
        )
        count("xss: texts entered", 2)
        assert response.status_code == 200  # the nickname is refused, the form comes back
        assert live_markup(response.content.decode()) == []
        user.refresh_from_db()
        assert user.nickname == "plain_nick"
        response = client.post(
            "/en/me/settings/",
            {
                "action": "profile",
                "profile-display_name": payload[:80],
                "profile-nickname": "plain_nick",
                "profile-language": "en",
                "profile-email_frequency": "never",
            },
        )
        assert response.status_code == 302, payload
        user.refresh_from_db()
        assert user.display_name == payload[:80].strip()
        assert scan(client, "/en/u/plain_nick/")[1] == []


@override_settings(CONTACT_RATE_LIMIT="1000/60", CONTACT_EMAILS=["organisers@example.org"])
def test_contact_form_payloads_stay_text_in_the_form_and_the_email(client, django_capture_on_commit_callbacks):
    for payload in PAYLOADS:
        data = {"name": payload[:100], "email": "visitor@example.org", "subject": payload, "message": payload}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/en/contact/", data, follow=True)
        count("xss: texts entered", 3)
        assert live_markup(response.content.decode()) == []
        # A form error (if any) shows the values back escaped.
        assert live_markup(client.post("/en/contact/", {**data, "email": "nope"}).content.decode()) == []
    assert len(mail.outbox) == len(PAYLOADS)
    for message in mail.outbox:
        count("xss: e-mails scanned")
        assert "\n" not in message.subject
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert live_markup(content) == []


def test_event_pages_agenda_calendar_map_feeds_and_emails_escape_every_payload(client, monkeypatch):
    """Events: a participant's title, description, place, hints, registration question and answer, an organiser's
    report (rich text), cancel reason and organisations; the e-mails and the iCal text carry them as text."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.core import background
    from apps.events import services as event_services
    from tests.events.factories import EventFactory

    monkeypatch.setattr("apps.events.services.enqueue", lambda task, **kw: background.send(task, **kw))
    process = ProcessFactory()
    PhaseFactory(process=process)
    start = timezone.now() + timedelta(days=2)
    events = []
    for index, payload in enumerate(PAYLOADS):
        event = EventFactory(
            process=process, author=UserFactory(display_name=payload[:80]), is_official=False,
            title=payload[:150], title_en=payload[:150], description=payload, description_en=payload,
            place_name=payload[:150], location_hints_en=payload, registration_question_en=payload[:200],
            latitude=Decimal("50.600000") + Decimal(index) / 1000, longitude=Decimal("3.060000"),
            start_at=start + timedelta(hours=index), end_at=start + timedelta(hours=index + 1),
        )
        event_services.registration_create(event=event, user=UserFactory(language="en"), answer=payload)
        events.append(event)
    month = timezone.localtime(start).strftime("%Y-%m")
    base = f"/en/processes/{process.slug}/events/"
    pages = (base, f"{base}?view=map", f"{base}?view=calendar&month={month}", "/en/events/")
    for url in (*pages, f"/en/processes/{process.slug}/"):
        assert scan(client, url)[1] == [], url
    for event in events:
        html, problems = scan(client, f"{base}{event.pk}/")
        assert problems == [], (event.title, problems)
    for message in mail.outbox:
        assert live_markup(message.alternatives[0][0]) == [], message.subject
    count("xss: texts entered", len(events) * 7)
