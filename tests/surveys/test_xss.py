"""The XSS corpus (tests/security/payloads.py) through what a participant types in a survey: free texts and "other"
answers, shown to the organisers on the results page, and kept in the form after a refusal."""

import pytest
from django.urls import reverse

from apps.surveys import services
from apps.surveys.models import Question
from tests.factories import UserFactory
from tests.security.payloads import PAYLOADS, live_markup

from .factories import QuestionFactory, choice_question

Kind = Question.Kind
pytestmark = pytest.mark.django_db


def test_free_texts_and_other_answers_are_escaped_on_the_results_page(client, survey, process_admin):
    text = QuestionFactory(survey=survey, kind=Kind.LONG_TEXT)
    single, _choices = choice_question(survey, Kind.SINGLE, allow_other=True)
    for payload in PAYLOADS:
        services.survey_answer_submit(
            survey=survey,
            user=UserFactory(display_name=payload[:80]),
            data={text.field_name: payload, single.field_name: "other", f"{single.field_name}_other": payload[:300]},
        )
    client.force_login(process_admin)
    html = client.get(reverse("surveys_backoffice:results", args=[survey.pk])).content.decode()
    assert live_markup(html) == []


def test_a_refused_form_gives_back_payloads_as_values(client, survey, resident):
    text = QuestionFactory(survey=survey, kind=Kind.SHORT_TEXT)
    QuestionFactory(survey=survey, kind=Kind.SCALE, required=True)
    client.force_login(resident)
    url = reverse("surveys:detail", kwargs={"slug": survey.process.slug, "pk": survey.pk})
    for payload in PAYLOADS:
        response = client.post(url, {text.field_name: payload[:300]})
        assert response.status_code == 400
        assert live_markup(response.content.decode()) == []
