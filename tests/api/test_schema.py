"""The OpenAPI schema: generated without a warning, valid OpenAPI 3, and describing every list."""

import json

import pytest
from django.core.management import call_command
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_schema_validates(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)  # raises on an invalid document
    paths = schema["paths"]
    for name in ("processes", "phases", "themes", "categories", "proposals", "comments", "budgets", "projects",
                 "results", "events"):
        assert f"/api/v1/{name}/" in paths, name
        parameters = {p["name"] for p in paths[f"/api/v1/{name}/"]["get"]["parameters"]}
        assert {"limit", "offset", "lang"} <= parameters, name
    assert "/api/v1/budgets/{id}/results/" in paths
    proposal_filters = {p["name"] for p in paths["/api/v1/proposals/"]["get"]["parameters"]}
    assert {"process", "q", "theme", "category", "status", "official", "order"} <= proposal_filters
    assert not {"mine", "supported"} & proposal_filters  # signed-in filters: the API is anonymous
    # Read-only: no other method anywhere.
    assert {method for path in paths.values() for method in path} <= {"get", "parameters"}


def test_schema_generation_has_no_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_schema_is_translated(client):
    english = client.get("/api/v1/schema/?format=json&lang=en").json()
    enum = english["components"]["schemas"]["ProposalStatusEnum"]["enum"]
    assert "published" in enum
