"""The process form as a process administrator sees it (not a superuser): every inline shows the real rows.

Found in the demo: Django asks an inline's permission without an object when it builds the rows' queryset,
and the answer "no" showed process administrators empty Phases, Themes, Categories and Pages.
"""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from apps.spaces.models import Phase, ProcessRole
from apps.taxonomy.models import Category
from tests.factories import (
    CategoryFactory,
    PhaseFactory,
    ProcessFactory,
    ProcessPageFactory,
    ProcessRoleFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


class FormScraper(HTMLParser):
    """The values a browser would submit from the page's main form (inputs, checked boxes, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def scrape(html):
    parser = FormScraper()
    parser.feed(html)
    # Inline templates (__prefix__) are not submitted rows.
    return {k: v for k, v in parser.data.items() if "__prefix__" not in k}


@pytest.fixture
def mine():
    process = ProcessFactory(
        title="Budget de Lille-Sud", slug="lille-sud", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31)
    )
    PhaseFactory(process=process, title="Dépôt", start_date=date(2026, 3, 1), end_date=date(2026, 3, 31))
    PhaseFactory(process=process, title="Vote", start_date=date(2026, 5, 1), end_date=date(2026, 5, 31))
    theme = ThemeFactory(process=process, title="Mobilités")
    for name in ("Vélo", "Bus", "Marche"):
        CategoryFactory(process=process, name=name, theme=theme)
    for title in ("Règlement", "Calendrier"):
        ProcessPageFactory(process=process, title=title)
    return process


@pytest.fixture
def agent_client(client, mine):
    user = UserFactory(email="agent@example.org")
    ProcessRoleFactory(process=mine, user=user, role=ProcessRole.Role.ADMIN)
    client.force_login(user)
    return client


def change_url(process):
    return reverse("admin:spaces_process_change", args=[process.pk])


def initial_forms(html, prefix):
    match = re.search(rf'name="{prefix}-INITIAL_FORMS"[^>]*value="(\d+)"', html) or re.search(
        rf'value="(\d+)"[^>]*name="{prefix}-INITIAL_FORMS"', html
    )
    return int(match.group(1))


def test_inlines_show_the_real_rows(agent_client, mine):
    response = agent_client.get(change_url(mine))
    assert response.status_code == 200
    html = response.content.decode()
    assert initial_forms(html, "phases") == 2
    assert initial_forms(html, "themes") == 1
    assert initial_forms(html, "categories") == 3
    assert initial_forms(html, "pages") == 2
    for shown in ("Dépôt", "Vote", "Mobilités", "Vélo", "Marche", "Calendrier"):
        assert shown in html
    assert 'name="roles-TOTAL_FORMS"' not in html


def test_saving_the_form_as_it_is_keeps_every_row(agent_client, mine):
    data = scrape(agent_client.get(change_url(mine)).content.decode())
    response = agent_client.post(change_url(mine), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert mine.phases.count() == 2
    assert Category.objects.filter(process=mine).count() == 3
    assert mine.pages.count() == 2


def test_a_phase_overlapping_one_already_there_is_refused(agent_client, mine):
    data = scrape(agent_client.get(change_url(mine)).content.decode())
    total = int(data["phases-TOTAL_FORMS"])
    data.update(
        {
            "phases-TOTAL_FORMS": str(total + 1),
            f"phases-{total}-kind": data["phases-0-kind"],
            f"phases-{total}-title_fr": "Phase ajoutée",
            f"phases-{total}-start_date": "2026-03-15",
            f"phases-{total}-end_date": "2026-04-15",
            f"phases-{total}-process": str(mine.pk),
        }
    )
    response = agent_client.post(change_url(mine), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert [error.code for error in errors.as_data()] == ["overlap"]
    assert not Phase.objects.filter(title_fr="Phase ajoutée").exists()


def test_other_processes_inlines_stay_out_of_reach(agent_client, mine):
    theirs = ProcessFactory(slug="roubaix")
    PhaseFactory(process=theirs)
    assert agent_client.get(change_url(theirs)).status_code == 403
