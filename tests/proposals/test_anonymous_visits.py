"""Anonymous browsing stores nothing server-side: the random order is one of the day's few, carried in the links."""

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


def test_the_random_order_stays_put_for_a_visitor_through_the_links_and_sets_no_cookie(client, process):
    ProposalFactory.create_batch(25, process=process)
    list_url = reverse("proposals:list", kwargs={"slug": process.slug})
    first = client.get(list_url)
    assert set(first.cookies) <= {"csrftoken"}  # no cookie of its own: the page is cacheable
    slot = re.search(r'name="seed" value="([0-9])"', first.content.decode()).group(1)
    next_page = re.search(r'href="([^"]+)" rel="next"', first.content.decode()).group(1).replace("&amp;", "&")
    assert f"seed={slot}" in next_page
    assert titles(client.get(f"{list_url}?seed={slot}")) == titles(first)  # the filters' form and links keep it
    assert titles(client.get(f"{list_url}?seed={slot}")) == titles(Client().get(f"{list_url}?seed={slot}"))
    assert Session.objects.count() == 0


def test_expired_sessions_are_cleared_on_a_schedule(db):
    from datetime import timedelta

    from django.utils import timezone

    Session.objects.create(session_key="old", session_data="x", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="new", session_data="x", expire_date=timezone.now() + timedelta(days=1))
    tasks.clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "apps.core.tasks.clear_expired_sessions" in schedule
