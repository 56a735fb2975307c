"""`manage.py warm_pages`: the most supported proposals' pages requested from a running server, as an anonymous
visitor would, so that the first visitors get them from the page cache."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from tests.factories import ProcessFactory, ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


def _state(live_server, proposal, language):
    with translation.override(language):
        url = proposal.get_absolute_url()
    return Client(HTTP_HOST=urlsplit(live_server.url).netloc).get(url).headers.get("X-Cache")


def _warm(live_server, language="en", **options):
    out = StringIO()
    with translation.override(language):  # the operator's language
        call_command("warm_pages", base_url=live_server.url, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_the_most_supported_pages_are_cached_in_each_language_and_not_twice(live_server, process):
    popular = ProposalFactory(process=process, support_count=9)
    quiet = ProposalFactory(process=process, support_count=1)
    ProposalFactory(process=process, support_count=50, hidden_at=timezone.now())  # hidden by the moderators
    ProposalFactory(process=process, support_count=40, status="draft", published_at=None, reference=None)
    ProposalFactory(process=ProcessFactory(is_published=False), support_count=30)  # an unpublished process

    output = _warm(live_server, languages="fr,en", limit=1)

    assert "2 pages requested" in output and "2 rendered into the cache" in output
    assert _state(live_server, popular, "fr") == "hit"
    assert _state(live_server, popular, "en") == "hit"
    assert _state(live_server, quiet, "fr") == "miss"  # beyond the limit: rendered for its first visitor

    output = _warm(live_server, "fr", languages="fr,en,es")
    # popular in fr and en, quiet in fr (just visited) are cached; popular in es, quiet in en and es are not
    assert "6 pages demandées" in output and "3 rendues dans le cache, 3 déjà en cache" in output


def test_bad_options_and_a_server_that_does_not_answer_are_said(live_server, process):
    ProposalFactory(process=process)
    with pytest.raises(CommandError, match="--base-url"):
        call_command("warm_pages", base_url="budget.example.org")
    with pytest.raises(CommandError, match="--languages"):
        _warm(live_server, languages="fr,xx")
    with pytest.raises(CommandError, match="No page could be fetched from http://127.0.0.1:9"):
        with translation.override("en"):
            call_command(
                "warm_pages", base_url="http://127.0.0.1:9", languages="fr", stdout=StringIO(), stderr=StringIO()
            )
