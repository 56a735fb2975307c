"""Rich text shown as plain text (a card's excerpt, a meta description, a search extract, a notification, the text
sent to machine translation) reads as written. Stored rich text holds character references: a project made from a
proposal holds its text escaped (`l&#x27;équiper`), and nh3 writes "&" and "<" as `&amp;` and `&lt;`; `|striptags`
then escaping showed « l&#x27;équiper » on the vote page's cards, so on most French projects."""

import pytest
from django.urls import reverse
from django.utils import translation

from apps.budgets.project_services import _body_as_rich_text
from apps.budgets.selectors import project_search_highlight
from apps.core.sanitize import clean_html, html_to_text
from apps.machine_translation.registry import plain_text
from apps.notifications.services import _excerpt
from apps.spaces.models import SitePage
from tests.budgets.conftest import open_vote
from tests.factories import SitePageFactory

DOUBLE_ESCAPED = "&amp;#x27;"


def test_stored_rich_text_holds_character_references():
    # What the fix is about, as the services store rich text.
    assert _body_as_rich_text("l'été") == "<p>l&#x27;été</p>"
    assert clean_html("<p>Jeux & sport</p>") == "<p>Jeux &amp; sport</p>"


def test_html_to_text_drops_tags_and_decodes_references_on_one_line():
    stored = clean_html(
        "<p>Insonoriser une salle et l&#x27;équiper</p><ul><li>musique & podcasts</li><li>« et plus »</li></ul>"
    )
    assert html_to_text(stored) == "Insonoriser une salle et l'équiper musique & podcasts « et plus »"
    assert html_to_text("") == "" and html_to_text(None) == ""


def test_html_to_text_keeps_paragraphs_apart_when_asked():
    stored = clean_html("<p>L&#x27;été</p><p>Deux <strong>mots</strong><br>trois</p>")
    assert html_to_text(stored, paragraphs=True) == "L'été\n\nDeux mots\n\ntrois"


def test_html_to_text_gives_text_not_markup():
    # A resident who typed "<script>" as words gets them back as words: the page escapes them where it shows them.
    stored = clean_html("<p>&lt;script&gt;alert(1)&lt;/script&gt; a &lt; b</p>")
    assert html_to_text(stored) == "<script>alert(1)</script> a < b"


@pytest.mark.django_db
def test_the_vote_page_card_shows_the_description_with_its_apostrophe(client):
    budget, projects = open_vote(projects=1)
    project = projects[0]
    project.description_fr = _body_as_rich_text("Insonoriser une salle et l'équiper pour les podcasts.")
    project.save(update_fields=["description_fr"])
    with translation.override("fr"):
        url = reverse("budgets:budget_detail", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})
    html = client.get(url).content.decode()
    card = html.split('data-testid="project-card"')[1].split("</article>")[0]
    assert "Insonoriser une salle et l&#x27;équiper pour les podcasts." in card  # escaped once, shown « l'équiper »
    assert DOUBLE_ESCAPED not in card


@pytest.mark.django_db
def test_a_site_page_meta_description_has_its_apostrophe(client):
    SitePageFactory(slug=SitePage.Kind.FAQ, title="Questions", body=clean_html("<p>L&#x27;été & la participation</p>"))
    with translation.override("fr"):
        url = reverse("spaces:site_page", kwargs={"slug": SitePage.Kind.FAQ})
    html = client.get(url).content.decode()
    assert '<meta name="description" content="L&#x27;été &amp; la participation">' in html
    assert DOUBLE_ESCAPED not in html and "&amp;amp;" not in html


@pytest.mark.django_db
def test_a_search_extract_of_rich_text_has_its_apostrophe():
    _budget, projects = open_vote(projects=1)
    project = projects[0]
    project.description = _body_as_rich_text("Un piano à l'entrée de la gare")
    highlighted = project_search_highlight([project], query="piano")
    extract = str(highlighted[0].headline)
    assert "<mark>piano</mark> à l&#x27;entrée de la gare" in extract
    assert DOUBLE_ESCAPED not in extract


def test_a_notification_excerpt_of_an_answer_reads_as_written():
    assert _excerpt("<p>L&#x27;avis de la ville :</p><p>faisable.</p>") == "L'avis de la ville : faisable."


def test_machine_translation_receives_the_text_as_written():
    assert plain_text(_body_as_rich_text("L'été\n\nà la ville")) == "L'été\n\nà la ville"
