"""Full-text search: the proposal list's `q` and the site-wide search page (apps/search).

The same tests run on SQLite (icontains) and PostgreSQL (stored vectors); those marked postgres check what only
PostgreSQL does (stemming, accents, ranking by weight)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.core.search import highlight_text, marked_to_html, python_headline
from apps.proposals import selectors
from tests.factories import (
    ProcessFactory,
    ProcessRoleFactory,
    ProjectFactory,
    ProposalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SEARCH_URL = "/fr/search/"


def _search(user, query, language="fr"):
    with translation.override(language):
        return list(selectors.proposal_search(user=user, query=query, language=language))


def _list_url(process, **params):
    from urllib.parse import urlencode

    return reverse("proposals:list", kwargs={"slug": process.slug}) + "?" + urlencode(params)


# --- proposals, on any database ------------------------------------------------------------------------------------


def test_reference_finds_its_proposal(process):
    wanted = ProposalFactory(process=process, reference="PB-2026-0042", title="Un jardin partagé rue Haute")
    ProposalFactory(process=process, reference="PB-2026-0043", title="Un autre jardin partagé")
    assert [p.pk for p in _search(AnonymousUser(), "PB-2026-0042")] == [wanted.pk]


def test_drafts_and_hidden_proposals_are_never_found(process):
    author = UserFactory()
    shown = ProposalFactory(process=process, author=author, title="Des nichoirs dans le parc")
    ProposalFactory(process=process, author=author, title="Des nichoirs partout", status="draft", published_at=None)
    ProposalFactory(process=process, author=author, title="Des nichoirs cachés", hidden_at=timezone.now())
    ProposalFactory(process=ProcessFactory(is_published=False), author=author, title="Des nichoirs secrets")
    for user in (AnonymousUser(), author, UserFactory()):
        assert [p.pk for p in _search(user, "nichoirs")] == [shown.pk]


def test_unpublished_process_found_by_its_staff_only(process):
    hidden_process = ProcessFactory(is_published=False)
    proposal = ProposalFactory(process=hidden_process, title="Des toilettes publiques au marché")
    staff = ProcessRoleFactory(process=hidden_process).user
    assert _search(AnonymousUser(), "toilettes") == []
    assert [p.pk for p in _search(staff, "toilettes")] == [proposal.pk]


def test_title_match_ranks_above_body_match(process):
    in_body = ProposalFactory(process=process, title="Rénover la place du marché", body="Et planter un tilleul.")
    in_title = ProposalFactory(process=process, title="Planter un tilleul devant l'école", body="De l'ombre.")
    assert [p.pk for p in _search(AnonymousUser(), "tilleul")] == [in_title.pk, in_body.pk]


def test_list_search_filters_and_ranks(client, process):
    ProposalFactory(process=process, title="Rénover le skatepark du quartier", body="Des rampes neuves.")
    wanted = ProposalFactory(process=process, title="Un composteur collectif", body="Pour les déchets verts.")
    response = client.get(_list_url(process, q="composteur"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["proposals"]] == [wanted.pk]
    assert response.context["sort"] == "relevance"
    assert response.context["sort_choices"][0][0] == "relevance"  # "Best match", offered while searching
    assert "relevance" not in [key for key, _label in client.get(_list_url(process)).context["sort_choices"]]


def test_list_search_keeps_a_chosen_order(client, process):
    ProposalFactory(process=process, title="Un composteur collectif", support_count=1)
    ProposalFactory(process=process, title="Un second composteur", support_count=5)
    response = client.get(_list_url(process, q="composteur", order="supports"))
    assert [p.support_count for p in response.context["proposals"]] == [5, 1]


# --- highlighting ----------------------------------------------------------------------------------------------------


def test_marked_text_is_escaped_and_only_our_marks_are_html():
    html = marked_to_html('<script>alert("x")</script> \ue000canal\ue001 & co')
    assert html == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>canal</mark> &amp; co"


def test_unbalanced_marks_are_dropped():
    assert marked_to_html("\ue000canal <b>") == "canal &lt;b&gt;"


def test_python_headline_escapes_and_marks_ignoring_accents():
    html = python_headline("<b>Les écoles</b> du quartier", "ecoles")
    assert html == "&lt;b&gt;Les <mark>écoles</mark>&lt;/b&gt; du quartier"
    assert highlight_text("A & B <i>canal</i>", "canal") == "A &amp; B &lt;i&gt;<mark>canal</mark>&lt;/i&gt;"


def test_search_page_escapes_user_text(client, process):
    ProposalFactory(
        process=process,
        title="<script>alert(1)</script> Un canal propre",
        body='Nettoyer le canal <img src=x onerror="alert(2)"> chaque mois.',
    )
    response = client.get(SEARCH_URL, {"q": "canal"})
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Un <mark>canal</mark> propre" in html
    assert "<mark>canal</mark>" in html.split('data-testid="search-result"')[1]


# --- the site-wide search page ---------------------------------------------------------------------------------------


def test_search_page_groups_results_by_type_and_links_them(client, process):
    proposal = ProposalFactory(process=process, title="Un kiosque à musique dans le parc")
    project = ProjectFactory(budget__process=process, title="Kiosque du parc", title_en="Park bandstand")
    response = client.get(SEARCH_URL, {"q": "kiosque"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="search-section-proposals.proposal"' in html
    assert 'data-testid="search-section-budgets.project"' in html
    assert proposal.get_absolute_url() in html and project.get_absolute_url() in html
    assert response.context["total"] == 2


def test_search_page_one_type_is_paginated(client, process):
    ProposalFactory.create_batch(25, process=process, title="Un abri pour les vélos, encore un")
    response = client.get(SEARCH_URL, {"q": "abri", "type": "proposals.proposal"})
    (section,) = response.context["sections"]
    assert section.count == 25 and len(section.hits) == 20
    assert section.page.has_next()
    response = client.get(SEARCH_URL, {"q": "abri", "type": "proposals.proposal", "page": 2})
    assert len(response.context["sections"][0].hits) == 5
    first = client.get(SEARCH_URL, {"q": "abri"}).context["sections"][0]
    assert first.count == 25 and len(first.hits) == 5
    assert "?q=abri&amp;type=proposals.proposal" in client.get(SEARCH_URL, {"q": "abri"}).content.decode()


def test_search_page_counts_stop_at_the_cap_and_pages_still_follow(client, process, settings):
    """A word in many proposals: the counts stop where CappedPaginator stops (here (1 + 3) pages of 20, past the cap
    of 12: "80+"), only the newest matches are ranked (core.search.RankedWindow), and the pages of one type follow
    each other without a repeat."""
    settings.LIST_COUNT_CAP = 12
    ProposalFactory.create_batch(90, process=process, title="Un abri pour les vélos, encore un")
    response = client.get(SEARCH_URL, {"q": "abri"})
    (section,) = [s for s in response.context["sections"] if s.count]
    assert section.capped and section.count == 80 and len(section.hits) == 5
    assert response.context["total_capped"]
    assert 'data-testid="search-total"' in response.content.decode()
    assert '<span class="badge text-bg-secondary">80+</span>' in response.content.decode()
    seen = []
    for number in (1, 2, 3):
        (only,) = client.get(SEARCH_URL, {"q": "abri", "type": "proposals.proposal", "page": number}).context[
            "sections"
        ]
        assert len(only.hits) == 20 and only.capped == (number == 1)  # page 3 looks far enough to count all 90
        seen += [hit.obj.pk for hit in only.hits]
    assert len(seen) == len(set(seen)) == 60


def test_search_page_queries_do_not_grow_with_results(client, process):
    ProposalFactory.create_batch(3, process=process, title="Une fontaine à boire")
    with CaptureQueriesContext(connection) as few:
        client.get(SEARCH_URL, {"q": "fontaine"})
    ProposalFactory.create_batch(15, process=process, title="Une fontaine à boire")
    with CaptureQueriesContext(connection) as many:
        client.get(SEARCH_URL, {"q": "fontaine"})
    assert len(many) <= len(few) + 1  # + the count, once a type has more than a section shows


def test_search_page_without_query_and_nothing_found(client, process):
    assert client.get(SEARCH_URL).status_code == 200
    response = client.get(SEARCH_URL, {"q": "zzzyyyxxx"})
    assert 'data-testid="search-nothing"' in response.content.decode()


def test_header_has_the_search_box(client, process):
    html = client.get("/fr/").content.decode()
    assert 'data-testid="site-search-input"' in html and 'action="/fr/search/"' in html


# --- PostgreSQL: stemming, accents, the stored vectors ---------------------------------------------------------------


@pytest.mark.postgres
def test_french_stemming_and_accents(process):
    ecole = ProposalFactory(process=process, title="Végétaliser la cour de l'École Jules-Ferry", body="Des arbres.")
    assert [p.pk for p in _search(AnonymousUser(), "ecoles")] == [ecole.pk]
    assert [p.pk for p in _search(AnonymousUser(), "VÉGÉTALISATION")] == [ecole.pk]  # the same stem, any case
    assert _search(AnonymousUser(), "piscine école") == []  # every word must match
    assert [p.pk for p in _search(AnonymousUser(), "végétaliser cours")] == [ecole.pk]


@pytest.mark.postgres
def test_websearch_syntax(process):
    both = ProposalFactory(process=process, title="Des bancs et des arbres", body="Le long du canal.")
    trees = ProposalFactory(process=process, title="Des arbres fruitiers", body="Dans le parc.")
    assert {p.pk for p in _search(AnonymousUser(), "arbres -bancs")} == {trees.pk}
    assert {p.pk for p in _search(AnonymousUser(), '"bancs et des arbres"')} == {both.pk}
    assert {p.pk for p in _search(AnonymousUser(), "canal or fruitiers")} == {both.pk, trees.pk}


@pytest.mark.postgres
def test_vectors_follow_updates(process):
    proposal = ProposalFactory(process=process, title="Un terrain de pétanque")
    type(proposal).objects.filter(pk=proposal.pk).update(title="Un terrain de basket")
    assert _search(AnonymousUser(), "petanque") == []
    assert [p.pk for p in _search(AnonymousUser(), "basket")] == [proposal.pk]


@pytest.mark.postgres
def test_english_and_spanish_vectors(process):
    proposal = ProposalFactory(process=process, title="More benches near the libraries", body="Bancos en las plazas.")
    assert [p.pk for p in _search(AnonymousUser(), "library", language="en")] == [proposal.pk]
    assert [p.pk for p in _search(AnonymousUser(), "banco plaza", language="es")] == [proposal.pk]


@pytest.mark.postgres
def test_postgres_headline_marks_stemmed_words_and_escapes(client, process):
    ProposalFactory(process=process, title="Une idée pour les écoles", body="<b>Rénover</b> les écoles & la cantine.")
    html = client.get(SEARCH_URL, {"q": "ecole"}).content.decode()
    headline = html.split('class="mb-0 small search-headline">')[1].split("</p>")[0]
    assert "les <mark>écoles</mark> &amp; la cantine" in headline  # ts_headline drops the tags, we escape
    assert "<b>" not in headline


# --- other content types (icontains over every language's fields) ---------------------------------------------------


def test_events_drafts_and_hidden_never_found_english_text_found(client, process):
    from tests.events.factories import EventFactory

    shown = EventFactory(process=process, title="Balade urbaine du patrimoine", title_en="Heritage town walk")
    EventFactory(process=process, title="Balade urbaine secrète", status="draft", published_at=None)
    EventFactory(process=process, title="Balade urbaine masquée", hidden_at=timezone.now())
    response = client.get(SEARCH_URL, {"q": "balade urbaine"})
    (section,) = [s for s in response.context["sections"] if s.key == "events.event"]
    assert [hit.obj.pk for hit in section.hits] == [shown.pk]
    # The English title is searched too, and the description's HTML is not shown as tags.
    response = client.get("/en/search/", {"q": "heritage"})
    (section,) = [s for s in response.context["sections"] if s.key == "events.event"]
    assert [hit.obj.pk for hit in section.hits] == [shown.pk]


def test_projects_of_an_unpublished_process_are_not_found(client, process):
    ProjectFactory(budget__process=ProcessFactory(is_published=False), title="Skatepark couvert")
    found = ProjectFactory(budget__process=process, title="Skatepark couvert du centre")
    response = client.get(SEARCH_URL, {"q": "skatepark"})
    (section,) = [s for s in response.context["sections"] if s.key == "budgets.project"]
    assert [hit.obj.pk for hit in section.hits] == [found.pk]


@pytest.mark.skipif("connection.vendor == 'postgresql'")
def test_sqlite_fallback_is_icontains(process):
    proposal = ProposalFactory(process=process, title="Des écoles plus vertes", body="Cours d'école végétalisées.")
    assert [p.pk for p in _search(AnonymousUser(), "écoles PLUS")] == [proposal.pk]  # a substring, any ASCII case
    assert _search(AnonymousUser(), "vertes ecoles") == []  # the whole phrase, accents count: no stemming here
