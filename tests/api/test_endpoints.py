"""Each endpoint, its filters, languages, pagination, ETags, the rate limit and the read-only methods."""

import pytest
from django.test import override_settings

from apps.proposals.models import Proposal
from tests.factories import ProposalFactory

from .conftest import ids

pytestmark = pytest.mark.django_db


def test_root_lists_every_endpoint(world, api):
    data = api.get("/api/v1/").json()
    assert set(data) == {"processes", "phases", "themes", "categories", "proposals", "comments", "budgets",
                         "projects", "results", "events", "statistics", "schema", "docs"}
    for name, url in data.items():
        if name not in ("docs", "statistics"):  # statistics: tests/api/test_statistics.py
            assert api.get(url).status_code == 200, name


def test_processes(world, api):
    data = api.get("/api/v1/processes/", {"lang": "en"}).json()
    assert [row["slug"] for row in data["results"]] == [world.process.slug]
    row = data["results"][0]
    assert row["title"] == "Neighbourhood budget"
    assert row["url"] == f"http://testserver/en/processes/{world.process.slug}/"
    assert [phase["title"] for phase in row["phases"]] == ["Proposals"]
    assert row["active_phase"] == row["phases"][0]["id"]
    detail = api.get(f"/api/v1/processes/{world.process.slug}/", {"lang": "en"}).json()
    assert detail == row
    assert ids_of_slugs(api.get("/api/v1/processes/", {"state": "finished"})) == []
    assert ids_of_slugs(api.get("/api/v1/processes/", {"state": "open"})) == [world.process.slug]


def ids_of_slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def test_proposals_and_their_filters(world, api):
    assert sorted(ids(api.get("/api/v1/proposals/"))) == sorted(world.public_proposals())
    # The list's own filters: a top category includes its sub-categories; status; theme; text; official.
    assert ids(api.get("/api/v1/proposals/", {"category": world.category.pk})) == [world.published.pk]
    assert ids(api.get("/api/v1/proposals/", {"status": "withdrawn"})) == [world.withdrawn.pk]
    assert ids(api.get("/api/v1/proposals/", {"theme": world.theme.pk, "process": world.process.slug})) == [
        world.withdrawn.pk
    ]
    assert ids(api.get("/api/v1/proposals/", {"q": "nationale"})) == [world.published.pk]
    assert ids(api.get("/api/v1/proposals/", {"official": "true"})) == []
    assert ids(api.get("/api/v1/proposals/", {"order": "supports"}))[0] == world.published.pk
    row = api.get(f"/api/v1/proposals/{world.published.pk}/").json()
    assert row["author"] == "Camille Martin"
    assert row["category"] == {"id": world.sub_category.pk, "name": "Arbres"}
    assert row["support_count"] == 7
    assert row["status_label"] == "Publiée"
    assert api.get("/api/v1/proposals/", {"order": "random"}).status_code == 400


def test_proposal_answer_follows_the_published_review(world, api):
    Proposal.objects.filter(pk=world.published.pk).update(answer="Réponse enregistrée.")
    assert api.get(f"/api/v1/proposals/{world.published.pk}/").json()["answer"] == "Réponse enregistrée."


def test_languages_parameter_header_and_default(world, api):
    url = f"/api/v1/projects/{world.selected_project.pk}/"
    assert api.get(url).json()["title"] == "Une forêt urbaine"
    assert api.get(url).headers["Content-Language"] == "fr"
    english = api.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert english.json()["title"] == "An urban forest"
    assert english.json()["status_label"] == "Selected for the vote"
    assert english.headers["Content-Language"] == "en"
    assert "Accept-Language" in english.headers["Vary"]
    # The parameter wins over the header; an unknown language falls back to the default one.
    assert api.get(url, {"lang": "fr"}, HTTP_ACCEPT_LANGUAGE="en").json()["title"] == "Une forêt urbaine"
    assert api.get(url, {"lang": "xx"}).headers["Content-Language"] == "fr"
    # Spanish falls back to English, then French, as the pages do.
    assert api.get(url, {"lang": "es"}).json()["title"] == "An urban forest"
    assert api.get(url, {"lang": "en"}).json()["url"].startswith("http://testserver/en/")


def test_comments(world, api):
    assert ids(api.get("/api/v1/comments/")) == [world.comment.pk]
    assert ids(api.get("/api/v1/comments/", {"target_type": "proposal", "target_id": world.published.pk})) == [
        world.comment.pk
    ]
    assert ids(api.get("/api/v1/comments/", {"target_type": "event"})) == []
    row = api.get(f"/api/v1/comments/{world.comment.pk}/", {"lang": "en"}).json()
    assert row["author"] == "Camille Martin"
    assert row["target_type"] == "proposal" and row["target_id"] == world.published.pk


