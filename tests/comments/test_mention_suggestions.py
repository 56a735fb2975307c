"""@mention autocomplete: the nicknames completing what is typed after "@", two characters at least, signed-in
participants only, rate-limited."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

URL = reverse("comments:mention_suggestions")


@pytest.fixture
def people():
    UserFactory(nickname="karim")
    UserFactory(nickname="karine_b")
    UserFactory(nickname="camille")
    UserFactory(nickname="kaori", is_active=False)


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory(nickname="lea"))
    return client


def test_suggestions_complete_the_mention_at_the_end_of_the_text(signed_in, people):
    html = signed_in.get(URL, {"body": "Bonjour @ka"}, **HTMX).content.decode()
    assert 'data-nickname="karim"' in html and 'data-nickname="karine_b"' in html
    assert "camille" not in html and "kaori" not in html  # no match, and an inactive account


def test_one_character_or_no_mention_finds_nobody(signed_in, people):
    assert "data-nickname" not in signed_in.get(URL, {"body": "Bonjour @k"}, **HTMX).content.decode()
    assert "data-nickname" not in signed_in.get(URL, {"body": "Bonjour ka"}, **HTMX).content.decode()
    assert "data-nickname" not in signed_in.get(URL, {"body": "écrire à lea@ka"}, **HTMX).content.decode()


def test_visitors_get_no_suggestions(client, people):
    assert client.get(URL, {"body": "@ka"}, **HTMX).status_code == 403


def test_suggestions_are_rate_limited(signed_in, people, settings):
    settings.MENTION_SEARCH_RATE_LIMIT = "2/60"
    assert signed_in.get(URL, {"q": "ka"}).status_code == 200
    assert signed_in.get(URL, {"q": "kar"}).status_code == 200
    assert signed_in.get(URL, {"q": "kari"}).status_code == 429


def test_the_comment_form_asks_for_suggestions_as_one_types(signed_in, process):
    from tests.factories import ProposalFactory

    proposal = ProposalFactory(process=process)
    html = signed_in.get(f"/en/processes/{process.slug}/proposals/{proposal.pk}/").content.decode()
    assert 'hx-get="/en/comments/mentions/"' in html and 'hx-trigger="input changed delay:300ms"' in html
