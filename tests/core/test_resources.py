"""Requests too large to be worth reading are refused before they are read; headers every response carries."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_body_declared_too_large_gets_a_clear_413_page_without_being_read(client, settings):
    settings.REQUEST_BODY_MAX_MB = 12
    response = client.post(
        "/en/contact/",
        {"name": "x"},
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert 'data-testid="too-large"' in html
    assert "larger than 12 MB" in html


def test_a_normal_post_goes_through(client, settings):
    settings.REQUEST_BODY_MAX_MB = 12
    response = client.post("/en/contact/", {"name": ""})
    assert response.status_code == 200  # the form with its errors


def test_django_upload_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10


def test_permissions_policy_on_pages_and_static_files(client):
    for response in (client.get(reverse("spaces:home")), client.get("/static/js/proposals.js")):
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy
