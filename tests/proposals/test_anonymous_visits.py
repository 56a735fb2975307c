"""Anonymous browsing stores nothing server-side: the random order's seed lives in a signed cookie."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from apps.core import tasks
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


CARD_TITLE = re.compile(r'data-testid="proposal-card">.*?<h2[^>]*><a href="[^"]+">([^<]+)</a>', re.S)


def titles(response):
    return CARD_TITLE.findall(response.content.decode())


def test_cookie_less_visits_of_the_list_create_no_session(process):
    ProposalFactory.create_batch(3, process=process)
    list_url = reverse("proposals:list", kwargs={"slug": process.slug})
    for _visit in range(5):
        response = Client().get(list_url)  # a crawler: a fresh client, no cookie
        assert response.status_code == 200
        assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == 0


def test_the_random_order_stays_put_for_a_visitor_through_the_signed_cookie(client, process):
    ProposalFactory.create_batch(20, process=process)
    list_url = reverse("proposals:list", kwargs={"slug": process.slug})
    first = client.get(list_url)
    cookie = first.cookies["pb_order"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    second = client.get(list_url)
    assert titles(second) == titles(first)
    assert "pb_order" not in second.cookies  # already known, not set again
    assert Session.objects.count() == 0


def test_a_forged_cookie_is_ignored(client, process):
    ProposalFactory.create_batch(5, process=process)
    client.cookies["pb_order"] = "chosen-by-me"
    response = client.get(reverse("proposals:list", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    assert response.cookies["pb_order"].value != "chosen-by-me"


def test_expired_sessions_are_cleared_on_a_schedule(db):
    from datetime import timedelta

    from django.utils import timezone

    Session.objects.create(session_key="old", session_data="x", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="new", session_data="x", expire_date=timezone.now() + timedelta(days=1))
    tasks.clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "apps.core.tasks.clear_expired_sessions" in schedule