def test_budgets_projects_results_events(world, api):
    assert ids(api.get("/api/v1/budgets/")) == [world.budget.pk]
    assert api.get(f"/api/v1/budgets/{world.budget.pk}/").json()["results_published"] is False
    assert api.get(f"/api/v1/budgets/{world.budget.pk}/results/").status_code == 404
    assert ids(api.get("/api/v1/projects/", {"budget": world.budget.pk})) == [world.selected_project.pk]
    assert ids(api.get("/api/v1/projects/", {"category": world.category.pk})) == [world.selected_project.pk]
    assert ids(api.get("/api/v1/projects/", {"status": "winner"})) == []
    assert ids(api.get("/api/v1/results/", {"district": "Gare", "status": world.result.status_id})) == [
        world.result.pk
    ]
    assert api.get(f"/api/v1/results/{world.result.pk}/", {"lang": "en"}).json()["status"] == {
        "key": "works", "name": "Works", "progress": 60,
    }
    assert ids(api.get("/api/v1/events/", {"when": "upcoming"})) == [world.event.pk]
    assert ids(api.get("/api/v1/events/", {"when": "past"})) == []
    assert ids(api.get("/api/v1/events/", {"kind": "online"})) == []
    assert api.get(f"/api/v1/events/{world.event.pk}/", {"lang": "en"}).json()["title"] == "Bike workshop"
    assert ids(api.get("/api/v1/phases/", {"process": world.process.slug}))
    assert ids(api.get("/api/v1/themes/")) == [world.theme.pk]
    assert ids(api.get("/api/v1/categories/", {"top": "true"})) == [world.category.pk]


def test_pagination(world, api):
    ProposalFactory.create_batch(130, process=world.process)
    first = api.get("/api/v1/proposals/", {"limit": 500}).json()
    assert first["count"] == 132
    assert len(first["results"]) == 100  # at most 100 per page
    default = api.get("/api/v1/proposals/").json()
    assert len(default["results"]) == 20
    second = api.get(default["next"].removeprefix("http://testserver")).json()
    assert {r["id"] for r in second["results"]}.isdisjoint({r["id"] for r in default["results"]})


def test_etag_and_not_modified(world, api):
    response = api.get("/api/v1/proposals/")
    etag = response.headers["ETag"]
    assert response.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    again = api.get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    # Another language is another representation.
    assert api.get("/api/v1/proposals/", {"lang": "en"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    # A change gives a new ETag.
    Proposal.objects.filter(pk=world.published.pk).update(support_count=8)
    changed = api.get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


@override_settings(API_RATE_LIMIT="3/min")
def test_rate_limit_per_client_address(world, api):
    for _ in range(3):
        assert api.get("/api/v1/processes/").status_code == 200
    refused = api.get("/api/v1/processes/")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    # Another address has its own allowance.
    assert api.get("/api/v1/processes/", REMOTE_ADDR="203.0.113.9").status_code == 200


@override_settings(API_RATE_LIMIT="2/min", TRUSTED_PROXY_COUNT=1)
def test_rate_limit_keys_on_the_address_the_proxy_saw(world, api):
    """Behind the proxy, each visitor has their own allowance; a made-up X-Forwarded-For entry changes nothing."""
    for forged in ("10.0.0.1", "10.0.0.2"):
        assert api.get("/api/v1/", HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7").status_code == 200
    assert api.get("/api/v1/", HTTP_X_FORWARDED_FOR="10.0.0.3, 198.51.100.7").status_code == 429
    assert api.get("/api/v1/", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


def test_head_and_options(world, api):
    head = api.head("/api/v1/proposals/")
    assert head.status_code == 200 and head.content == b"" and head.headers["ETag"]
    assert api.options("/api/v1/proposals/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only(world, api, method):
    response = getattr(api, method)(f"/api/v1/proposals/{world.published.pk}/", content_type="application/json")
    assert response.status_code == 405
    assert Proposal.objects.filter(pk=world.published.pk).exists()


def test_unknown_ids_and_bad_filters(world, api):
    assert api.get("/api/v1/proposals/99999999/").status_code == 404
    assert api.get("/api/v1/proposals/abc/").status_code == 404
    assert api.get("/api/v1/proposals/", {"category": "abc"}).status_code == 400
    assert api.get("/api/v1/proposals/", {"limit": "abc"}).status_code == 200
    assert api.get("/api/v1/events/", {"when": "tomorrow"}).status_code == 400
