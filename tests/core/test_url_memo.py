"""{% url %} remembers what it reversed (apps/core/templatetags/url_memo.py): the same addresses as Django's reverse(),
in every language, script prefix and URLconf, and the same failures."""

from unittest import mock

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from apps.core.templatetags import url_memo


def render(source, **context):
    return Template(source).render(Context(context))


@pytest.fixture(autouse=True)
def _fresh():
    url_memo._reverse.cache_clear()
    yield
    url_memo._reverse.cache_clear()


@pytest.fixture
def reverses():
    with mock.patch.object(url_memo, "reverse", wraps=url_memo.reverse) as calls:
        yield calls


def test_the_tag_gives_django_s_address_in_each_language_and_reverses_it_once(reverses):
    source = "{% url 'spaces:process_detail' slug %}|{% url 'spaces:site_page' slug='faq' %}"
    seen = {}
    for language in ("fr", "en", "es", "fr", "en"):
        with translation.override(language):
            html = render(source, slug="budget-2026")
            expected = (
                reverse("spaces:process_detail", args=["budget-2026"])
                + "|"
                + reverse("spaces:site_page", kwargs={"slug": "faq"})
            )
        assert html == expected
        seen[language] = html
    assert seen["fr"].startswith("/fr/") and seen["en"].startswith("/en/") and seen["es"].startswith("/es/")
    # 3 languages x 2 addresses, then nothing new (the wrapped reverse is also called by the test itself).
    assert sum(1 for call in reverses.call_args_list if call.kwargs.get("urlconf")) == 6


def test_each_argument_has_its_own_address():
    with translation.override("en"):
        assert render("{% url 'spaces:process_detail' s %}", s="a") == "/en/processes/a/"
        assert render("{% url 'spaces:process_detail' s %}", s="b") == "/en/processes/b/"
        assert render("{% url 'spaces:process_detail' s %}", s="a") == "/en/processes/a/"


def test_a_script_prefix_is_part_of_the_address():
    with translation.override("en"):
        assert render("{% url 'spaces:process_list' %}") == "/en/processes/"
        set_script_prefix("/city/")
        try:
            assert render("{% url 'spaces:process_list' %}") == "/city/en/processes/"
        finally:
            set_script_prefix("/")
        assert render("{% url 'spaces:process_list' %}") == "/en/processes/"


def test_another_urlconf_is_asked_itself():
    with translation.override("en"):
        assert render("{% url 'spaces:process_list' %}") == "/en/processes/"
        with override_settings(ROOT_URLCONF="tests.core.urls_errors"):
            assert render("{% url 'spaces:process_list' %}") == reverse("spaces:process_list")


def test_failures_are_django_s(reverses):
    with pytest.raises(NoReverseMatch):
        render("{% url 'spaces:no_such_page' %}")
    with pytest.raises(NoReverseMatch):
        render("{% url 'spaces:process_detail' slug %}", slug="not a slug!")
    assert render("{% url 'spaces:no_such_page' as link %}[{{ link }}]") == "[]"


def test_other_arguments_are_reversed_each_time(reverses):
    class Slug:
        def __str__(self):
            return "budget-2026"

    with translation.override("en"):
        for _ in range(2):
            assert render("{% url 'spaces:process_detail' slug %}", slug=Slug()) == "/en/processes/budget-2026/"
    assert len(reverses.call_args_list) == 2


def test_addresses_are_escaped_as_django_escapes_them():
    from django.utils.html import conditional_escape

    html = render("{% url 'private_file' name %}", name="a&b.pdf")
    assert html == conditional_escape(reverse("private_file", args=["a&b.pdf"]))
    assert "&amp;" in html
