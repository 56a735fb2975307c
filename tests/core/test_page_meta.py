"""Every page describes itself to search engines and link previews, and pages are gzip'd."""

import gzip
import re

import pytest
from django.test import override_settings

from tests.factories import ProcessFactory, ProposalFactory, SitePageFactory

pytestmark = pytest.mark.django_db


def _meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert match, f"no {name} meta tag"
    return match.group(1)


def test_the_home_page_has_a_description_and_open_graph_tags(client):
    html = client.get("/en/").content.decode()
    assert "Participatory budgeting" in _meta(html, "name", "description")
    assert _meta(html, "property", "og:title")
    assert _meta(html, "property", "og:description") == _meta(html, "name", "description")
    assert _meta(html, "property", "og:url") == "http://testserver/en/"
    assert re.match(r"http://testserver/static/img/og-default[^\"]*\.png", _meta(html, "property", "og:image"))


def test_a_process_page_describes_the_process(client):
    process = ProcessFactory(title_en="Town budget", short_description_en="Ideas for the <town>, then a vote.")
    html = client.get(f"/en/processes/{process.slug}/").content.decode()
    assert _meta(html, "property", "og:title") == "Town budget"
    assert _meta(html, "name", "description") == "Ideas for the &lt;town&gt;, then a vote."


def test_a_proposal_page_describes_the_proposal(client):
    proposal = ProposalFactory(title="Un verger partagé", body="Planter des pommiers au parc. " * 20)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert _meta(html, "property", "og:title") == "Un verger partagé"
    description = _meta(html, "name", "description")
    assert description.startswith("Planter des pommiers au parc.") and len(description) <= 200


def test_a_site_page_description_is_its_text_without_tags(client):
    page = SitePageFactory(slug="faq", title_en="FAQ", body_en="<h2>Who?</h2><p>Anyone living here.</p>")
    html = client.get(page.get_absolute_url().replace("/fr/", "/en/")).content.decode()
    assert _meta(html, "name", "description") == "Who? Anyone living here."  # the blocks apart, not run together


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_pages_are_compressed_for_browsers_that_accept_gzip(client):
    response = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
    assert "Content-Encoding" not in client.get("/en/")  # without Accept-Encoding, plain HTML
