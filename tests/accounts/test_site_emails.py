"""Issue 12 §4: allauth's e-mails name the site (SITE_NAME, SITE_URL's host), never Django's "example.com"."""

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.test import override_settings

from apps.core.services import site_sync
from apps.core.sites import site_domain, site_values
from tests.accounts.test_views import signup_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000"),
        ("http://127.0.0.1:8101/", "127.0.0.1:8101"),
        ("https://Budget.Ville.FR/", "budget.ville.fr"),
        ("budget.example.org", "budget.example.org"),
    ],
)
def test_domain_from_site_url(url, domain):
    assert site_domain(url) == domain


def test_the_migration_set_the_site_from_the_settings(settings):
    site = Site.objects.get(pk=settings.SITE_ID)
    assert site.domain != "example.com"
    assert (site.domain, site.name) == tuple(
        site_values(site_url=settings.SITE_URL, site_name=settings.SITE_NAME).values()
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_confirmation_email_names_the_site(client, terms, language):
    with override_settings(SITE_URL="http://127.0.0.1:8101", SITE_NAME="Villeneuve-sur-Lys participe"):
        site_sync()  # what seed_demo does on every `make run HOST=127.0.0.1:8101`
        client.post(f"/{language}/accounts/signup/", signup_data(language=language))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("[Villeneuve-sur-Lys participe] ")
    expected = {"fr": "Confirmez votre adresse e-mail", "en": "Please Confirm Your Email Address"}[language]
    assert expected.lower() in message.subject.lower()
    assert "example.com" not in message.subject
    assert "example.com" not in message.body
    assert "Villeneuve-sur-Lys participe" in message.body


def test_site_sync_is_idempotent(settings):
    first = site_sync()
    second = site_sync()
    assert first.pk == second.pk == settings.SITE_ID
    assert Site.objects.count() == 1
