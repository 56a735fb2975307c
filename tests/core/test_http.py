"""core.http: the one safe-`next` helper, htmx detection and copying a service's errors into a form."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from apps.core.http import form_errors_from, is_htmx, safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/fr/processes/", "/fr/processes/"),
        ("http://testserver/fr/", "http://testserver/fr/"),
        ("maybe", "/fallback/"),  # a bare word is not resolved as a URL name
        ("core:home", "/fallback/"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("/\\evil.example", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_safe_next_accepts_only_paths_and_urls_of_this_site(target, expected):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/fallback/") == expected


def test_safe_next_resolves_only_the_trusted_default(db):
    request = RequestFactory().get("/", {"next": "maybe"})
    assert safe_next(request, "spaces:home").endswith("/")
    assert safe_next(request) == ""


def test_safe_next_can_go_back_to_the_htmx_page():
    request = RequestFactory().post("/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/fr/x/")
    assert is_htmx(request)
    assert safe_next(request, use_current_url=True) == "http://testserver/fr/x/"
    assert safe_next(RequestFactory().post("/"), use_current_url=True) == ""


class _Form(forms.Form):
    title = forms.CharField()
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


def test_form_errors_from_puts_errors_next_to_shown_fields_else_on_top():
    form = _Form({"title": "x"})
    assert form.is_valid()
    form_errors_from(ValidationError({"title": "Too short.", "hidden": "Bad parent.", "other": "Elsewhere."}), form)
    assert form.errors["title"] == ["Too short."]
    assert form.non_field_errors() == ["Bad parent.", "Elsewhere."]
    form = _Form({"title": "x"})
    form.is_valid()
    form_errors_from(ValidationError("Plain."), form)
    assert form.non_field_errors() == ["Plain."]
