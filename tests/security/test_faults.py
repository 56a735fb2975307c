"""Section 8 (e): faults. With the database unreachable, every page that needs it answers a clear 503 page (no
traceback, no generic "we have been notified") and nothing is half-saved; pages that need no database (the
contact form) still work. Redis faults: tests/core/test_redis_down.py."""

from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError
from django.test import Client, RequestFactory

from apps.comments.models import Comment
from apps.core.views import server_error

from .counts import count
from .world import build_world

pytestmark = pytest.mark.django_db


def database_down():
    error = OperationalError('could not connect to server: Connection refused (host "postgres", port 5432)')
    return mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=error)


def assert_clear_unavailable_page(response):
    count("faults: requests with the database down")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "The platform is temporarily unavailable" in html
    assert "Nothing you sent just now has been saved" in html
    assert "OperationalError" not in html and "5432" not in html and "Traceback" not in html


def test_pages_say_the_platform_is_temporarily_unavailable():
    world = build_world()
    slug = world.process.slug
    anonymous, participant = Client(raise_request_exception=False), Client(raise_request_exception=False)
    participant.force_login(world.author)
    with database_down():
        for url in ("/en/", f"/en/processes/{slug}/", f"/en/processes/{slug}/proposals/"):
            assert_clear_unavailable_page(anonymous.get(url))
        for url in ("/en/me/settings/", "/en/notifications/", f"/en/processes/{slug}/proposals/{world.draft.pk}/"):
            assert_clear_unavailable_page(participant.get(url))
        assert_clear_unavailable_page(
            participant.post(f"/en/proposals/{world.others_published.pk}/support/", {"next": "/en/"})
        )


def test_a_comment_sent_while_the_database_is_down_is_not_half_saved():
    world = build_world()
    client = Client(raise_request_exception=False)
    client.force_login(world.author)
    before = Comment.objects.count()
    proposal = world.others_published
    content_type = ContentType.objects.get_for_model(proposal).pk
    with database_down():
        response = client.post(
            f"/en/comments/{content_type}/{proposal.pk}/new/", {"body": "Sent during the outage.", "opinion": "neutral"}
        )
    assert_clear_unavailable_page(response)
    assert Comment.objects.count() == before


def test_other_errors_keep_the_generic_500_page():
    request = RequestFactory().get("/en/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500
