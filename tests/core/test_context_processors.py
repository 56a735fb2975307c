"""What every page's navbar and banner ask (the terms banner, the back-office links): shown on full pages, not
even asked for the htmx fragments that never show them."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.budgets.adm_helpers import admin_of
from tests.budgets.conftest import open_vote
from tests.factories import SitePageFactory, UserFactory
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db

BANNER = "The terms of use have changed"


def test_the_terms_banner_shows_to_who_accepted_older_terms_only(client):
    SitePageFactory(version="v2")
    client.force_login(UserFactory(terms_version="v1", terms_accepted_at=timezone.now()))
    assert BANNER in client.get("/en/").content.decode()
    client.force_login(UserFactory(terms_version="v2", terms_accepted_at=timezone.now()))
    assert BANNER not in client.get("/en/").content.decode()


def test_the_back_office_links_show_to_staff_only(client):
    budget, _ = open_vote(projects=1)
    client.force_login(admin_of(budget.process))
    page = client.get("/en/").content.decode()
    assert reverse("backoffice:home") in page and reverse("admin:index") in page
    client.force_login(UserFactory())
    page = client.get("/en/").content.decode()
    assert reverse("backoffice:home") not in page and reverse("admin:index") not in page


def test_an_htmx_fragment_asks_neither_the_terms_nor_the_back_office_rules(client):
    budget, projects = open_vote(projects=2)
    client.force_login(UserFactory())
    add = reverse("budgets:basket_add", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})
    with mock.patch(
        "apps.spaces.context_processors.terms_version_seen_by", return_value="v1"
    ) as terms, mock.patch("apps.backoffice.context_processors.is_allowed", return_value=False) as backoffice_rules:
        response = client.post(add, {"project": projects[0].pk}, **HTMX)
        assert response.status_code == 200 and 'id="basket-panel"' in response.content.decode()
        assert not backoffice_rules.called and not terms.called
        client.get(budget.get_absolute_url())  # a full page asks both
        assert backoffice_rules.call_count == 2 and terms.call_count == 1
