"""base.html's parts that are the same for every visitor of a language ({% shared_fragment %},
apps/core/templatetags/pb.py): rendered once per process and language, never with anything of the visitor."""

import re

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_fragment_sees_nothing_of_the_visitor_and_is_rendered_once_per_language():
    template = Template('{% load pb %}{% shared_fragment "t" %}[{{ user }}|{{ SITE_NAME }}]{% endshared_fragment %}')
    with override_settings(SITE_NAME="Villeneuve participe"):
        assert template.render(Context({"user": "Alice"})) == "[|Villeneuve participe]"
        assert template.render(Context({"user": "Bob"})) == "[|Villeneuve participe]"
        # A setting changed (as tests do): rendered afresh.
        with override_settings(SITE_NAME="Autre"):
            assert template.render(Context({})) == "[|Autre]"
    counting = Template('{% load pb i18n %}{% shared_fragment "t" %}{% trans "Contact" %}{% endshared_fragment %}')
    with translation.override("fr"):
        french = counting.render(Context({}))
    with translation.override("en"):
        assert counting.render(Context({})) == "Contact"
    with translation.override("fr"):
        assert counting.render(Context({})) == french


def test_every_page_keeps_what_is_the_visitors_own(client):
    alice, bob = UserFactory(display_name="Alice Martin"), UserFactory(display_name="Bob Durand")
    client.force_login(alice)
    first = client.get("/en/").content.decode()
    client.force_login(bob)
    second = client.get("/en/").content.decode()
    assert alice.public_name in first and alice.public_name not in second and bob.public_name in second
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page) for page in (first, second)]
    assert tokens[0] and tokens[1] and tokens[0][0] != tokens[1][0]
    # The navbar's links and the footer are the same, in the page's language.
    for page in (first, second):
        assert '<option value="en" lang="en" selected>' in page and 'href="/fr/' not in page
    french = client.get("/fr/").content.decode()
    assert '<option value="fr" lang="fr" selected>' in french and '<option value="en" lang="en" selected>' not in french
    assert 'href="/fr/' in french and 'href="/en/' not in french
