"""Translated fields one tab per language: the script and style are our own files (no CDN, no inline script),
loaded by the admin and the site's pages; back-office forms give their translated fields the classes it reads."""

import re

import pytest
from django import forms

from apps.core.forms import TranslatedFieldsFormMixin
from apps.proposals.models import ProposalSettings
from apps.spaces.models import ProcessRole
from tests.factories import ProcessFactory, ProcessRoleFactory

pytestmark = pytest.mark.django_db


class SettingsForm(TranslatedFieldsFormMixin, forms.ModelForm):
    class Meta:
        model = ProposalSettings
        fields = ["proposal_title_help_fr", "proposal_title_help_en", "proposal_title_help_es"]


class AnswerForm(TranslatedFieldsFormMixin, forms.Form):
    translated_fields = ("answer",)
    answer_fr = forms.CharField()
    answer_en = forms.CharField(widget=forms.Textarea(attrs={"class": "form-control"}))


def test_a_model_form_marks_its_translated_fields():
    form = SettingsForm()
    assert form.fields["proposal_title_help_fr"].widget.attrs["class"] == (
        "mt mt-field-proposal_title_help-fr mt-default"
    )
    assert form.fields["proposal_title_help_es"].widget.attrs["class"] == "mt mt-field-proposal_title_help-es"


def test_a_plain_form_names_its_translated_fields():
    form = AnswerForm()
    assert form.fields["answer_en"].widget.attrs["class"] == "form-control mt mt-field-answer-en"
    assert "mt-field-answer-fr" in str(form["answer_fr"])


def _scripts(html):
    return re.findall(r"<script\b([^>]*)>", html)


def test_admin_change_form_loads_the_tabs_from_our_static_files(client):
    process = ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user)
    response = client.get(f"/en/admin/spaces/process/{process.pk}/change/")
    html = response.content.decode()
    assert 'src="/static/js/translation_tabs.js"' in html
    assert 'href="/static/css/translation_tabs.css"' in html
    assert "mt-field-title-fr" in html
    # Every script is a file of this site (or a JSON data block): nothing inline, nothing from another host.
    for attrs in _scripts(html):
        assert re.search(r'src="/(static|en/admin/jsi18n)/', attrs) or 'type="application/json"' in attrs, attrs
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_site_pages_load_the_tabs_too(client):
    html = client.get("/en/").content.decode()
    assert 'src="/static/js/translation_tabs.js"' in html
