import pytest
from django.template import Context, Template
from django.urls import reverse

from apps.core.sanitize import clean_html
from tests.factories import ProcessFactory, ProcessPageFactory, SitePageFactory, ThemeFactory

ATTACK = (
    '<p>Bonjour <strong>à tous</strong></p>'
    '<script>alert("xss")</script>'
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">piège</a>'
    '<a href="https://ville.example/budget" onclick="alert(3)">Site de la ville</a>'
    '<p style="color:red" class="x">stylé</p>'
    '<iframe src="https://evil.example"></iframe>'
)


def assert_safe(html):
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered
    assert "<iframe" not in lowered
    assert "style=" not in lowered


def test_clean_html_keeps_formatting_and_drops_the_rest():
    cleaned = clean_html(ATTACK)
    assert_safe(cleaned)
    assert "<strong>à tous</strong>" in cleaned
    assert 'href="https://ville.example/budget"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned
    assert "Site de la ville" in cleaned


@pytest.mark.parametrize("value", [None, ""])
def test_clean_html_empty(value):
    assert clean_html(value) == ""


def test_rich_text_filter():
    html = Template("{% load pb %}{{ body|rich_text }}").render(Context({"body": ATTACK}))
    assert_safe(html)
    assert "<strong>à tous</strong>" in html  # not escaped


def test_plain_text_is_escaped_not_trusted():
    html = Template("{{ body }}").render(Context({"body": "<b>x</b>"}))
    assert html == "&lt;b&gt;x&lt;/b&gt;"


@pytest.mark.django_db
class TestPagesAreSanitised:
    def test_process_page(self, client):
        page = ProcessPageFactory(body_fr=ATTACK)
        html = client.get(page.get_absolute_url()).content.decode()
        assert "<strong>à tous</strong>" in html
        assert_safe(html.split("<article>")[1].split("</article>")[0])
        assert 'alert("xss")' not in html and "onerror" not in html

    def test_site_page(self, client):
        SitePageFactory(slug="privacy", body_fr=ATTACK, version="")
        html = client.get(reverse("spaces:site_page", kwargs={"slug": "privacy"})).content.decode()
        assert "<strong>à tous</strong>" in html
        assert 'alert("xss")' not in html and "onerror" not in html

    def test_process_description(self, client):
        process = ProcessFactory(description_fr=ATTACK)
        html = client.get(process.get_absolute_url()).content.decode()
        assert "<strong>à tous</strong>" in html
        assert 'alert("xss")' not in html and "onerror" not in html

    def test_theme_description(self, client):
        theme = ThemeFactory(description_fr=ATTACK)
        html = client.get(theme.get_absolute_url()).content.decode()
        assert 'alert("xss")' not in html and "onerror" not in html

    def test_titles_are_escaped(self, client):
        process = ProcessFactory(title_fr='<img src=x onerror="alert(1)">Budget')
        html = client.get(process.get_absolute_url()).content.decode()
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Budget" in html
