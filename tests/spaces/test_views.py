from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.factories import (
    CategoryFactory,
    PhaseFactory,
    ProcessFactory,
    ProcessPageFactory,
    ProcessRoleFactory,
    SitePageFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def day(offset):
    return timezone.localdate() + timedelta(days=offset)


def detail_url(process):
    return reverse("spaces:process_detail", kwargs={"slug": process.slug})


@pytest.fixture
def full_process():
    process = ProcessFactory(
        title_fr="Budget participatif de Villeneuve",
        title_en="",
        subtitle_fr="100 000 € pour vos projets",
        description_fr="<p>La ville consacre <strong>100 000 €</strong> aux projets des habitants.</p>",
        scope="Quartier Nord",
    )
    PhaseFactory(process=process, kind=PhaseKind.INFORMATION, title_fr="Information",
                 start_date=day(-30), end_date=day(-11))
    PhaseFactory(process=process, kind=PhaseKind.PROPOSALS, title_fr="Dépôt des idées",
                 start_date=day(-10), end_date=day(10))
    PhaseFactory(process=process, kind=PhaseKind.VOTING, title_fr="Vote des habitants",
                 start_date=day(20), end_date=day(30))
    theme = ThemeFactory(process=process, title_fr="Mobilités", summary_fr="Se déplacer")
    sport = CategoryFactory(process=process, name_fr="Sport", color="#1d70b8", icon="⚽")
    CategoryFactory(process=process, name_fr="Stades", parent=sport)
    CategoryFactory(process=process, name_fr="Vélo", theme=theme)
    ProcessPageFactory(process=process, title_fr="Règlement", slug="reglement", body_fr="<p>Les règles</p>")
    return process


class TestProcessDetail:
    def test_shows_timeline_themes_categories_and_pages(self, client, full_process):
        response = client.get(detail_url(full_process))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Budget participatif de Villeneuve" in html
        assert "100 000 € pour vos projets" in html
        assert "<strong>100 000 €</strong>" in html
        assert "Quartier Nord" in html
        assert 'data-testid="active-phase"' in html
        assert 'class="phase-past"' in html and 'class="phase-current"' in html and 'class="phase-upcoming"' in html
        timeline = html.split('data-testid="timeline"')[1].split("</ol>")[0]
        assert timeline.index("Information") < timeline.index("Dépôt des idées") < timeline.index("Vote des habitants")
        assert date_format(day(20), "j F Y") in timeline
        assert 'aria-current="step"' in timeline
        assert "Mobilités" in html and reverse(
            "taxonomy:theme_detail", kwargs={"slug": full_process.slug, "theme_slug": full_process.themes.get().slug}
        ) in html
        assert "Sport" in html and "Stades" in html and 'data-color="#1d70b8"' in html
        assert reverse("spaces:process_page", kwargs={"slug": full_process.slug, "page_slug": "reglement"}) in html

    def test_english_falls_back_to_french(self, client, full_process):
        html = client.get("/en" + detail_url(full_process)[3:]).content.decode()
        assert '<html lang="en">' in html
        assert "Budget participatif de Villeneuve" in html

    def test_english_translation_used(self, client, full_process):
        full_process.title_en = "Villeneuve participatory budget"
        full_process.save()
        html = client.get("/en" + detail_url(full_process)[3:]).content.decode()
        assert "Villeneuve participatory budget" in html

    def test_unknown_slug_is_404(self, client):
        assert client.get(reverse("spaces:process_detail", kwargs={"slug": "nope"})).status_code == 404

    def test_no_active_phase(self, client):
        process = ProcessFactory()
        PhaseFactory(process=process, start_date=day(5), end_date=day(10))
        html = client.get(detail_url(process)).content.decode()
        assert 'data-testid="active-phase"' not in html
        assert 'class="phase-upcoming"' in html

    def test_pinned_phase_is_shown_as_current(self, client, full_process):
        vote = full_process.phases.get(kind=PhaseKind.VOTING)
        full_process.pinned_phase = vote
        full_process.save()
        html = client.get(detail_url(full_process)).content.decode()
        assert "Vote des habitants" in html.split('data-testid="active-phase"')[1].split("</section>")[0]


class TestUnpublished:
    @pytest.fixture
    def draft(self):
        process = ProcessFactory(title_fr="Brouillon secret", is_published=False)
        PhaseFactory(process=process)
        ProcessPageFactory(process=process, slug="infos")
        ThemeFactory(process=process, slug="theme-a")
        return process

    def urls(self, process):
        return [
            detail_url(process),
            reverse("spaces:process_page", kwargs={"slug": process.slug, "page_slug": "infos"}),
            reverse("taxonomy:theme_detail", kwargs={"slug": process.slug, "theme_slug": "theme-a"}),
        ]

    def test_404_for_the_public(self, client, draft, user):
        for url in self.urls(draft):
            assert client.get(url).status_code == 404
        client.force_login(user)
        for url in self.urls(draft):
            assert client.get(url).status_code == 404

    @pytest.mark.parametrize("role", [ProcessRole.Role.EVALUATOR, ProcessRole.Role.MODERATOR])
    def test_404_for_other_roles(self, client, draft, role):
        client.force_login(ProcessRoleFactory(process=draft, role=role).user)
        assert client.get(detail_url(draft)).status_code == 404

    def test_404_for_the_admin_of_another_process(self, client, draft):
        client.force_login(ProcessRoleFactory(role=ProcessRole.Role.ADMIN).user)
        assert client.get(detail_url(draft)).status_code == 404

    def test_visible_for_its_admins_with_a_badge(self, client, draft):
        client.force_login(ProcessRoleFactory(process=draft, role=ProcessRole.Role.ADMIN).user)
        for url in self.urls(draft):
            assert client.get(url).status_code == 200, url
        html = client.get(detail_url(draft)).content.decode()
        assert "Brouillon secret" in html
        assert 'data-testid="not-published"' in html

    def test_visible_for_site_admins(self, client, draft):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        assert 'data-testid="not-published"' in client.get(detail_url(draft)).content.decode()

    def test_not_listed(self, client, draft):
        html = client.get(reverse("spaces:process_list")).content.decode()
        assert "Brouillon secret" not in html
        assert "Brouillon secret" not in client.get("/fr/").content.decode()

    def test_published_has_no_badge(self, client, process):
        assert 'data-testid="not-published"' not in client.get(detail_url(process)).content.decode()


class TestPages:
    def test_process_page(self, client, full_process):
        response = client.get(reverse("spaces:process_page", kwargs={"slug": full_process.slug,
                                                                      "page_slug": "reglement"}))
        assert response.status_code == 200
        assert "Les règles" in response.content.decode()

    def test_unknown_process_page_is_404(self, client, full_process):
        url = reverse("spaces:process_page", kwargs={"slug": full_process.slug, "page_slug": "nope"})
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("slug", ["terms", "privacy", "accessibility", "faq"])
    def test_site_pages(self, client, slug):
        SitePageFactory(slug=slug, title_fr=f"Titre {slug}", body_fr=f"<p>Corps {slug}</p>", version="")
        response = client.get(reverse("spaces:site_page", kwargs={"slug": slug}))
        assert response.status_code == 200
        assert f"Corps {slug}" in response.content.decode()

    def test_terms_show_their_version(self, client):
        SitePageFactory(slug="terms", version="2026-01")
        assert "2026-01" in client.get(reverse("spaces:site_page", kwargs={"slug": "terms"})).content.decode()

    def test_missing_site_page_is_404(self, client):
        assert client.get(reverse("spaces:site_page", kwargs={"slug": "faq"})).status_code == 404


class TestProcessList:
    def test_lists_published_processes_with_their_phase(self, client, full_process):
        closed = ProcessFactory(title_fr="Ancien budget", start_date=day(-400), end_date=day(-300))
        html = client.get(reverse("spaces:process_list")).content.decode()
        assert "Budget participatif de Villeneuve" in html
        assert "Ancien budget" in html
        assert "Dépôt des idées" in html
        assert closed.get_absolute_url() in html

    def test_empty(self, client, db):
        assert client.get(reverse("spaces:process_list")).status_code == 200


def make_processes(count):
    for _ in range(count):
        process = ProcessFactory()
        PhaseFactory(process=process, kind=PhaseKind.PROPOSALS, start_date=day(-5), end_date=day(5))
        PhaseFactory(process=process, kind=PhaseKind.VOTING, start_date=day(10), end_date=day(20))
        ThemeFactory(process=process)


@pytest.mark.parametrize("url", ["/fr/", "/fr/processes/"])
def test_query_count_does_not_grow_with_processes(client, django_assert_max_num_queries, url):
    make_processes(3)
    with django_assert_max_num_queries(10) as captured:
        assert client.get(url).status_code == 200
    few = len(captured)
    make_processes(12)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.content.decode().count('class="card card-process') == 15


def test_query_count_for_a_signed_in_visitor(client, django_assert_max_num_queries):
    make_processes(3)
    client.force_login(UserFactory())
    client.get("/fr/")
    with django_assert_max_num_queries(20) as captured:
        client.get("/fr/processes/")
    few = len(captured)
    with django_assert_max_num_queries(30) as captured_home:
        client.get("/fr/")
    few_home = len(captured_home)
    make_processes(12)
    with django_assert_max_num_queries(few):
        client.get("/fr/processes/")
    with django_assert_max_num_queries(few_home):
        client.get("/fr/")
