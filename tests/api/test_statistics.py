"""The statistics pages' figures through the API (apps.stats.selectors), for a process and the whole site."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from apps.stats import selectors as stats_selectors

pytestmark = pytest.mark.django_db


def test_process_statistics_are_the_pages_figures(world, api, django_capture_on_commit_callbacks):
    url = f"/api/v1/processes/{world.process.slug}/statistics/"
    # Not computed yet: the first call asks for it (in the background; inline here) and says so with a 404.
    with django_capture_on_commit_callbacks(execute=True):
        assert api.get(url).status_code == 404
    response = api.get(url)
    assert response.status_code == 200
    expected = json.loads(json.dumps(stats_selectors.statistics_of(world.process), cls=DjangoJSONEncoder))
    assert response.json()["figures"] == expected["figures"]
    assert response.json()["figures"]["totals"]["proposals"] >= 1
    assert response.headers["ETag"]
    page = api.get(f"/en/processes/{world.process.slug}/statistics/")
    assert page.status_code == 200


def test_site_statistics_and_unpublished_processes(world, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.get("/api/v1/statistics/")
    assert api.get("/api/v1/statistics/").json()["figures"]["totals"]["proposals"] >= 1
    assert api.get(f"/api/v1/processes/{world.hidden_process.slug}/statistics/").status_code == 404
    assert "statistics" in api.get("/api/v1/").json()
