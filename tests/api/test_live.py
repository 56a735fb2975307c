"""Real HTTP calls (httpx) against a running server: the API gives the figures the pages show."""

import re

import httpx
import pytest

from apps.proposals.models import Proposal
from apps.supports.models import Support
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _page_text(html):
    return re.sub(r"\s+", " ", html)


def test_a_journalist_with_curl_gets_what_the_pages_show(world, live_server):
    for user in UserFactory.create_batch(3):
        Support.objects.create(user=user, proposal=world.published, process=world.process)
    Proposal.objects.filter(pk=world.published.pk).update(support_count=3)
    with httpx.Client(base_url=live_server.url, timeout=10) as http:
        listed = http.get("/api/v1/proposals/", params={"process": world.process.slug, "order": "supports"},
                          headers={"Accept-Language": "en"})
        assert listed.status_code == 200
        assert listed.headers["content-type"] == "application/json"
        data = listed.json()
        page = http.get(f"/en/processes/{world.process.slug}/proposals/", params={"order": "supports"}).text
        # The same proposals, in the same order, as the list page (hidden, draft and blocked ones in neither).
        assert data["count"] == 2
        titles = [row["title"] for row in data["results"]]
        positions = [page.index(title) for title in titles]
        assert positions == sorted(positions)
        for secret in (world.draft.title, world.hidden.title, world.blocked_proposal.title):
            assert secret not in page and secret not in listed.text
        # The proposal's page shows the figures the API gives.
        row = data["results"][0]
        assert row["id"] == world.published.pk and row["support_count"] == 3
        detail = _page_text(http.get(row["url"].removeprefix(live_server.url)).text)
        assert row["title"] in detail
        assert re.search(r"\b3\b[^<]*support", detail, re.I), "the page shows 3 supports"
        # Conditional GET through a real HTTP stack (gzip included).
        again = http.get("/api/v1/proposals/", params={"process": world.process.slug, "order": "supports"},
                         headers={"Accept-Language": "en", "If-None-Match": listed.headers["etag"]})
        assert again.status_code == 304
        # A project's cost and a result's progress, as their pages print them.
        project = http.get(f"/api/v1/projects/{world.selected_project.pk}/", params={"lang": "en"}).json()
        assert project["title"] in http.get(project["url"].removeprefix(live_server.url)).text
        result = http.get(f"/api/v1/results/{world.result.pk}/", params={"lang": "en"}).json()
        result_page = http.get(result["url"].removeprefix(live_server.url)).text
        assert result["title"] in result_page and "60" in result_page


def test_documentation_page_and_schema_are_served(world, live_server):
    with httpx.Client(base_url=live_server.url, timeout=10) as http:
        docs = http.get("/api/v1/docs/")
        assert docs.status_code == 200
        assert "script-src 'self'" in docs.headers["content-security-policy"]
        assert "<script>" not in docs.text  # no inline script
        for asset in re.findall(r'src="(/static/[^"]+)"', docs.text):
            assert http.get(asset).status_code == 200, asset
        schema = http.get("/api/v1/schema/", params={"format": "json"})
        assert schema.json()["openapi"].startswith("3.")
