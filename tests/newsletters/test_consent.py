"""Consent: a box at sign-up and in the settings, unticked unless the person ticks it; one-click unsubscribe."""

import re

import pytest
from django.core import mail
from django.test import Client

from apps.accounts.models import User
from apps.core.models import AuditEntry
from apps.newsletters import services
from apps.newsletters.emails import unsubscribe_token
from tests.accounts.test_views import signup_data
from tests.factories import SitePageFactory, UserFactory

from .conftest import make_newsletter, opted_in


@pytest.fixture
def terms(db):
    from apps.spaces.selectors import forget_terms_version

    page = SitePageFactory(version="v1")
    forget_terms_version()
    return page


def test_the_signup_box_is_unticked_and_off_unless_ticked(client, terms):
    html = client.get("/en/accounts/signup/").content.decode()
    box = re.search(r'<input[^>]*name="newsletter_opt_in"[^>]*>', html).group(0)
    assert 'type="checkbox"' in box and "checked" not in box
    client.post("/fr/accounts/signup/", signup_data())
    assert User.objects.get(email="camille@example.org").newsletter_opt_in is False


def test_ticking_the_box_at_signup_opts_in(client, terms):
    client.post("/fr/accounts/signup/", signup_data(email="lea@example.org", newsletter_opt_in="on"))
    user = User.objects.get(email="lea@example.org")
    assert user.newsletter_opt_in is True and user.newsletter_opt_in_at is not None


def test_the_settings_page_turns_it_on_and_off(client, terms):
    from django.utils import timezone

    user = UserFactory(terms_version="v1", terms_accepted_at=timezone.now(), nickname="camille_d")
    client.force_login(user)
    html = client.get("/en/me/settings/").content.decode()
    assert 'name="profile-newsletter_opt_in"' in html
    data = {"profile-display_name": "Camille", "profile-nickname": "camille_d", "profile-language": "fr",
            "profile-email_frequency": "daily"}
    client.post("/fr/me/settings/", {**data, "profile-newsletter_opt_in": "on"})
    user.refresh_from_db()
    assert user.newsletter_opt_in is True
    client.post("/fr/me/settings/", data)
    user.refresh_from_db()
    assert user.newsletter_opt_in is False
    assert list(AuditEntry.objects.filter(action__startswith="newsletters.opt").values_list("action", flat=True)
                .order_by("pk")) == ["newsletters.opt_in", "newsletters.opt_out"]


def _received(site_admin, person):
    services.newsletter_send(newsletter=make_newsletter(), actor=site_admin)
    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    return message


def test_every_newsletter_carries_a_one_click_unsubscribe(site_admin):
    person = opted_in(language="en")
    message = _received(site_admin, person)
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(http[^>]+)>", header).group(1)
    assert url.startswith("http://testserver/en/newsletters/unsubscribe/") or "/en/newsletters/unsubscribe/" in url
    assert url in message.body and url in message.alternatives[0][0]


def test_the_link_asks_first_then_unsubscribes(site_admin):
    person = opted_in(language="en")
    token = unsubscribe_token(person)
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/en/newsletters/unsubscribe/{token}/")
    assert page.status_code == 200 and b"data-testid=\"unsubscribe-confirm\"" in page.content
    person.refresh_from_db()
    assert person.newsletter_opt_in is True  # opening the link (a mail scanner) changes nothing
    done = client.post(f"/en/newsletters/unsubscribe/{token}/")
    assert done.status_code == 200 and b"will receive no more newsletters" in done.content
    person.refresh_from_db()
    assert person.newsletter_opt_in is False


def test_the_mail_clients_one_click_post_needs_no_session_nor_csrf(site_admin):
    person = opted_in(language="fr")
    message = _received(site_admin, person)
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + url.split("/", 3)[3]
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.newsletter_opt_in is False
    assert AuditEntry.objects.filter(action="newsletters.unsubscribe").count() == 1
    # The next newsletter does not reach them.
    mail.outbox.clear()
    opted_in()
    services.newsletter_send(newsletter=make_newsletter(), actor=site_admin)
    assert [m for m in mail.outbox if m.to == [person.email]] == []


def test_a_forged_or_outdated_token_unsubscribes_nobody(db):
    person = opted_in()
    client = Client(enforce_csrf_checks=True)
    forged = unsubscribe_token(person)[:-2] + "xx"
    assert client.get(f"/fr/newsletters/unsubscribe/{forged}/").status_code == 400
    assert client.post(f"/fr/newsletters/unsubscribe/{forged}/").status_code == 400
    token = unsubscribe_token(person)
    person.email = "new-address@example.org"
    person.save()
    assert client.post(f"/fr/newsletters/unsubscribe/{token}/").status_code == 400
    person.refresh_from_db()
    assert person.newsletter_opt_in is True


def test_only_the_unsubscribe_view_skips_csrf(site_admin, process_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site_admin)
    newsletter = make_newsletter()
    assert client.post(f"/en/backoffice/newsletters/{newsletter.pk}/send/").status_code == 403
    assert client.post("/en/me/settings/", {}).status_code == 403


def test_download_my_data_and_deleting_the_account(site_admin):
    from apps.accounts.services import user_delete_account, user_export_data
    from apps.newsletters.models import Delivery
    from tests.factories import DEFAULT_PASSWORD

    person = opted_in(language="en")
    services.newsletter_send(newsletter=make_newsletter(), actor=site_admin)
    data = user_export_data(user=person)
    assert data["account"]["newsletter_opt_in"] is True
    assert data["newsletter_deliveries"] == [
        {"newsletter": "Des nouvelles du budget participatif", "status": "sent", "sent_at": data[
            "newsletter_deliveries"][0]["sent_at"]}
    ]
    user_delete_account(user=person, password=DEFAULT_PASSWORD)
    person.refresh_from_db()
    assert person.newsletter_opt_in is False and not Delivery.objects.filter(user=person).exists()
